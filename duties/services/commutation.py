"""Commutation, parole and temporary-service proposals (减刑、假释、暂予监外执行, issue 19).

seed 003 §11: "及时向检察机关提供减刑、假释、暂予监外执行等信息"; seed 000 §8: "配合人民检察院开展刑罚
变更执行同步监督". The life of a proposal, in the transition table :data:`TABLE`:

* the executing organ's liaison files the proposal's copy (:func:`commutation_file`): the
  opinion's due date is ten days from receipt (rule ``commutation_opinion``,
  《人民检察院刑事诉讼规则》第六百三十五条; ``commutation_outside_opinion``, 第六百三十条, for
  暂予监外执行), computed and explained by ``supervision.deadlines``;
* an approver extends it by ten days, once, with a reason ("案情复杂或者情况特殊的，可以延长十日",
  :func:`commutation_extend`; not for 暂予监外执行, whose article has no extension);
* a procurator writes the opinion (:func:`commutation_opinion_save`), an approver issues it
  (:func:`commutation_opinion_issue`: "报经检察长批准"), numbered, rendered by
  ``duties.documents.commutation`` and frozen with its SHA-256;
* the court's ruling is recorded with the procurator's judgement of it
  (:func:`commutation_ruling_record`);
* a wrong ruling leads in one step to the draft 纠正意见 (:func:`commutation_correction_draft`,
  instrument type ``commutation_correction``, reply period rule ``commutation_correction``) on a
  刑罚执行监督 case, opened if the proposal has none; the instrument's own life (approval, issue,
  service, reply) then runs unchanged.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from agencies.choices import AgencyType
from agencies.models import Agency
from agencies.selectors import agency_liaisons
from cases.choices import ClueSource, PartyRole, RelatedNumberKind
from cases.services import case_register
from cases.services.registration import PartyInput, RelatedNumberInput
from recommendations.documents import generated_title, sha256_hex
from recommendations.models import DocumentNumberSequence, InstrumentType, Recommendation
from recommendations.services.drafting import format_document_number, recommendation_draft
from recommendations.signing_keys import sign_instrument_pdf
from supervision.calendar import LegalCalendar
from supervision.choices import APPROVER_ROLES, Role
from supervision.deadlines import DueDate, compute_due_date, extended_end
from supervision.ids import validate_resident_id
from supervision.models import Matter, PeriodRule, Procuratorate, User
from supervision.services.audit import audit_record
from supervision.services.notifications import notify
from supervision.statemachine import ActorKind, Messages, Transition, TransitionTable
from supervision.uploads import sniff_upload, upload_sha256

from ..documents.commutation import render_opinion_pdf
from ..models import (
    CommutationKind,
    CommutationProposal,
    CommutationStatus,
    OpinionStance,
    RulingOutcome,
)

S = CommutationStatus

#: The organs that execute sentences and so propose (执行机关): prisons, detention centres,
#: community correction.
EXECUTING_ORGANS = frozenset({AgencyType.PRISON, AgencyType.DETENTION,
                              AgencyType.COMMUNITY_CORRECTION})
#: Who decides, by kind: a court rules on commutation and parole (刑事诉讼法 art. 273); temporary
#: service outside prison is decided by a court, or approved by the prison administration or
#: the public security organ (art. 265).
DECIDING_ORGANS = {
    CommutationKind.COMMUTATION: frozenset({AgencyType.COURT}),
    CommutationKind.PAROLE: frozenset({AgencyType.COURT}),
    CommutationKind.OUTSIDE: frozenset({AgencyType.COURT, AgencyType.JUDICIAL_ADMINISTRATION,
                                        AgencyType.POLICE}),
}
#: The opinion's period rule by kind.
PERIOD_RULES = {CommutationKind.COMMUTATION: "commutation_opinion",
                CommutationKind.PAROLE: "commutation_opinion",
                CommutationKind.OUTSIDE: "commutation_outside_opinion"}
#: "案情复杂或者情况特殊的，可以延长十日" (刑事诉讼规则 art. 635), once.
EXTENSION_DAYS = 10
#: The 刑罚执行监督 matter a correction's case is opened under (supervision 0004 taxonomy).
MATTER_NAME = "违法减刑、假释、暂予监外执行"
CORRECTION_TYPE = "commutation_correction"
#: The document number's type code of the opinion (定检刑执意〔2026〕1号).
OPINION_NUMBER_CODE = "刑执意"

WORKER, APPROVER = "worker", "approver"
WORKER_ROLES = frozenset({Role.PROCURATOR, Role.APPROVER, Role.CHIEF})

TABLE = TransitionTable(
    [
        Transition("save_opinion", {S.PENDING}, set(), {WORKER}, gettext_lazy("保存检察意见")),
        Transition("extend", {S.PENDING}, set(), {APPROVER}, gettext_lazy("延长期限")),
        Transition("issue_opinion", {S.PENDING}, {S.OPINION_ISSUED}, {APPROVER},
                   gettext_lazy("签发检察意见书")),
        Transition("record_ruling", {S.OPINION_ISSUED}, {S.RULED}, {WORKER},
                   gettext_lazy("登记裁定")),
        Transition("draft_correction", {S.RULED}, set(), {WORKER}, gettext_lazy("制作纠正意见")),
    ],
    states=dict(S.choices),
    actor_kinds=[
        ActorKind(WORKER, gettext_lazy("只有本院检察官可以办理此事项。")),
        ActorKind(APPROVER, gettext_lazy("只有本院部门负责人或检察长可以决定此事项。")),
    ],
    messages=Messages(
        wrong_state=gettext_lazy("该建议当前状态为“%(state)s”，不能%(action)s。"),
        unknown_action=gettext_lazy("未知的操作。"),
    ),
)


def actor_kinds(user: User, proposal: CommutationProposal) -> frozenset[str]:
    """The kinds ``user`` is of on ``proposal``: the staff of its procuratorate who work on
    cases (procurators, approvers, the chief), approvers being approvers too."""
    if (not user.is_authenticated or not user.is_active
            or user.procuratorate_id != proposal.procuratorate_id):
        return frozenset()
    kinds = set()
    if user.role in WORKER_ROLES:
        kinds.add(WORKER)
    if user.role in APPROVER_ROLES:
        kinds.add(APPROVER)
    return frozenset(kinds)


def allowed_actions(user: User, proposal: CommutationProposal) -> list[str]:
    """The actions ``user`` may take on ``proposal`` now, in page order."""
    return TABLE.allowed(proposal.status, actor_kinds(user, proposal))


def _enforce(action: str, actor: User, proposal: CommutationProposal) -> str:
    return TABLE.enforce(action, proposal.status, actor_kinds(actor, proposal))


def _lock(proposal: CommutationProposal) -> CommutationProposal:
    return (CommutationProposal.objects.select_for_update(of=("self",))
            .select_related("procuratorate", "organ", "court").get(pk=proposal.pk))


def _msgid(label: Promise | str) -> str:
    with override(None):
        return str(label)


def _staff(proposal: CommutationProposal) -> list[User]:
    """Who at the procuratorate hears of the organ's proposal: the handler if one took it in
    hand, else its procurators and approvers."""
    if proposal.handler_id is not None:
        return [proposal.handler]
    return list(User.objects.filter(procuratorate_id=proposal.procuratorate_id, is_active=True,
                                    role__in={Role.PROCURATOR, *APPROVER_ROLES})
                .select_related("notification_preference"))


def _tell_organ(proposal: CommutationProposal, code: str, params: dict) -> None:
    people = list(agency_liaisons(proposal.organ_id))
    notify(people, code, {"number": proposal.proposal_number, **params},
           link=proposal.get_portal_url())


def opinion_due(kind: str, received_on: datetime.date) -> DueDate:
    """The opinion's due date for a proposal of ``kind`` received on ``received_on``."""
    return compute_due_date(PeriodRule.objects.get(code=PERIOD_RULES[kind]), received_on)


