"""Transfer notices (seed 003 §9: "行政执法机关向公安机关移送涉嫌犯罪案件的，应当通知同级检察机关";
seed 002 §5, 行刑衔接): the organ files, the procuratorate receives it and may open a supervision
case from it in one step (立案监督), the police unit records its decision within its period.

Who may take each step, and from which state, is the table :data:`TABLE`; the police unit's
period is rule ``transfer_police_decision`` (three days from accepting the case,
《行政执法机关移送涉嫌犯罪案件的规定》第八条), counted by ``supervision.deadlines``.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from agencies.choices import AgencyType
from agencies.models import Agency
from agencies.selectors import agency_liaisons
from cases.choices import ClueSource, PartyKind, PartyRole, RelatedNumberKind
from cases.models import SupervisionCase
from cases.services.attachments import attachment_add
from cases.services.registration import PartyInput, RelatedNumberInput, case_register
from supervision.deadlines import compute_due_date
from supervision.models import Matter, PeriodRule, User
from supervision.services.audit import audit_record
from supervision.services.notifications import notify
from supervision.statemachine import ActorKind, Messages, Transition, TransitionTable
from supervision.uploads import sniff_uploads

from ..models import (
    PoliceDecision,
    SuspectKind,
    TransferNotice,
    TransferNoticeFile,
    TransferNoticeFilePart,
)
from ..models import TransferNoticeStatus as S
from ..permissions.transfer_notices import (
    is_acting_staff,
    is_police_liaison,
    may_file,
)
from ..selectors.transfer_notices import intake_staff

#: The police unit's period to decide whether to file the transferred case.
POLICE_PERIOD_RULE = "transfer_police_decision"
#: Files a notice or a decision may carry at once.
MAX_FILES = 10

STAFF, POLICE = "staff", "police"

TABLE = TransitionTable(
    [
        # The procuratorate receives the notice (签收).
        Transition("receive", {S.FILED}, {S.RECEIVED}, {STAFF}, gettext_lazy("签收")),
        # 立案监督 in one step: a supervision case is registered from the notice (receiving it
        # if it was not yet).
        Transition("open_case", {S.FILED, S.RECEIVED}, {S.CASE_OPENED}, {STAFF},
                   gettext_lazy("立案监督")),
        # The police unit's decision (立案/不予立案), recorded by its liaison — or by the
        # procuratorate from the written notice when the unit has no account — in any state.
        Transition("decide", {S.FILED, S.RECEIVED, S.CASE_OPENED}, set(), {POLICE, STAFF},
                   gettext_lazy("登记公安机关决定")),
    ],
    states=dict(S.choices),
    actor_kinds=[
        ActorKind(STAFF, gettext_lazy("只有受理该通知的检察院的检察官、部门负责人或检察长可以办理。")),
        ActorKind(POLICE, gettext_lazy("只有接受移送的公安机关的联络员可以登记决定。")),
    ],
    messages=Messages(wrong_state=gettext_lazy("该通知当前状态为“%(state)s”，不能“%(action)s”。")),
)


def actor_kinds(user: User, notice: TransferNotice) -> frozenset[str]:
    kinds = set()
    if is_acting_staff(user, notice):
        kinds.add(STAFF)
    if is_police_liaison(user, notice):
        kinds.add(POLICE)
    return frozenset(kinds)


def allowed_actions(user: User, notice: TransferNotice) -> list[str]:
    """What the table lets ``user`` do now (the pages offer these); the police decision only
    while none is recorded."""
    actions = TABLE.allowed(notice.status, actor_kinds(user, notice))
    return [a for a in actions if a != "decide" or not notice.decided]


def _lock(notice: TransferNotice) -> TransferNotice:
    return (TransferNotice.objects.select_for_update(of=("self",))
            .select_related("agency", "police_agency", "procuratorate").get(pk=notice.pk))


def _check_files(files: Sequence[UploadedFile], field: str = "files") -> list[tuple[UploadedFile, str]]:
    """Every file's extension sniffed from its bytes, or one error naming the files refused."""
    if len(files) > MAX_FILES:
        raise ValidationError({field: _("一次最多上传 %(n)s 个文件。") % {"n": MAX_FILES}})
    return sniff_uploads(files, field)


