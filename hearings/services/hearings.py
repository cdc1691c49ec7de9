"""Hearings on a case (检察听证: seed 004 §10, seed 002 §3) with people's supervisors among the
hearing members (seed 002 §18, seed 003 §13), after 《人民检察院审查案件听证工作规定》.

Each function checks who and from which state through ``hearings.transitions``, writes the
rows and one audit entry (target: the hearing, so the case timeline shows every step), and
tells the approvers what they should know.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from cases.models import SupervisionCase
from cases.permissions import can_work_on_case
from supervision.choices import APPROVER_ROLES, Role
from supervision.models import User
from supervision.services.audit import audit_record
from supervision.services.notifications import notify

from ..choices import (
    HEARING_MEMBER_ROLES,
    OUTCOMES_WITH_REASON,
    NoticeMethod,
    Outcome,
    ParticipantRole,
    Stance,
)
from ..models import Hearing, HearingNotice, HearingParticipant, PeopleSupervisor
from ..permissions import invitable_supervisors
from ..transitions import enforce

#: Roles who may preside: a procurator of the case's procuratorate, a department head or the
#: chief (听证会一般由承办案件的检察官主持；检察长、副检察长可以主持).
PRESIDING_ROLES = frozenset({Role.PROCURATOR, *APPROVER_ROLES})
#: The notice is due this many days before the hearing (告知听证会参加人 … 三日前).
NOTICE_DAYS = 3


# --- helpers -------------------------------------------------------------------------------

def _locked(hearing: Hearing) -> Hearing:
    return (Hearing.objects.select_for_update(of=("self",))
            .select_related("case", "case__procuratorate", "case__handler", "presiding")
            .get(pk=hearing.pk))


def _local(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value)


def _check_presiding(presiding: User, case: SupervisionCase) -> None:
    if (presiding is None or not presiding.is_active or presiding.role not in PRESIDING_ROLES
            or presiding.procuratorate_id != case.procuratorate_id):
        raise ValidationError({"presiding": _("主持人应当是本院的检察官、部门负责人或检察长。")})


def _check_time(value: datetime.datetime, case: SupervisionCase, field: str) -> None:
    if value is None or timezone.is_naive(value):
        raise ValidationError({field: _("请填写听证时间。")})
    if _local(value).date() < case.accepted_on:
        raise ValidationError({field: _("听证时间不能早于案件受理日期（%(date)s）。") % {
            "date": case.accepted_on.isoformat()}})


def _check_supervisor(supervisor: PeopleSupervisor, day: datetime.date, field: str) -> None:
    """A people's supervisor may sit on a hearing held on ``day`` only while active and in
    term (任期内、正常履职)."""
    if not supervisor.available_on(day):
        raise ValidationError({field: _(
            "人民监督员%(name)s在%(date)s不能参加听证（%(state)s，任期%(start)s至%(end)s）。") % {
            "name": supervisor.name, "date": day.isoformat(),
            "state": supervisor.availability(day), "start": supervisor.term_start.isoformat(),
            "end": supervisor.term_end.isoformat()}})


def _supervisors_on(hearing: Hearing) -> list[HearingParticipant]:
    return list(hearing.participants.filter(people_supervisor__isnull=False)
                .select_related("people_supervisor"))


def _approvers(case: SupervisionCase, actor: User, *also: User | None) -> list[User]:
    """The approvers and chief of the case's procuratorate (and ``also``), but not the actor."""
    people = list(User.objects.filter(procuratorate_id=case.procuratorate_id, is_active=True,
                                      role__in=APPROVER_ROLES)
                  .select_related("notification_preference"))
    people += [u for u in also if u is not None]
    return [u for u in {u.pk: u for u in people}.values() if u.pk != actor.pk]


def _when(hearing: Hearing) -> dict:
    local = _local(hearing.scheduled_at)
    return {"date": local.date().isoformat(), "time": local.strftime("%H:%M")}