@transaction.atomic
def commutation_file(*, actor: User, kind: str, proposal_number: str, person_name: str,
                     judgment_number: str, judgment: str, proposal: str, court: Agency,
                     upload: UploadedFile, person_id_number: str = "",
                     received_on: datetime.date | None = None) -> CommutationProposal:
    """The executing organ's liaison sends the copy of a proposal (建议书副本) to its
    supervising procuratorate; received today (the portal delivers it at once). The opinion's
    due date is computed and kept with its explanation; the procuratorate's procurators and
    approvers are told."""
    if actor.role != Role.LIAISON or actor.agency_id is None:
        raise PermissionDenied(_("只有执行机关的联络员可以报送建议书副本。"))
    organ = Agency.objects.select_related("supervising_procuratorate").get(pk=actor.agency_id)
    if organ.agency_type not in EXECUTING_ORGANS:
        raise PermissionDenied(_("只有监狱、看守所和社区矫正机构可以报送减刑、假释、暂予监外执行建议。"))
    if kind not in CommutationKind.values:
        raise ValidationError({"kind": _("请选择建议类别。")})
    errors = {}
    for field, value, message in (
            ("proposal_number", proposal_number, _("请填写建议书文号。")),
            ("person_name", person_name, _("请填写罪犯姓名。")),
            ("judgment_number", judgment_number, _("请填写原判决书文号。")),
            ("judgment", judgment, _("请填写原判罪名及刑期。")),
            ("proposal", proposal, _("请填写建议内容。"))):
        if not (value or "").strip():
            errors[field] = message
    if court.agency_type not in DECIDING_ORGANS[kind]:
        errors["court"] = (_("减刑、假释建议应报请人民法院裁定，请选择人民法院。")
                           if kind != CommutationKind.OUTSIDE else
                           _("请选择决定或者批准暂予监外执行的机关。"))
    id_number = (person_id_number or "").strip()
    if id_number:
        try:
            id_number = validate_resident_id(id_number)
        except ValidationError as exc:
            errors["person_id_number"] = exc.messages
    if errors:
        raise ValidationError(errors)
    try:
        extension = sniff_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"upload": exc.messages}) from exc
    number = proposal_number.strip()
    if CommutationProposal.objects.filter(organ=organ, proposal_number=number).exists():
        raise ValidationError({"proposal_number": _("文号为“%(number)s”的建议书已经报送过。") % {
            "number": number}})
    today = timezone.localdate()
    received_on = received_on or today
    if received_on > today:
        raise ValidationError({"received_on": _("收到日期不能晚于今天。")})
    due = opinion_due(kind, received_on)
    row = CommutationProposal(
        procuratorate=organ.supervising_procuratorate, organ=organ, kind=kind,
        proposal_number=number, person_name=person_name.strip(), person_id_number=id_number,
        judgment_number=judgment_number.strip(), judgment=judgment.strip(),
        proposal=proposal.strip(), court=court, file_name=(upload.name or "file")[-200:],
        file_sha256=upload_sha256(upload), received_on=received_on, filed_by=actor,
        due_date=due.due_date, due_provisional=due.provisional, due_explanation=due.as_dict())
    row.proposal_file.save(f"proposal.{extension}", upload, save=False)
    row.save()
    # The audit entry names the proposal, never the person (the audit log is wider reading).
    audit_record(actor=actor, action="commutation_file", target=row, number=number,
                 kind=kind, due_date=row.due_date.isoformat(), sha256=row.file_sha256)
    notify(_staff(row), "commutation.received",
           {"organ": organ.name, "kind": _msgid(row.get_kind_display()), "number": number,
            "due": row.due_date.isoformat()}, link=row.get_absolute_url())
    return row


