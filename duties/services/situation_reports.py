"""Major-situation reports (重大情况通报, seed 004 §7 "健全完善重大情况通报制度"): the agency
reports and supplements, the procuratorate signs for the report, opens a case from it or closes it.

What a state may become, and who may make it so, is :data:`TABLE`. No period runs: the
procuratorate has no statutory reply period for a report, and the agency's duty is to report
promptly ("及时"), which the pages show as the time between the event and the report.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from agencies.selectors import agency_liaisons
from cases.choices import ClueSource
from cases.models import SupervisionCase
from cases.services import attachment_add, case_register
from supervision.choices import APPROVER_ROLES, Role
from supervision.models import Matter, User
from supervision.services.audit import audit_record
from supervision.services.notifications import notify
from supervision.statemachine import ActorKind, Messages, Transition, TransitionTable
from supervision.uploads import sniff_uploads

from ..models import SituationKind, SituationReport, SituationReportFile, SituationSupplement
from ..models.situation_reports import URGENT_KINDS
from ..models.situation_reports import SituationStatus as S
from ..permissions.situation_reports import can_act_for_agency, can_act_for_procuratorate

#: The procuratorate's staff who act on the report (``can_act_for_procuratorate``).
PROCURATORATE = "procuratorate"
#: The reporting agency's liaison (``can_act_for_agency``).
AGENCY = "agency"

TABLE = TransitionTable(
    [
        # 签收: the procuratorate has the report, optionally with an instruction back.
        Transition("acknowledge", {S.REPORTED}, {S.ACKNOWLEDGED}, {PROCURATORATE},
                   gettext_lazy("签收")),
        # A supervision case is opened from the report in one step (it is signed for, too).
        Transition("open_case", {S.REPORTED, S.ACKNOWLEDGED}, {S.CASE_OPENED}, {PROCURATORATE},
                   gettext_lazy("立案监督")),
        # Nothing to supervise: closed with a note.
        Transition("close", {S.REPORTED, S.ACKNOWLEDGED}, {S.CLOSED}, {PROCURATORATE},
                   gettext_lazy("办结")),
        # 续报: what happened since, while the procuratorate still follows the report.
        Transition("supplement", {S.REPORTED, S.ACKNOWLEDGED, S.CASE_OPENED}, set(), {AGENCY},
                   gettext_lazy("续报")),
    ],
    states=dict(S.choices),
    actor_kinds=[
        ActorKind(PROCURATORATE, gettext_lazy("只有该通报所报送检察院的检察官、部门负责人或检察长可以办理。")),
        ActorKind(AGENCY, gettext_lazy("只有通报单位的联络员可以续报。")),
    ],
    messages=Messages(wrong_state=gettext_lazy("该通报当前状态为“%(state)s”，不能%(action)s。")),
)

#: The longest text field a form or the API may send (a page of prose, not a file).
MAX_TEXT = 10_000


def actor_kinds(user: User, report: SituationReport) -> frozenset[str]:
    """The kinds ``user`` is of on ``report``, in the table's terms."""
    kinds = set()
    if can_act_for_procuratorate(user, report):
        kinds.add(PROCURATORATE)
    if can_act_for_agency(user, report):
        kinds.add(AGENCY)
    return frozenset(kinds)


def refusal(action: str, user: User, report: SituationReport) -> str | None:
    """Why ``user`` may not take ``action`` on ``report`` now (who first, then the state), in
    the user's language; None when they may. For a page that offers or refuses the action."""
    try:
        TABLE.enforce(action, report.status, actor_kinds(user, report))
    except (PermissionDenied, ValidationError) as exc:
        return " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
    return None


def _enforce(action: str, actor: User, report: SituationReport) -> str:
    return TABLE.enforce(action, report.status, actor_kinds(actor, report))


def _text(value: str, field: str, message: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: message})
    if len(value) > MAX_TEXT:
        raise ValidationError({field: _("内容过长（不超过 %(n)s 字）。") % {"n": MAX_TEXT}})
    return value


def _store_files(actor: User, report: SituationReport, checked: list[tuple[UploadedFile, str]],
                 supplement: SituationSupplement | None = None) -> None:
    for upload, extension in checked:
        row = SituationReportFile.store(upload, extension, actor=actor, report=report,
                                        supplement=supplement)
        audit_record(actor=actor, action="situation_report_file_add", target=row,
                     name=row.original_name, sha256=row.sha256)