def _text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


# --- scheduling ----------------------------------------------------------------------------

@transaction.atomic
def hearing_schedule(*, actor: User, case: SupervisionCase, topic: str, questions: str,
                     scheduled_at: datetime.datetime, place: str, presiding: User,
                     proposed_handling: str = "", public: bool = True) -> Hearing:
    """Arrange a hearing on ``case``: who works on an open case may; the approvers are told."""
    if not can_work_on_case(actor, case):
        raise PermissionDenied(_("只有办理该案件的人员可以办理听证事项。"))
    if case.is_finished:
        raise ValidationError(_("案件已结案或终结，不能再安排听证。"))
    topic = _text(topic, "topic", _("请填写听证事项。"))
    questions = _text(questions, "questions", _("请填写需要听证的问题。"))
    place = _text(place, "place", _("请填写听证地点。"))
    _check_presiding(presiding, case)
    _check_time(scheduled_at, case, "scheduled_at")
    hearing = Hearing.objects.create(
        case=case, procuratorate_id=case.procuratorate_id, topic=topic, questions=questions,
        proposed_handling=(proposed_handling or "").strip(), scheduled_at=scheduled_at,
        place=place, presiding=presiding, public=public, created_by=actor)
    audit_record(actor=actor, action="hearing_schedule", target=hearing, case=case.number,
                 scheduled_at=_local(scheduled_at).isoformat(), place=place,
                 presiding=presiding.pk)
    notify(_approvers(case, actor, presiding), "hearing.scheduled",
           {"case": case.number, "topic": topic, "place": place,
            "presiding": str(presiding), **_when(hearing)}, link=hearing.get_absolute_url())
    return hearing


@transaction.atomic
def hearing_update(*, actor: User, hearing: Hearing, topic: str, questions: str,
                   scheduled_at: datetime.datetime, place: str, presiding: User,
                   proposed_handling: str = "", public: bool = True) -> Hearing:
    """Change a scheduled hearing. Moved to another day, every invited people's supervisor
    must still be available then; the participants notified before are to be notified again
    (the page shows whose notice names the old time or place)."""
    hearing = _locked(hearing)
    enforce("edit", actor, hearing)
    case = hearing.case
    values = {
        "topic": _text(topic, "topic", _("请填写听证事项。")),
        "questions": _text(questions, "questions", _("请填写需要听证的问题。")),
        "place": _text(place, "place", _("请填写听证地点。")),
        "proposed_handling": (proposed_handling or "").strip(),
        "scheduled_at": scheduled_at, "presiding": presiding, "public": bool(public),
    }
    _check_presiding(presiding, case)
    _check_time(scheduled_at, case, "scheduled_at")
    day = _local(scheduled_at).date()
    for participant in _supervisors_on(hearing):
        _check_supervisor(participant.people_supervisor, day, "scheduled_at")
    changes = {f: (getattr(hearing, f), v) for f, v in values.items() if getattr(hearing, f) != v}
    if not changes:
        return hearing
    moved = "scheduled_at" in changes or "place" in changes
    for field, (_old, new) in changes.items():
        setattr(hearing, field, new)
    hearing.save(update_fields=list(changes))
    audit_record(actor=actor, action="hearing_update", target=hearing, changes=changes)
    if moved:
        notify(_approvers(case, actor, hearing.presiding), "hearing.rescheduled",
               {"case": case.number, "topic": hearing.topic, "place": hearing.place,
                **_when(hearing)}, link=hearing.get_absolute_url())
    return hearing