@transaction.atomic
def commutation_extend(*, actor: User, proposal: CommutationProposal,
                       reason: str) -> CommutationProposal:
    """Extend the opinion's period by ten days, once, with the reason (案情复杂或者情况特殊,
    刑事诉讼规则 art. 635), decided by an approver; the due date's explanation lists the
    extension; the organ's liaisons and the handler are told."""
    row = _lock(proposal)
    _enforce("extend", actor, row)
    if row.kind == CommutationKind.OUTSIDE:
        raise ValidationError(_("暂予监外执行的检察意见期限不能延长（刑事诉讼规则第六百三十条）。"))
    if row.extended_at is not None:
        raise ValidationError(_("检察意见期限只能延长一次。"))
    if not reason.strip():
        raise ValidationError({"reason": _("延长期限必须写明理由（案情复杂或者情况特殊）。")})
    old_due = row.due_date
    calendar = LegalCalendar.load(old_due, old_due + datetime.timedelta(days=60))
    raw, due, provisional = extended_end(old_due, calendar=calendar, days=EXTENSION_DAYS)
    explanation = DueDate.from_dict(row.due_explanation).with_extension(
        due, reason.strip(), raw=raw, provisional=provisional)
    row.due_date, row.due_provisional = due, provisional
    row.due_explanation = explanation.as_dict()
    row.extension_reason, row.extended_by, row.extended_at = reason.strip(), actor, timezone.now()
    row.save(update_fields=["due_date", "due_provisional", "due_explanation", "extension_reason",
                            "extended_by", "extended_at"])
    audit_record(actor=actor, action="commutation_extend", target=row,
                 old_due=old_due.isoformat(), new_due=due.isoformat(), reason=reason.strip())
    _tell_organ(row, "commutation.extended", {"due": due.isoformat()})
    if row.handler_id and row.handler_id != actor.pk:
        notify([row.handler], "commutation.extended.staff",
               {"number": row.proposal_number, "due": due.isoformat()},
               link=row.get_absolute_url())
    return row