def _staff_recipients(report: SituationReport) -> tuple[list[User], list[User]]:
    """Who at the procuratorate hears of the report: (its procurators, its approvers and
    chief). The second group only for an urgent kind — they are told at once."""
    roles = {Role.PROCURATOR, *(APPROVER_ROLES if report.kind in URGENT_KINDS else ())}
    people = list(User.objects.filter(procuratorate_id=report.procuratorate_id, is_active=True,
                                      role__in=roles)
                  .select_related("notification_preference").order_by("pk"))
    return ([u for u in people if u.role == Role.PROCURATOR],
            [u for u in people if u.role in APPROVER_ROLES])


def _params(report: SituationReport) -> dict:
    return {"agency": report.agency.name, "title": report.title, "kind": report.kind_msgid,
            "procuratorate": report.procuratorate.name}


def _tell_agency(report: SituationReport, code: str, **extra: str) -> None:
    """The reporting agency's liaisons, each landing on the report in the portal."""
    notify(agency_liaisons(report.agency_id), code, {**_params(report), **extra},
           link=report.get_portal_url())


@transaction.atomic
def situation_report_file(*, actor: User, kind: str, title: str, occurred_at: datetime.datetime,
                          place: str,
                          summary: str, measures: str, persons: str = "",
                          files: Sequence[UploadedFile] = ()) -> SituationReport:
    """The liaison reports a major situation of the agency they act for to its supervising
    procuratorate. Its procurators are told; for a death in custody or an escape its
    approvers and chief too, at once (by e-mail whatever they chose)."""
    if actor.role != Role.LIAISON or actor.agency_id is None or not actor.is_active:
        raise PermissionDenied(_("只有被监督单位的联络员可以报送重大情况。"))
    if kind not in SituationKind.values:
        raise ValidationError({"kind": _("请选择情况类别。")})
    now = timezone.now()
    if occurred_at is None:
        raise ValidationError({"occurred_at": _("请填写发生时间。")})
    if occurred_at > now:
        raise ValidationError({"occurred_at": _("发生时间不能晚于现在。")})
    title = _text(title, "title", _("请填写标题。"))
    if len(title) > 120:
        raise ValidationError({"title": _("标题不超过 120 字。")})
    place = _text(place, "place", _("请填写发生地点。"))
    if len(place) > 200:
        raise ValidationError({"place": _("发生地点不超过 200 字。")})
    summary = _text(summary, "summary", _("请填写基本情况。"))
    measures = _text(measures, "measures", _("请填写已采取的处置措施。"))
    persons = _text(persons, "persons", "", required=False)
    checked = sniff_uploads(files)
    agency = actor.agency
    report = SituationReport.objects.create(
        agency=agency, procuratorate_id=agency.supervising_procuratorate_id, kind=kind,
        title=title, occurred_at=occurred_at, place=place, summary=summary, measures=measures,
        persons=persons, reporter=actor, reported_at=now)
    audit_record(actor=actor, action="situation_report_file", target=report, kind=kind,
                 agency=agency.name, urgent=kind in URGENT_KINDS)
    _store_files(actor, report, checked)
    procurators, heads = _staff_recipients(report)
    link = report.get_absolute_url()
    if kind in URGENT_KINDS:
        notify(procurators, "situation.reported.urgent", _params(report), link=link)
        notify(heads, "situation.reported.urgent", _params(report), link=link, mail_always=True)
    else:
        notify(procurators, "situation.reported", _params(report), link=link)
    return report


def _locked(report: SituationReport) -> SituationReport:
    return (SituationReport.objects.select_for_update(of=("self",))
            .select_related("agency", "procuratorate", "case").get(pk=report.pk))


@transaction.atomic
def situation_report_supplement(*, actor: User, report: SituationReport, content: str,
                                files: Sequence[UploadedFile] = ()) -> SituationSupplement:
    """A supplementary report (续报) on the same situation; those told of the report hear of
    it, and the handling procurator of a case opened from it."""
    report = _locked(report)
    _enforce("supplement", actor, report)
    content = _text(content, "content", _("请填写续报内容。"))
    checked = sniff_uploads(files)
    supplement = SituationSupplement.objects.create(report=report, content=content,
                                                    reporter=actor, reported_at=timezone.now())
    audit_record(actor=actor, action="situation_report_supplement", target=report,
                 supplement=supplement.pk)
    _store_files(actor, report, checked, supplement)
    procurators, heads = _staff_recipients(report)
    handler = [report.case.handler] if report.case_id else []
    notify([*procurators, *heads, *handler], "situation.supplemented", _params(report),
           link=report.get_absolute_url())
    return supplement