def _store_files(notice: TransferNotice, checked: list[tuple[UploadedFile, str]], part: str,
                 actor: User) -> None:
    for upload, extension in checked:
        TransferNoticeFile.store(upload, extension, actor=actor, notice=notice, part=part)


def _check_day(value: datetime.date, field: str, *, not_before: datetime.date | None = None,
               before_label: str = "") -> None:
    if value > timezone.localdate():
        raise ValidationError({field: _("日期不能晚于今天。")})
    if not_before is not None and value < not_before:
        raise ValidationError({field: before_label})


def _required(**values: str) -> dict[str, str]:
    """The stripped texts; an error on each one left blank."""
    cleaned = {k: (v or "").strip() for k, v in values.items()}
    missing = {k: _("此项为必填项。") for k, v in cleaned.items() if not v}
    if missing:
        raise ValidationError(missing)
    return cleaned


@transaction.atomic
def transfer_notice_file(*, actor: User, case_name: str, summary: str, admin_case_number: str,
                         suspect_kind: str, suspect_name: str, letter_number: str,
                         transferred_on: datetime.date, police_agency: Agency | None = None,
                         police_unit: str = "", police_received_on: datetime.date | None = None,
                         files: Sequence[UploadedFile] = ()) -> TransferNotice:
    """The organ's liaison files a notice that it transferred a suspected crime to the police
    (seed 003 §9). It goes to the organ's supervising procuratorate (同级检察机关), whose
    criminal staff are told; the police unit's decision is due three days after it accepted the
    case (rule ``transfer_police_decision``), explained like every due date."""
    if not may_file(actor):
        raise PermissionDenied(_("只有行政执法机关的联络员可以报送移送涉嫌犯罪案件通知。"))
    agency = actor.agency
    if agency.supervising_procuratorate_id is None:
        raise ValidationError(_("贵单位尚未确定监督检察院，请联系检察院后再报送。"))
    texts = _required(case_name=case_name, summary=summary, admin_case_number=admin_case_number,
                      suspect_name=suspect_name, letter_number=letter_number)
    if suspect_kind not in SuspectKind.values:
        raise ValidationError({"suspect_kind": _("请选择涉嫌犯罪的是单位还是个人。")})
    if police_agency is not None:
        if police_agency.agency_type != AgencyType.POLICE:
            raise ValidationError({"police_agency": _("请选择公安机关。")})
        police_unit = police_agency.name
    elif not (police_unit or "").strip():
        raise ValidationError({"police_unit": _("请选择或填写接受移送的公安机关。")})
    _check_day(transferred_on, "transferred_on")
    police_received_on = police_received_on or transferred_on
    _check_day(police_received_on, "police_received_on", not_before=transferred_on,
               before_label=_("公安机关接受日期不能早于移送日期。"))
    if not files:
        raise ValidationError({"files": _("请上传涉嫌犯罪案件移送书（副本）。")})
    checked = _check_files(files)
    if TransferNotice.objects.filter(agency=agency, letter_number=texts["letter_number"]).exists():
        raise ValidationError({"letter_number": _("贵单位已报送过该文号的移送通知。")})
    due = compute_due_date(PeriodRule.objects.get(code=POLICE_PERIOD_RULE), police_received_on)
    try:
        with transaction.atomic():
            notice = TransferNotice.objects.create(
                agency=agency, procuratorate_id=agency.supervising_procuratorate_id,
                suspect_kind=suspect_kind, police_agency=police_agency,
                police_unit=police_unit.strip()[:100], transferred_on=transferred_on,
                police_received_on=police_received_on, filed_by=actor, due_date=due.due_date,
                due_provisional=due.provisional, due_explanation=due.as_dict(), **texts)
    except IntegrityError:  # two submissions of the same letter at once
        raise ValidationError({"letter_number": _("贵单位已报送过该文号的移送通知。")}) from None
    _store_files(notice, checked, TransferNoticeFilePart.NOTICE, actor)
    audit_record(actor=actor, action="transfer_notice_file", target=notice,
                 letter=notice.letter_number, police=notice.police_unit,
                 due_date=notice.due_date.isoformat(), files=len(checked))
    params = {"agency": agency.name, "letter": notice.letter_number, "name": notice.case_name,
              "police": notice.police_unit}
    notify(intake_staff(notice.procuratorate_id), "transfer_notice.filed", params,
           link=notice.get_absolute_url())
    if police_agency is not None:
        notify(agency_liaisons(police_agency), "transfer_notice.asked", {**params, "due": due.due_date.isoformat()},
               link=notice.portal_url())
    return notice