@transaction.atomic
def commutation_opinion_save(*, actor: User, proposal: CommutationProposal, stance: str,
                             reasons: str) -> CommutationProposal:
    """Write (or rewrite) the opinion before it is issued: agree or disagree, with the
    reasons (required to disagree). The first to write it becomes the handler."""
    row = _lock(proposal)
    _enforce("save_opinion", actor, row)
    if stance not in OpinionStance.values:
        raise ValidationError({"stance": _("请选择同意或者不同意。")})
    if stance == OpinionStance.DISAGREE and not reasons.strip():
        raise ValidationError({"reasons": _("不同意的，必须写明理由。")})
    row.opinion_stance, row.opinion_reasons = stance, reasons.strip()
    fields = ["opinion_stance", "opinion_reasons"]
    if row.handler_id is None:
        row.handler = actor
        fields.append("handler")
    row.save(update_fields=fields)
    audit_record(actor=actor, action="commutation_opinion_save", target=row, stance=stance)
    return row


@transaction.atomic
def commutation_opinion_issue(*, actor: User, proposal: CommutationProposal,
                              issued_on: datetime.date | None = None) -> CommutationProposal:
    """Issue the opinion (报经检察长批准): the next document number, the PDF rendered in the
    official layout (signed where the procuratorate has a key) and frozen with its SHA-256.
    Addressed to the court, copied to the organ, whose liaisons are told. ``issued_on``: the
    成文日期, today unless an opinion given on paper earlier is recorded (not before receipt)."""
    row = _lock(proposal)
    _enforce("issue_opinion", actor, row)
    if not row.opinion_stance:
        raise ValidationError(_("请先填写检察意见。"))
    today = issued_on or timezone.localdate()
    if today > timezone.localdate():
        raise ValidationError({"issued_on": _("成文日期不能晚于今天。")})
    if today < row.received_on:
        raise ValidationError({"issued_on": _("成文日期不能早于收到建议书的日期（%(date)s）。") % {
            "date": row.received_on.isoformat()}})
    procuratorate = row.procuratorate
    seq = _take_opinion_number(procuratorate, today.year)
    row.opinion_number = format_document_number(
        short_name=procuratorate.short_name, department_code="", type_code=OPINION_NUMBER_CODE,
        year=today.year, seq=seq)
    row.opinion_issued_on, row.opinion_issued_by = today, actor
    pdf, signed = sign_instrument_pdf(
        render_opinion_pdf(row, number=row.opinion_number, issued_on=today), procuratorate)
    row.opinion_sha256 = sha256_hex(pdf)
    row.opinion_pdf.save(f"{procuratorate.pk}-{today.year}-{row.pk}.pdf", ContentFile(pdf),
                         save=False)
    row.status = S.OPINION_ISSUED
    if row.handler_id is None:
        row.handler = actor
    row.save(update_fields=["opinion_number", "opinion_issued_on", "opinion_issued_by",
                            "opinion_sha256", "opinion_pdf", "status", "handler"])
    audit_record(actor=actor, action="commutation_opinion_issue", target=row,
                 number=row.opinion_number, sha256=row.opinion_sha256, signed=signed,
                 late=today > row.due_date)
    _tell_organ(row, "commutation.opinion_issued",
                {"procuratorate": procuratorate.name, "opinion": row.opinion_number})
    return row