@transaction.atomic
def situation_report_acknowledge(*, actor: User, report: SituationReport,
                                 instruction: str = "") -> SituationReport:
    """签收, with an optional instruction to the agency (what to do, what to send next)."""
    report = _locked(report)
    report.status = _enforce("acknowledge", actor, report)
    report.instruction = _text(instruction, "instruction", "", required=False)
    report.acknowledged_at, report.acknowledged_by = timezone.now(), actor
    report.save(update_fields=["status", "instruction", "acknowledged_at", "acknowledged_by"])
    audit_record(actor=actor, action="situation_report_acknowledge", target=report,
                 instruction=report.instruction)
    if report.instruction:
        _tell_agency(report, "situation.acknowledged.instruction", instruction=report.instruction)
    else:
        _tell_agency(report, "situation.acknowledged")
    return report


def _case_summary(report: SituationReport) -> str:
    """The new case's summary: who reported what, when and where, and the report's text."""
    return "\n\n".join(filter(None, [
        _("%(agency)s于%(reported)s通报：%(kind)s。") % {
            "agency": report.agency.name,
            "reported": timezone.localtime(report.reported_at).strftime("%Y-%m-%d %H:%M"),
            "kind": report.get_kind_display()},
        _("地点：%(place)s；发生时间：%(when)s。") % {
            "when": timezone.localtime(report.occurred_at).strftime("%Y-%m-%d %H:%M"),
            "place": report.place},
        report.summary,
        _("已采取的处置措施：%(measures)s") % {"measures": report.measures},
        _("涉及人员：%(persons)s") % {"persons": report.persons} if report.persons else "",
    ]))


@transaction.atomic
def situation_report_open_case(*, actor: User, report: SituationReport, matter: Matter,
                               title: str = "", handler: User | None = None,
                               instruction: str = "") -> SupervisionCase:
    """Open a supervision case from the report in one step: the case is registered in the
    actor's procuratorate (``cases.services.case_register``: number, matter, handler) about
    the reporting agency, its summary is the report's, the report's files join the case file,
    and the report links to the case. A report not yet signed for is signed for with it."""
    report = _locked(report)
    status = _enforce("open_case", actor, report)
    instruction = _text(instruction, "instruction", "", required=False)
    with override(settings.LANGUAGE_CODE):  # the case file is written in the project's language
        summary, description = _case_summary(report), _("重大情况通报附件")
    case = case_register(actor=actor, matter=matter, agency=report.agency,
                         title=(title or report.title).strip()[:200], summary=summary,
                         clue_source=ClueSource.TRANSFERRED, handler=handler)
    for row in report.files.all():
        with row.file.open("rb"):
            attachment_add(actor=actor, case=case, description=description,
                           upload=File(row.file.file, name=row.original_name))
    if report.acknowledged_at is None:
        report.acknowledged_at, report.acknowledged_by = timezone.now(), actor
    if instruction:
        report.instruction = instruction
    report.status, report.case = status, case
    report.save(update_fields=["status", "case", "acknowledged_at", "acknowledged_by",
                               "instruction"])
    audit_record(actor=actor, action="situation_report_open_case", target=report,
                 case=case.number)
    _tell_agency(report, "situation.case_opened", case=case.number)
    return case


@transaction.atomic
def situation_report_close(*, actor: User, report: SituationReport, note: str) -> SituationReport:
    """Close the report without a case, saying why (the agency is told the note)."""
    report = _locked(report)
    status = _enforce("close", actor, report)
    note = _text(note, "note", _("请填写办结说明。"))
    now = timezone.now()
    if report.acknowledged_at is None:
        report.acknowledged_at, report.acknowledged_by = now, actor
    report.status, report.closed_at, report.closed_by, report.close_note = status, now, actor, note
    report.save(update_fields=["status", "closed_at", "closed_by", "close_note",
                               "acknowledged_at", "acknowledged_by"])
    audit_record(actor=actor, action="situation_report_close", target=report, note=note)
    _tell_agency(report, "situation.closed", note=note)
    return report