def _tell_organ(notice: TransferNotice, code: str, params: dict) -> None:
    notify(agency_liaisons(notice.agency_id), code,
           {"letter": notice.letter_number, "procuratorate": notice.procuratorate.name, **params},
           link=notice.portal_url())


@transaction.atomic
def transfer_notice_receive(*, actor: User, notice: TransferNotice) -> TransferNotice:
    """The procuratorate receives the notice (签收); the organ's liaisons are told."""
    notice = _lock(notice)
    notice.status = TABLE.enforce("receive", notice.status, actor_kinds(actor, notice))
    notice.received_by, notice.received_at = actor, timezone.now()
    notice.save(update_fields=["status", "received_by", "received_at"])
    audit_record(actor=actor, action="transfer_notice_receive", target=notice)
    _tell_organ(notice, "transfer_notice.received", {})
    return notice


def case_matters() -> list[Matter]:
    """The matters a case opened from a notice may have: those of 立案监督 (有案不立 first)."""
    return list(Matter.objects.filter(kind__code="criminal", parent__name="立案监督",
                                      children__isnull=True).order_by("order", "pk"))


def default_matter() -> Matter | None:
    """有案不立: the police did not file a transferred case (or have not decided in time)."""
    return Matter.objects.filter(kind__code="criminal", parent__name="立案监督",
                                 name="有案不立").first()


def case_agency_choices(notice: TransferNotice) -> list[Agency]:
    """The agencies the case may supervise: the police unit, when it is in the directory and
    the procuratorate supervises it, then the organ (以罚代刑 is the organ's)."""
    agencies = [a for a in (notice.police_agency, notice.agency)
                if a is not None and a.supervising_procuratorate_id == notice.procuratorate_id]
    return agencies


def _case_summary(notice: TransferNotice) -> str:
    with override("zh-hans"):  # the case file is kept in Chinese, whoever opens it
        text = _("%(agency)s于%(date)s以%(letter)s将%(suspect)s涉嫌犯罪一案（%(number)s）移送%(police)s，"
                 "并通知本院。") % {
            "agency": notice.agency.name, "date": f"{notice.transferred_on:%Y-%m-%d}",
            "letter": notice.letter_number, "suspect": notice.suspect_name,
            "number": notice.admin_case_number, "police": notice.police_unit}
        if notice.decided:
            text += _("公安机关于%(date)s决定%(decision)s。") % {
                "date": f"{notice.police_decided_on:%Y-%m-%d}",
                "decision": PoliceDecision(notice.police_decision).label}
        else:
            text += _("公安机关立案审查期限至%(date)s，尚未作出决定。") % {
                "date": f"{notice.due_date:%Y-%m-%d}"}
    return f"{text}\n{notice.summary}"


