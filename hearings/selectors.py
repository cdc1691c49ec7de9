"""Every read a hearings page or endpoint needs."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from cases.models import SupervisionCase
from supervision.models import User
from supervision.permissions import dashboard_scope

from .choices import HEARING_MEMBER_ROLES, HearingStatus, Outcome, ParticipantRole
from .models import Hearing, HearingNotice, HearingParticipant, PeopleSupervisor

#: Where the case page's hearings are kept once read (the section and the next action share
#: one query).
_CASE_CACHE = "_hearings_of_case"


def case_hearings(case: SupervisionCase) -> list[Hearing]:
    """The case's hearings, newest first, with their presiding procurator and the number of
    participants and of people's supervisors: one query, read once per case object."""
    cached = case.__dict__.get(_CASE_CACHE)
    if cached is None:
        cached = list(case.hearings.select_related("presiding").annotate(
            participant_count=Count("participants"),
            supervisor_count=Count("participants",
                                   filter=Q(participants__role=ParticipantRole.PEOPLE_SUPERVISOR))))
        case.__dict__[_CASE_CACHE] = cached
    return cached


def hearing_list_rows(qs: QuerySet[Hearing]) -> QuerySet[Hearing]:
    """The hearing list's rows (already limited to what the viewer sees and filtered)."""
    return qs.select_related("case", "presiding", "procuratorate").annotate(
        supervisor_count=Count("participants",
                               filter=Q(participants__role=ParticipantRole.PEOPLE_SUPERVISOR)))


def status_counts(qs: QuerySet[Hearing]) -> dict[str, int]:
    """``{status: count}`` over ``qs`` (one query), every status present."""
    counts = dict(qs.order_by().values_list("status").annotate(n=Count("pk")))
    return {status: counts.get(status, 0) for status in HearingStatus.values}


@dataclass
class HearingPage:
    participants: list[HearingParticipant]
    members: list[HearingParticipant]
    others: list[HearingParticipant]
    stances: dict[str, int]


def hearing_page(hearing: Hearing) -> HearingPage:
    """The hearing's participants, each with the notices sent to them (newest first) and
    whether the latest names the hearing's current time and place: two queries."""
    notices = Prefetch("notices", queryset=HearingNotice.objects.select_related("sent_by"))
    participants = list(hearing.participants.select_related("people_supervisor")
                        .prefetch_related(notices))
    today = timezone.localdate()
    for p in participants:
        p.notice_list = list(p.notices.all())
        latest = p.notice_list[0] if p.notice_list else None
        p.latest_notice = latest
        p.notice_stale = latest is not None and (
            latest.scheduled_for != hearing.scheduled_at or latest.place != hearing.place)
        p.notice_late = latest is not None and (
            timezone.localtime(hearing.scheduled_at).date() - latest.sent_on).days < 3
        p.availability = (p.people_supervisor.availability(today)
                          if p.people_supervisor else "")
    members = [p for p in participants if p.role in HEARING_MEMBER_ROLES]
    stances: dict[str, int] = {}
    for p in members:
        if p.attended and p.stance:
            stances[p.stance] = stances.get(p.stance, 0) + 1
    return HearingPage(participants=participants, members=members,
                       others=[p for p in participants if p.role not in HEARING_MEMBER_ROLES],
                       stances=stances)


def supervisor_list_rows(qs: QuerySet[PeopleSupervisor]) -> QuerySet[PeopleSupervisor]:
    """The register's rows with how many hearings each attended (one query)."""
    return qs.select_related("procuratorate").annotate(
        hearings_attended=Count("participations", filter=Q(participations__attended=True)))


def supervisor_participations(supervisor: PeopleSupervisor,
                              user: User) -> list[HearingParticipant]:
    """The hearings ``supervisor`` was invited to, of the cases ``user`` may see (newest
    first)."""
    from .permissions import hearings_visible_to

    return list(supervisor.participations.filter(hearing__in=hearings_visible_to(user))
                .select_related("hearing", "hearing__case").order_by("-hearing__scheduled_at"))


def invitable_choices(hearing: Hearing) -> QuerySet[PeopleSupervisor]:
    """The people's supervisors the hearing may still invite: on a register it may invite
    from, active and in term on the hearing's day, not yet invited."""
    from .permissions import invitable_supervisors

    day = timezone.localtime(hearing.scheduled_at).date()
    return (invitable_supervisors(hearing.case.procuratorate)
            .filter(status="active", term_start__lte=day, term_end__gte=day)
            .exclude(participations__hearing=hearing).order_by("name"))


# --- statistics ----------------------------------------------------------------------------

def period_figures(user: User, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    """Hearings held in the period (both days included, Beijing dates) in ``user``'s
    statistics scope (``supervision.permissions.dashboard_scope``): how many, how many
    people's supervisors took part (attendances), and how the opinions were used. Two
    aggregate queries; for the period statistics (``reporting``) and the hearing list."""
    scope = dashboard_scope(user)
    if scope is None:
        return {"held": 0, "supervisor_attendances": 0, "supervisors": 0,
                "outcomes": {o: 0 for o in Outcome.values}}
    tz = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    until = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min,
                                      tzinfo=tz)
    held = Hearing.objects.filter(scope, held_at__gte=since, held_at__lt=until,
                                  status__in=[HearingStatus.HELD, HearingStatus.CONCLUDED])
    figures = held.aggregate(
        held=Count("pk"),
        **{o: Count("pk", filter=Q(outcome=o)) for o in Outcome.values})
    people = HearingParticipant.objects.filter(
        hearing__in=held.values("pk"), role=ParticipantRole.PEOPLE_SUPERVISOR,
        attended=True).aggregate(attendances=Count("pk"),
                                 supervisors=Count("people_supervisor", distinct=True))
    return {"held": figures["held"], "supervisor_attendances": people["attendances"],
            "supervisors": people["supervisors"],
            "outcomes": {o: figures[o] for o in Outcome.values}}
