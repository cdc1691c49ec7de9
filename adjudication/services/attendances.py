"""The chief procurator at the court's adjudication committee (检察长列席审判委员会: seed 000 §8,
seed 003 §11), after 《人民法院组织法》 第三十八条 and 《最高人民法院 最高人民检察院关于人民检察院
检察长列席人民法院审判委员会会议的实施意见》 (法发〔2010〕4号).

Each function checks who and from which state through ``adjudication.transitions`` (the
record of a new notice, before there is a row, through ``permissions.may_record_notice``),
writes the row and one audit entry (target: the attendance, so a linked case's timeline shows
every step), and tells the chief what the chief should know.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from agencies.choices import AgencyType
from agencies.models import Agency
from cases.models import SupervisionCase
from cases.permissions import cases_visible_to
from recommendations.models import Recommendation
from recommendations.permissions import recommendations_visible_to
from supervision.choices import Role
from supervision.models import User
from supervision.services.audit import audit_record
from supervision.services.notifications import notify

from ..choices import ADOPTIONS_WITH_FOLLOW_UP, Adoption, Category, Initiative
from ..models import Attendance
from ..permissions import may_record_notice
from ..selectors import chiefs_of
from ..transitions import enforce

#: The fields a notice and its preparation consist of (recorded, then edited while notified).
NOTICE_FIELDS = ("court", "case", "court_case_number", "subject", "category", "initiative",
                 "notice_received_on", "meeting_at", "place", "agenda", "materials",
                 "draft_opinion")


# --- helpers -------------------------------------------------------------------------------

def _locked(attendance: Attendance) -> Attendance:
    return (Attendance.objects.select_for_update(of=("self",))
            .select_related("procuratorate", "court", "case", "case__handler", "deputy")
            .get(pk=attendance.pk))


def _local(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value)


def _text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _chiefs(procuratorate_id: int, actor: User, *also: User | None) -> list[User]:
    """The chief(s) of the procuratorate (and ``also``), but not the actor."""
    people = list(chiefs_of(procuratorate_id).select_related("notification_preference"))
    people += [u for u in also if u is not None]
    return [u for u in {u.pk: u for u in people}.values() if u.pk != actor.pk]


def _when(attendance: Attendance) -> dict:
    local = _local(attendance.meeting_at)
    return {"date": local.date().isoformat(), "time": local.strftime("%H:%M")}


def _check_court(court: Agency | None, procuratorate_id: int) -> None:
    """Only the committee of the court at the same level: a court the procuratorate itself
    supervises (法发〔2010〕4号 第一条 "同级人民法院")."""
    if court is None or court.agency_type != AgencyType.COURT:
        raise ValidationError({"court": _("只能登记人民法院审判委员会的会议。")})
    if court.supervising_procuratorate_id != procuratorate_id:
        raise ValidationError({"court": _("只能列席同级人民法院（本院监督的人民法院）的审判委员会会议。")})


def _check_case(actor: User, case: SupervisionCase | None, procuratorate_id: int) -> None:
    if case is None:
        return
    if case.procuratorate_id != procuratorate_id or not cases_visible_to(actor).filter(
            pk=case.pk).exists():
        raise ValidationError({"case": _("关联的监督案件须是本院的案件。")})


def _clean_notice(actor: User, procuratorate_id: int, values: dict) -> dict:
    """The notice's fields checked and trimmed (the same rules for recording and editing)."""
    _check_court(values.get("court"), procuratorate_id)
    _check_case(actor, values.get("case"), procuratorate_id)
    cleaned = dict(values)
    cleaned["subject"] = _text(values.get("subject"), "subject", _("请填写讨论的案件或议题。"))
    for field in ("court_case_number", "place", "agenda", "materials", "draft_opinion"):
        cleaned[field] = (values.get(field) or "").strip()
    if values.get("category") not in Category.values:
        raise ValidationError({"category": _("请选择案件或议题类别。")})
    if values.get("initiative") not in Initiative.values:
        raise ValidationError({"initiative": _("请选择列席缘由。")})
    received = values.get("notice_received_on")
    if received is None or received > timezone.localdate():
        raise ValidationError({"notice_received_on": _("收到通知日期不能晚于今天。")})
    meeting_at = values.get("meeting_at")
    if meeting_at is None or timezone.is_naive(meeting_at):
        raise ValidationError({"meeting_at": _("请填写会议时间。")})
    if _local(meeting_at).date() < received:
        raise ValidationError({"meeting_at": _("会议时间不能早于收到通知的日期。")})
    return cleaned