@transaction.atomic
def transfer_notice_open_case(*, actor: User, notice: TransferNotice, matter: Matter | None = None,
                              agency: Agency | None = None,
                              confirm_duplicate: bool = False) -> SupervisionCase:
    """立案监督 in one step: register a criminal supervision case (有案不立 unless another
    matter of 立案监督 is chosen) about the police unit (else the organ), from the notice —
    the suspect as a party, the administrative case number and the police unit's document as
    related numbers, the notice's files in the case file — and link it to the notice. The
    organ's liaisons are told."""
    notice = _lock(notice)
    TABLE.enforce("open_case", notice.status, actor_kinds(actor, notice))
    matter = matter or default_matter()
    if matter is None or matter.pk not in {m.pk for m in case_matters()}:
        raise ValidationError({"matter": _("请选择立案监督的具体事项。")})
    choices = case_agency_choices(notice)
    agency = agency or (choices[0] if choices else None)
    if agency is None or agency.pk not in {a.pk for a in choices}:
        raise ValidationError({"agency": _("请选择本院监督的被监督单位。")})
    numbers = [RelatedNumberInput(notice.admin_case_number, RelatedNumberKind.ADMINISTRATIVE)]
    if notice.police_document_number:
        numbers.append(RelatedNumberInput(notice.police_document_number, RelatedNumberKind.POLICE))
    party_kind = (PartyKind.PERSON if notice.suspect_kind == SuspectKind.PERSON
                  else PartyKind.ORGANISATION)
    case = case_register(
        actor=actor, matter=matter, agency=agency, title=notice.case_name[:100],
        summary=_case_summary(notice), clue_source=ClueSource.TRANSFERRED,
        parties=[PartyInput(notice.suspect_name, party_kind, PartyRole.SUSPECT)],
        related_numbers=numbers, confirm_duplicate=confirm_duplicate)
    for row in notice.files.all():
        with row.file.open("rb") as stored:
            upload = File(stored, name=row.original_name)
            attachment_add(actor=actor, case=case, upload=upload,
                           description=str(TransferNoticeFilePart(row.part).label))
    if notice.received_by_id is None:
        notice.received_by, notice.received_at = actor, timezone.now()
    notice.status, notice.case = S.CASE_OPENED, case
    notice.save(update_fields=["status", "case", "received_by", "received_at"])
    audit_record(actor=actor, action="transfer_notice_open_case", target=notice, case=case.number)
    _tell_organ(notice, "transfer_notice.case_opened", {"case": case.number})
    return case


@transaction.atomic
def transfer_notice_police_decide(*, actor: User, notice: TransferNotice, decision: str,
                                  decided_on: datetime.date, reason: str = "",
                                  document_number: str = "",
                                  files: Sequence[UploadedFile] = ()) -> TransferNotice:
    """The police unit's decision on the transferred case (立案, or 不予立案 with its reason:
    《行政执法机关移送涉嫌犯罪案件的规定》第八条), recorded by its liaison — or by the
    procuratorate's staff from the written notice. The clock stops; the organ and the
    procuratorate are told."""
    notice = _lock(notice)
    TABLE.enforce("decide", notice.status, actor_kinds(actor, notice))
    if notice.decided:
        raise ValidationError(_("公安机关的决定已登记。"))
    if decision not in PoliceDecision.values:
        raise ValidationError({"decision": _("请选择立案或不予立案。")})
    _check_day(decided_on, "decided_on", not_before=notice.police_received_on,
               before_label=_("决定日期不能早于公安机关接受移送的日期。"))
    reason = (reason or "").strip()
    if decision == PoliceDecision.NOT_FILED and not reason:
        raise ValidationError({"reason": _("不予立案的，须写明理由。")})
    checked = _check_files(files)
    notice.police_decision, notice.police_decided_on = decision, decided_on
    notice.police_reason, notice.police_document_number = reason, (document_number or "").strip()[:60]
    notice.police_recorded_by, notice.police_recorded_at = actor, timezone.now()
    notice.save(update_fields=["police_decision", "police_decided_on", "police_reason",
                               "police_document_number", "police_recorded_by",
                               "police_recorded_at"])
    _store_files(notice, checked, TransferNoticeFilePart.DECISION, actor)
    late = decided_on > notice.due_date
    audit_record(actor=actor, action="transfer_notice_police_decide", target=notice,
                 decision=decision, decided_on=decided_on.isoformat(), late=late)
    with override("zh-hans"):  # the msgid, shown translated (TRANSLATED_PARAMS)
        outcome = str(PoliceDecision(decision).label)
    params = {"police": notice.police_unit, "outcome": outcome, "date": decided_on.isoformat(),
              "letter": notice.letter_number}
    _tell_organ(notice, "transfer_notice.police_decided", params)
    staff = [notice.received_by] if notice.received_by_id else intake_staff(notice.procuratorate_id)
    notify([u for u in staff if u is not None and u.pk != actor.pk],
           "transfer_notice.police_decided.staff",
           {**params, "agency": notice.agency.name, "name": notice.case_name},
           link=notice.get_absolute_url())
    return notice