def _take_opinion_number(procuratorate: Procuratorate, year: int) -> int:
    """The next opinion number of ``procuratorate`` in ``year`` (gap-free, locked until the
    issuing transaction ends; the instruments' counter table, a type code of its own)."""
    from supervision.numbering import take_next_number

    return take_next_number(DocumentNumberSequence, procuratorate=procuratorate,
                            department_code="", type_code=OPINION_NUMBER_CODE, year=year)


@transaction.atomic
def commutation_ruling_record(*, actor: User, proposal: CommutationProposal,
                              ruling_on: datetime.date, outcome: str, summary: str,
                              ruling_number: str = "", wrong: bool = False,
                              wrong_reason: str = "") -> CommutationProposal:
    """Record the court's ruling (or the organ's decision) and the procurator's judgement of
    it: a ruling judged wrong (不当) needs the reason, and opens the correction step. The
    organ's liaisons are told."""
    row = _lock(proposal)
    _enforce("record_ruling", actor, row)
    errors = {}
    if outcome not in RulingOutcome.values:
        errors["outcome"] = _("请选择裁定结果。")
    if ruling_on > timezone.localdate():
        errors["ruling_on"] = _("裁定日期不能晚于今天。")
    elif ruling_on < row.received_on:
        errors["ruling_on"] = _("裁定日期不能早于收到建议书的日期（%(date)s）。") % {
            "date": row.received_on.isoformat()}
    if not summary.strip():
        errors["summary"] = _("请填写裁定内容。")
    if wrong and not wrong_reason.strip():
        errors["wrong_reason"] = _("认为裁定不当的，必须写明理由。")
    if errors:
        raise ValidationError(errors)
    row.ruling_on, row.ruling_outcome, row.ruling_summary = ruling_on, outcome, summary.strip()
    row.ruling_number, row.ruling_recorded_by = ruling_number.strip(), actor
    row.ruling_wrong, row.ruling_wrong_reason = wrong, wrong_reason.strip() if wrong else ""
    row.status = S.RULED
    row.save(update_fields=["ruling_on", "ruling_outcome", "ruling_summary", "ruling_number",
                            "ruling_recorded_by", "ruling_wrong", "ruling_wrong_reason",
                            "status"])
    audit_record(actor=actor, action="commutation_ruling_record", target=row, outcome=outcome,
                 ruling_on=ruling_on.isoformat(), wrong=wrong)
    _tell_organ(row, "commutation.ruling_recorded",
                {"outcome": _msgid(row.get_ruling_outcome_display())})
    return row