@transaction.atomic
def participant_add(*, actor: User, hearing: Hearing, role: str, name: str = "",
                    affiliation: str = "",
                    people_supervisor: PeopleSupervisor | None = None) -> HearingParticipant:
    """Invite someone. A people's supervisor comes from the register the case's procuratorate
    may invite from (its own or a higher one's), active and in term on the hearing's day."""
    hearing = _locked(hearing)
    enforce("add_participant", actor, hearing)
    if role not in ParticipantRole.values:
        raise ValidationError({"role": _("参加人身份无效。")})
    if role == ParticipantRole.PEOPLE_SUPERVISOR:
        if people_supervisor is None:
            raise ValidationError({"people_supervisor": _("人民监督员须从人民监督员名册中选择。")})
        if not invitable_supervisors(hearing.case.procuratorate).filter(
                pk=people_supervisor.pk).exists():
            raise ValidationError({"people_supervisor": _("该人民监督员不在本院可邀请的名册中。")})
        _check_supervisor(people_supervisor, _local(hearing.scheduled_at).date(),
                          "people_supervisor")
        if hearing.participants.filter(people_supervisor=people_supervisor).exists():
            raise ValidationError({"people_supervisor": _("该人民监督员已在本次听证的参加人中。")})
        name = people_supervisor.name
        affiliation = affiliation.strip() or people_supervisor.occupation
    else:
        people_supervisor = None
        name = _text(name, "name", _("请填写参加人姓名或名称。"))
    last = hearing.participants.aggregate(m=Max("position"))["m"]
    participant = HearingParticipant.objects.create(
        hearing=hearing, role=role, name=name, affiliation=(affiliation or "").strip(),
        people_supervisor=people_supervisor, position=(last or 0) + 1)
    audit_record(actor=actor, action="hearing_participant_add", target=hearing,
                 participant=participant.pk, role=role, name=name)
    return participant


@transaction.atomic
def participant_remove(*, actor: User, hearing: Hearing,
                       participant: HearingParticipant) -> None:
    """Withdraw an invitation before the hearing (the notices sent to them go with it)."""
    hearing = _locked(hearing)
    enforce("remove_participant", actor, hearing)
    if participant.hearing_id != hearing.pk:
        raise ValidationError(_("该参加人不属于本次听证。"))
    audit_record(actor=actor, action="hearing_participant_remove", target=hearing,
                 participant=participant.pk, role=participant.role, name=participant.name)
    participant.delete()


@transaction.atomic
def notice_record(*, actor: User, hearing: Hearing, participants: Sequence[HearingParticipant],
                  sent_on: datetime.date, method: str) -> list[HearingNotice]:
    """Record that the hearing notice (听证通知书) went to ``participants`` on ``sent_on``,
    naming the hearing's current time and place. Sent fewer than three days before the
    hearing, the notice is late, and the page says so (it is not refused: the participant may
    still come)."""
    hearing = _locked(hearing)
    enforce("notify", actor, hearing)
    if not participants:
        raise ValidationError({"participants": _("请选择要通知的参加人。")})
    if any(p.hearing_id != hearing.pk for p in participants):
        raise ValidationError({"participants": _("该参加人不属于本次听证。")})
    if method not in NoticeMethod.values:
        raise ValidationError({"method": _("通知方式无效。")})
    if sent_on is None or sent_on > timezone.localdate():
        raise ValidationError({"sent_on": _("通知日期不能晚于今天。")})
    if sent_on > _local(hearing.scheduled_at).date():
        raise ValidationError({"sent_on": _("通知日期不能晚于听证日期。")})
    if sent_on < hearing.case.accepted_on:
        raise ValidationError({"sent_on": _("通知日期不能早于案件受理日期。")})
    notices = HearingNotice.objects.bulk_create([
        HearingNotice(hearing=hearing, participant=p, sent_on=sent_on, method=method,
                      scheduled_for=hearing.scheduled_at, place=hearing.place, sent_by=actor)
        for p in participants])
    audit_record(actor=actor, action="hearing_notice_record", target=hearing,
                 participants=",".join(str(p.pk) for p in participants),
                 sent_on=sent_on.isoformat(), method=method)
    return notices