def _check_instrument(actor: User, attendance: Attendance,
                      instrument: Recommendation | None) -> None:
    if instrument is None:
        return
    if (instrument.procuratorate_id != attendance.procuratorate_id
            or not recommendations_visible_to(actor).filter(pk=instrument.pk).exists()):
        raise ValidationError({"follow_up_instrument": _("后续监督文书须是本院的文书。")})


# --- the notice and the preparation --------------------------------------------------------

@transaction.atomic
def attendance_create(*, actor: User, court: Agency, subject: str, category: str,
                      notice_received_on: datetime.date, meeting_at: datetime.datetime,
                      initiative: str = Initiative.COURT_NOTICE,
                      case: SupervisionCase | None = None, court_case_number: str = "",
                      place: str = "", agenda: str = "", materials: str = "",
                      draft_opinion: str = "") -> Attendance:
    """Record the court's notice of a committee meeting (法发〔2010〕4号 第四条): the chief and the
    department heads of the procuratorate may, and — for a meeting on one of its cases —
    whoever works on that case. The chief is told (to decide whether to attend)."""
    if not may_record_notice(actor, case):
        raise PermissionDenied(_("只有本院检察长、部门负责人或关联案件的承办人员可以登记审判委员会会议通知。"))
    procuratorate_id = case.procuratorate_id if case is not None else actor.procuratorate_id
    values = _clean_notice(actor, procuratorate_id, {
        "court": court, "case": case, "court_case_number": court_case_number,
        "subject": subject, "category": category, "initiative": initiative,
        "notice_received_on": notice_received_on, "meeting_at": meeting_at, "place": place,
        "agenda": agenda, "materials": materials, "draft_opinion": draft_opinion})
    attendance = Attendance.objects.create(procuratorate_id=procuratorate_id, created_by=actor,
                                           **values)
    audit_record(actor=actor, action="adjudication_create", target=attendance,
                 court=court.name, subject=values["subject"],
                 case=case.number if case is not None else "",
                 meeting_at=_local(meeting_at).isoformat(),
                 notice_received_on=notice_received_on.isoformat())
    notify(_chiefs(procuratorate_id, actor), "adjudication.notice",
           {"court": court.name, "subject": values["subject"], **_when(attendance)},
           link=attendance.get_absolute_url())
    return attendance