@transaction.atomic
def commutation_correction_draft(*, actor: User, proposal: CommutationProposal
                                 ) -> Recommendation:
    """One step from a wrong ruling to the draft 纠正意见 (刑事诉讼法 art. 274: "人民检察院认为
    人民法院减刑、假释的裁定不当，应当在收到裁定书副本后二十日以内，向人民法院提出书面纠正意见"):
    a 刑罚执行监督 case about the court is opened if the proposal has none (the person as a
    party, the ruling's number as a related number), then the instrument is drafted through
    ``recommendations.services.drafting`` with the type ``commutation_correction``; its own life
    cycle (approval, issue, service, the court's one-month reply) runs from there. Returns the
    draft."""
    row = _lock(proposal)
    _enforce("draft_correction", actor, row)
    if row.kind == CommutationKind.OUTSIDE:
        raise ValidationError(_("纠正意见针对人民法院减刑、假释的裁定；对暂予监外执行决定的监督，"
                                "请在监督案件中制作纠正违法通知书。"))
    if not row.ruling_wrong:
        raise ValidationError(_("只有认为裁定不当时才能制作纠正意见。"))
    if row.correction_id is not None:
        raise ValidationError(_("已经为该裁定制作了纠正意见。"))
    if actor.role not in WORKER_ROLES:
        raise PermissionDenied(_("只有本院检察官可以办理此事项。"))
    kind = dict(CommutationKind.choices)[row.kind]
    with override("zh-hans"):
        kind_word = str(kind)
    case = row.case
    if case is None:
        matter = Matter.objects.filter(name=MATTER_NAME, children__isnull=True).first()
        if matter is None:
            raise ValidationError(_("监督事项“%(name)s”不存在，请联系系统管理员。") % {
                "name": MATTER_NAME})
        numbers = [RelatedNumberInput(n, RelatedNumberKind.COURT)
                   for n in (row.ruling_number, row.judgment_number) if n]
        case = case_register(
            actor=actor, matter=matter, agency=row.court, clue_source=ClueSource.EX_OFFICIO,
            title=f"{row.court.name}对罪犯{row.person_name}{kind_word}裁定不当",
            summary=(f"{row.organ.name}报请对罪犯{row.person_name}{kind_word}"
                     f"（{row.proposal_number}），{row.court.name}于{_zh(row.ruling_on)}"
                     f"作出裁定。本院审查认为裁定不当：{row.ruling_wrong_reason}"),
            parties=[PartyInput(row.person_name, role=PartyRole.OFFENDER,
                                id_number=row.person_id_number)],
            related_numbers=numbers, confirm_duplicate=True, handler=_handler_for(row, actor))
        row.case = case
    instrument_type = InstrumentType.objects.get(code=CORRECTION_TYPE)
    rec = recommendation_draft(
        actor=actor, case=case, instrument_type=instrument_type, agency=row.court,
        title=generated_title(instrument_type=instrument_type, agency=row.court, case=case),
        case_source=(f"{row.organ.name}报请对罪犯{row.person_name}{kind_word}，本院于"
                     f"{_zh(row.opinion_issued_on)}提出检察意见"
                     f"（{row.opinion_number}）。"),
        facts=(f"{row.court.name}于{_zh(row.ruling_on)}作出"
               f"{row.ruling_number or '裁定'}：{row.ruling_summary}"),
        problems=row.ruling_wrong_reason,
        legal_basis="《中华人民共和国刑事诉讼法》第二百七十四条",
        body="建议你院依法重新组成合议庭进行审理，作出最终裁定。")
    row.correction = rec
    row.save(update_fields=["case", "correction"])
    audit_record(actor=actor, action="commutation_correction_draft", target=row,
                 case=case.number, recommendation=rec.pk)
    return rec


def _zh(day: datetime.date) -> str:
    """A date as an official text writes it, whatever the interface language: 2026年11月18日."""
    return f"{day.year}年{day.month}月{day.day}日"


def _handler_for(row: CommutationProposal, actor: User) -> User:
    """The case's handling procurator: whoever handled the proposal, if a procurator or
    approver still active there, else the actor."""
    handler = row.handler
    if (handler is not None and handler.is_active and handler.role in WORKER_ROLES
            and handler.procuratorate_id == row.procuratorate_id):
        return handler
    return actor