def notice_is_late(sent_on: datetime.date, scheduled_at: datetime.datetime) -> bool:
    """Sent fewer than :data:`NOTICE_DAYS` days before the hearing's day."""
    return (_local(scheduled_at).date() - sent_on).days < NOTICE_DAYS


# --- the hearing and after -----------------------------------------------------------------

@transaction.atomic
def hearing_hold(*, actor: User, hearing: Hearing, held_at: datetime.datetime, record: str,
                 attended: Iterable[int], recorder: str = "") -> Hearing:
    """Record that the hearing took place: when, who attended (``attended``: participant
    ids), who kept the record and what was said (听证笔录). A hearing heard by no hearing
    member (听证员) is no hearing; a people's supervisor who attended must have been in term
    and active that day."""
    hearing = _locked(hearing)
    target = enforce("hold", actor, hearing)
    if held_at is None or timezone.is_naive(held_at):
        raise ValidationError({"held_at": _("请填写实际举行时间。")})
    if held_at > timezone.now():
        raise ValidationError({"held_at": _("举行时间不能晚于现在。")})
    _check_time(held_at, hearing.case, "held_at")
    record = _text(record, "record", _("请填写听证记录。"))
    participants = list(hearing.participants.select_related("people_supervisor"))
    present = {int(pk) for pk in attended}
    unknown = present - {p.pk for p in participants}
    if unknown:
        raise ValidationError({"attended": _("该参加人不属于本次听证。")})
    if not any(p.pk in present and p.role in HEARING_MEMBER_ROLES for p in participants):
        raise ValidationError({"attended": _("至少应有一名听证员到场，才能登记听证已举行。")})
    day = _local(held_at).date()
    for p in participants:
        if p.pk in present and p.people_supervisor is not None:
            _check_supervisor(p.people_supervisor, day, "attended")
    for p in participants:
        p.attended = p.pk in present
    HearingParticipant.objects.bulk_update(participants, ["attended"])
    hearing.status = target
    hearing.held_at, hearing.record, hearing.recorder = held_at, record, recorder.strip()
    hearing.save(update_fields=["status", "held_at", "record", "recorder"])
    audit_record(actor=actor, action="hearing_hold", target=hearing,
                 held_at=_local(held_at).isoformat(),
                 attended=",".join(str(pk) for pk in sorted(present)))
    return hearing


@transaction.atomic
def opinion_record(*, actor: User, hearing: Hearing, participant: HearingParticipant,
                   opinion: str, stance: str = "") -> HearingParticipant:
    """Record what a participant who attended said, and — for a hearing member — whether they
    agree with the proposed handling. Recorded again, the new text replaces the old (the
    audit trail keeps both)."""
    hearing = _locked(hearing)
    enforce("record_opinion", actor, hearing)
    participant = HearingParticipant.objects.select_for_update().get(pk=participant.pk)
    if participant.hearing_id != hearing.pk:
        raise ValidationError(_("该参加人不属于本次听证。"))
    if not participant.attended:
        raise ValidationError(_("%(name)s未到场，不能记录其听证意见。") % {"name": participant.name})
    opinion = _text(opinion, "opinion", _("请填写意见内容。"))
    if stance and stance not in Stance.values:
        raise ValidationError({"stance": _("对拟处理意见的态度无效。")})
    if participant.role in HEARING_MEMBER_ROLES and not stance:
        raise ValidationError({"stance": _("请选择听证员对拟处理意见的态度。")})
    before = (participant.opinion, participant.stance)
    participant.opinion, participant.stance = opinion, stance
    participant.opinion_recorded_at = timezone.now()
    participant.save(update_fields=["opinion", "stance", "opinion_recorded_at"])
    audit_record(actor=actor, action="hearing_opinion_record", target=hearing,
                 participant=participant.pk, name=participant.name, stance=stance,
                 changes={"opinion": (before[0], opinion), "stance": (before[1], stance)})
    return participant