@transaction.atomic
def attendance_update(*, actor: User, attendance: Attendance, **values) -> Attendance:
    """Change the notice or the preparation (agenda, materials, the draft opinion) while the
    meeting is ahead. ``values``: any of :data:`NOTICE_FIELDS`."""
    attendance = _locked(attendance)
    enforce("edit", actor, attendance)
    unknown = set(values) - set(NOTICE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    merged = {f: getattr(attendance, f) for f in NOTICE_FIELDS} | values
    cleaned = _clean_notice(actor, attendance.procuratorate_id, merged)
    changes = {f: (getattr(attendance, f), v) for f, v in cleaned.items()
               if getattr(attendance, f) != v}
    if not changes:
        return attendance
    for field, (_old, new) in changes.items():
        setattr(attendance, field, new)
    attendance.save(update_fields=list(changes))
    audit_record(actor=actor, action="adjudication_update", target=attendance,
                 changes={f: (str(old or ""), str(new or "")) for f, (old, new) in changes.items()})
    if "meeting_at" in changes:
        notify(_chiefs(attendance.procuratorate_id, actor, attendance.deputy),
               "adjudication.rescheduled",
               {"court": attendance.court.name, "subject": attendance.subject,
                **_when(attendance)}, link=attendance.get_absolute_url())
    return attendance


@transaction.atomic
def attendance_entrust(*, actor: User, attendance: Attendance, deputy: User | None,
                       reason: str = "") -> Attendance:
    """The chief, unable to attend, entrusts a deputy chief (法发〔2010〕4号 第一条第二款:
    检察长不能列席时，可以委托副检察长列席); ``deputy`` None withdraws the entrustment. The
    deputy is a member of the procuratorate's leadership: in this product a user of the
    approver role of the same procuratorate (there is no separate deputy-chief role)."""
    attendance = _locked(attendance)
    enforce("entrust", actor, attendance)
    before = attendance.deputy
    if deputy is not None:
        if (not deputy.is_active or deputy.role != Role.APPROVER
                or deputy.procuratorate_id != attendance.procuratorate_id):
            raise ValidationError({"deputy": _("受委托列席的应当是本院的副检察长（本院院领导）。")})
        attendance.deputy, attendance.entrusted_by = deputy, actor
        attendance.entrusted_on = timezone.localdate()
    else:
        if before is None:
            return attendance
        attendance.deputy = attendance.entrusted_by = attendance.entrusted_on = None
    attendance.save(update_fields=["deputy", "entrusted_by", "entrusted_on"])
    audit_record(actor=actor, action="adjudication_entrust", target=attendance,
                 changes={"deputy": (str(before or ""), str(deputy or ""))},
                 reason=(reason or "").strip())
    if deputy is not None:
        notify([User.objects.select_related("notification_preference").get(pk=deputy.pk)],
               "adjudication.entrusted",
               {"court": attendance.court.name, "subject": attendance.subject,
                **_when(attendance)}, link=attendance.get_absolute_url())
    return attendance


# --- the meeting and after -----------------------------------------------------------------

@transaction.atomic
def attendance_attend(*, actor: User, attendance: Attendance, attendee: User,
                      attended_at: datetime.datetime, opinion: str) -> Attendance:
    """Record that the chief — or the entrusted deputy chief — attended and the opinion given
    on the case or topic (发表意见, 法发〔2010〕4号 第二条)."""
    attendance = _locked(attendance)
    target = enforce("attend", actor, attendance)
    is_chief = (attendee is not None and attendee.role == Role.CHIEF and attendee.is_active
                and attendee.procuratorate_id == attendance.procuratorate_id)
    is_deputy = attendee is not None and attendee.pk == attendance.deputy_id
    if not (is_chief or is_deputy):
        raise ValidationError({"attendee": _("列席人应当是本院检察长或受检察长委托的副检察长。")})
    if attended_at is None or timezone.is_naive(attended_at):
        raise ValidationError({"attended_at": _("请填写列席时间。")})
    if attended_at > timezone.now():
        raise ValidationError({"attended_at": _("列席时间不能晚于现在。")})
    if _local(attended_at).date() < attendance.notice_received_on:
        raise ValidationError({"attended_at": _("列席时间不能早于收到通知的日期。")})
    opinion = _text(opinion, "opinion", _("请填写列席时发表的意见。"))
    attendance.status, attendance.attendee = target, attendee
    attendance.attended_at, attendance.opinion = attended_at, opinion
    attendance.save(update_fields=["status", "attendee", "attended_at", "opinion"])
    audit_record(actor=actor, action="adjudication_attend", target=attendance,
                 attendee=str(attendee), attended_at=_local(attended_at).isoformat())
    return attendance


def _adoption_label(adoption: str) -> str:
    with override("zh-hans"):  # the param is the label's msgid, translated when shown
        return str(Adoption(adoption).label)


@transaction.atomic
def attendance_decide(*, actor: User, attendance: Attendance, adoption: str, decision: str,
                      decided_on: datetime.date, follow_up: str = "",
                      follow_up_instrument: Recommendation | None = None) -> Attendance:
    """Record what the committee decided and whether it followed the procuratorate's opinion.
    Not (fully) followed, the procuratorate says what it will do (a protest, a retrial
    recommendation …) — now, or later through :func:`attendance_follow_up`. The chief, the
    entrusted deputy and the linked case's handler are told."""
    attendance = _locked(attendance)
    target = enforce("decide", actor, attendance)
    if adoption not in Adoption.values:
        raise ValidationError({"adoption": _("请选择意见采纳情况。")})
    decision = _text(decision, "decision", _("请填写审判委员会的决定（未作决定的，写明情况）。"))
    if decided_on is None or decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("决定日期不能晚于今天。")})
    if decided_on < _local(attendance.attended_at).date():
        raise ValidationError({"decided_on": _("决定日期不能早于列席日期。")})
    follow_up = (follow_up or "").strip()
    if follow_up_instrument is not None and adoption not in ADOPTIONS_WITH_FOLLOW_UP:
        raise ValidationError({"follow_up_instrument": _("意见被采纳的，无需后续监督文书。")})
    _check_instrument(actor, attendance, follow_up_instrument)
    attendance.status, attendance.adoption, attendance.decision = target, adoption, decision
    attendance.decided_on, attendance.decision_recorded_by = decided_on, actor
    attendance.follow_up, attendance.follow_up_instrument = follow_up, follow_up_instrument
    attendance.save(update_fields=["status", "adoption", "decision", "decided_on",
                                   "decision_recorded_by", "follow_up", "follow_up_instrument"])
    audit_record(actor=actor, action="adjudication_decide", target=attendance,
                 adoption=adoption, decided_on=decided_on.isoformat(),
                 follow_up_instrument=follow_up_instrument.pk if follow_up_instrument else "")
    handler = attendance.case.handler if attendance.case is not None else None
    notify(_chiefs(attendance.procuratorate_id, actor, attendance.deputy, handler),
           "adjudication.decided",
           {"court": attendance.court.name, "subject": attendance.subject,
            "adoption": _adoption_label(adoption)}, link=attendance.get_absolute_url())
    return attendance


