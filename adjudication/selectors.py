"""Every read an adjudication page or endpoint needs."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from agencies.choices import AgencyType
from agencies.models import Agency
from cases.models import SupervisionCase
from supervision.choices import Role
from supervision.models import User
from supervision.permissions import dashboard_scope

from .choices import Adoption, AttendanceStatus, Category
from .models import Attendance

#: Where the case page's attendances are kept once read (panel and next step share a query).
_CASE_CACHE = "_adjudication_of_case"


def case_attendances(case: SupervisionCase) -> list[Attendance]:
    """The case's attendances, newest meeting first, with their court and attendee: one
    query, read once per case object."""
    cached = case.__dict__.get(_CASE_CACHE)
    if cached is None:
        cached = list(case.adjudication_attendances.select_related("court", "attendee"))
        case.__dict__[_CASE_CACHE] = cached
    return cached


def list_rows(qs: QuerySet[Attendance]) -> QuerySet[Attendance]:
    """The list's rows (already limited to what the viewer sees and filtered)."""
    return qs.select_related("court", "case", "attendee", "procuratorate")


def status_counts(qs: QuerySet[Attendance]) -> dict[str, int]:
    """``{status: count}`` over ``qs`` (one query), every status present."""
    counts = dict(qs.order_by().values_list("status").annotate(n=Count("pk")))
    return {status: counts.get(status, 0) for status in AttendanceStatus.values}


def courts_for(procuratorate_id: int | None) -> QuerySet[Agency]:
    """The courts at the same level as the procuratorate: those it supervises."""
    if procuratorate_id is None:
        return Agency.objects.none()
    return Agency.objects.filter(agency_type=AgencyType.COURT,
                                 supervising_procuratorate_id=procuratorate_id).order_by("name")


def chiefs_of(procuratorate_id: int) -> QuerySet[User]:
    """Who may be recorded as having attended as the chief."""
    return User.objects.filter(procuratorate_id=procuratorate_id, role=Role.CHIEF,
                               is_active=True).order_by("pk")


# --- statistics ----------------------------------------------------------------------------

def period_figures(user: User, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    """Attendances in the period (attended between ``start`` and ``end``, both included,
    Beijing dates) in ``user``'s statistics scope (``supervision.permissions.dashboard_scope``):
    how many meetings were attended, how many cases (as against other topics) were discussed,
    how many by a deputy chief, and how the committee used the opinions given. One aggregate
    query; for the period statistics (``reporting``) and the list."""
    empty = {"attended": 0, "cases": 0, "by_deputy": 0, "absent": 0,
             "adoption": {a: 0 for a in Adoption.values}}
    scope = dashboard_scope(user)
    if scope is None:
        return empty
    tz = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    until = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min,
                                      tzinfo=tz)
    attended = Q(attended_at__gte=since, attended_at__lt=until,
                 status__in=[AttendanceStatus.ATTENDED, AttendanceStatus.CONCLUDED])
    absent = Q(status=AttendanceStatus.ABSENT, meeting_at__gte=since, meeting_at__lt=until)
    figures = Attendance.objects.filter(scope).filter(attended | absent).aggregate(
        attended=Count("pk", filter=attended),
        cases=Count("pk", filter=attended & ~Q(category=Category.OTHER_TOPIC)),
        by_deputy=Count("pk", filter=attended & Q(deputy__isnull=False)
                        & Q(attendee=F("deputy"))),
        absent=Count("pk", filter=absent),
        **{a: Count("pk", filter=attended & Q(adoption=a)) for a in Adoption.values})
    return {"attended": figures["attended"], "cases": figures["cases"],
            "by_deputy": figures["by_deputy"], "absent": figures["absent"],
            "adoption": {a: figures[a] for a in Adoption.values}}