def member_opinions(hearing: Hearing) -> dict[str, int]:
    """How the hearing members who attended stand: ``{stance: count}`` (one query)."""
    counts = {s: 0 for s in Stance.values}
    for stance in hearing.participants.filter(
            role__in=HEARING_MEMBER_ROLES, attended=True).values_list("stance", flat=True):
        if stance:
            counts[stance] += 1
    return counts


@transaction.atomic
def hearing_conclude(*, actor: User, hearing: Hearing, outcome: str, decision: str,
                     concluded_on: datetime.date, outcome_reason: str = "") -> Hearing:
    """Record the decision and how the hearing's opinions were used. Every hearing member who
    attended must have given an opinion first; not following them (部分采纳, 未采纳) needs the
    reason; not adopting them at all is reported to the chief procurator and decided with
    their consent (拟不采纳听证员多数意见的，应当向检察长报告并获同意后作出决定): only the
    chief records it. The handler's approvers are told."""
    hearing = _locked(hearing)
    target = enforce("conclude", actor, hearing)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("请选择听证意见采纳情况。")})
    silent = [p.name for p in hearing.participants.filter(
        role__in=HEARING_MEMBER_ROLES, attended=True, opinion="")]
    if silent:
        raise ValidationError(_("尚未记录以下听证员的意见：%(names)s。") % {"names": "、".join(silent)})
    outcome_reason = (outcome_reason or "").strip()
    if outcome in OUTCOMES_WITH_REASON and not outcome_reason:
        raise ValidationError({"outcome_reason": _("未采纳或部分采纳听证意见的，应当说明理由。")})
    if outcome == Outcome.NOT_ADOPTED and not (
            actor.role == Role.CHIEF and actor.procuratorate_id == hearing.case.procuratorate_id):
        raise PermissionDenied(_("不采纳听证意见的，应当报检察长同意，由检察长登记听证结论。"))
    decision = _text(decision, "decision", _("请填写处理决定。"))
    if concluded_on is None or concluded_on > timezone.localdate():
        raise ValidationError({"concluded_on": _("办结日期不能晚于今天。")})
    if concluded_on < _local(hearing.held_at).date():
        raise ValidationError({"concluded_on": _("办结日期不能早于听证举行日期。")})
    hearing.status = target
    hearing.outcome = outcome
    hearing.outcome_reason = outcome_reason if outcome in OUTCOMES_WITH_REASON else ""
    hearing.decision, hearing.concluded_on, hearing.concluded_by = decision, concluded_on, actor
    hearing.save(update_fields=["status", "outcome", "outcome_reason", "decision",
                                "concluded_on", "concluded_by"])
    audit_record(actor=actor, action="hearing_conclude", target=hearing, outcome=outcome,
                 concluded_on=concluded_on.isoformat())
    with override("zh-hans"):  # the param is the label's msgid, translated when shown
        label = str(Outcome(outcome).label)
    notify(_approvers(hearing.case, actor, hearing.case.handler), "hearing.concluded",
           {"case": hearing.case.number, "topic": hearing.topic, "outcome": label},
           link=hearing.get_absolute_url())
    return hearing


@transaction.atomic
def hearing_cancel(*, actor: User, hearing: Hearing, reason: str) -> Hearing:
    """Call off a scheduled hearing, with the reason; the approvers and the presiding
    procurator are told (the participants are told by the procuratorate, as they were
    invited)."""
    hearing = _locked(hearing)
    target = enforce("cancel", actor, hearing)
    reason = _text(reason, "reason", _("取消听证应当说明理由。"))
    hearing.status, hearing.cancel_reason = target, reason
    hearing.save(update_fields=["status", "cancel_reason"])
    audit_record(actor=actor, action="hearing_cancel", target=hearing, reason=reason)
    notify(_approvers(hearing.case, actor, hearing.presiding), "hearing.cancelled",
           {"case": hearing.case.number, "topic": hearing.topic, "reason": reason,
            "date": _when(hearing)["date"]}, link=hearing.get_absolute_url())
    return hearing