@transaction.atomic
def attendance_follow_up(*, actor: User, attendance: Attendance, follow_up: str,
                         follow_up_instrument: Recommendation | None = None) -> Attendance:
    """Record, after the decision, what the procuratorate did about an opinion the committee
    did not (fully) follow — a protest or a retrial recommendation issued later."""
    attendance = _locked(attendance)
    enforce("follow_up", actor, attendance)
    if attendance.adoption not in ADOPTIONS_WITH_FOLLOW_UP:
        raise ValidationError(_("意见已被采纳或审判委员会未作决定的，无需登记后续监督。"))
    follow_up = _text(follow_up, "follow_up", _("请填写后续监督情况。"))
    _check_instrument(actor, attendance, follow_up_instrument)
    changes = {"follow_up": (attendance.follow_up, follow_up),
               "follow_up_instrument": (str(attendance.follow_up_instrument or ""),
                                        str(follow_up_instrument or ""))}
    attendance.follow_up, attendance.follow_up_instrument = follow_up, follow_up_instrument
    attendance.save(update_fields=["follow_up", "follow_up_instrument"])
    audit_record(actor=actor, action="adjudication_follow_up", target=attendance,
                 changes=changes)
    return attendance


@transaction.atomic
def attendance_absent(*, actor: User, attendance: Attendance, reason: str) -> Attendance:
    """The chief (or the entrusted deputy) did not attend, with the reason."""
    attendance = _locked(attendance)
    target = enforce("absent", actor, attendance)
    reason = _text(reason, "reason", _("请说明未列席的理由。"))
    attendance.status, attendance.end_reason = target, reason
    attendance.save(update_fields=["status", "end_reason"])
    audit_record(actor=actor, action="adjudication_absent", target=attendance, reason=reason)
    return attendance


@transaction.atomic
def attendance_cancel(*, actor: User, attendance: Attendance, reason: str) -> Attendance:
    """The meeting will not take place, or the case was taken off its agenda: with the reason.
    The chief (and the entrusted deputy) are told."""
    attendance = _locked(attendance)
    target = enforce("cancel", actor, attendance)
    reason = _text(reason, "reason", _("请说明取消的理由。"))
    attendance.status, attendance.end_reason = target, reason
    attendance.save(update_fields=["status", "end_reason"])
    audit_record(actor=actor, action="adjudication_cancel", target=attendance, reason=reason)
    notify(_chiefs(attendance.procuratorate_id, actor, attendance.deputy),
           "adjudication.cancelled",
           {"court": attendance.court.name, "subject": attendance.subject, "reason": reason,
            **_when(attendance)}, link=attendance.get_absolute_url())
    return attendance
