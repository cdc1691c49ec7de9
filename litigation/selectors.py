"""Every read a litigation page or endpoint needs."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from agencies.choices import AgencyType
from agencies.models import Agency
from cases.models import SupervisionCase
from recommendations.models import Recommendation
from supervision.models import User
from supervision.permissions import dashboard_scope

from .choices import (
    OUTCOMES_BY_TYPE,
    RESULTS_AGAINST,
    RESULTS_FOR,
    SUPPORT_TYPE,
    URGE_TYPE,
    SuitKind,
    SuitStatus,
)
from .models import CourtSession, PilAnnouncement, PublicInterestSuit, SuitInstrumentOutcome

_CASE_CACHE = "_litigation_of_case"


@dataclass
class CaseLitigation:
    suit: PublicInterestSuit | None
    instruments: list[Recommendation]


def case_litigation(case: SupervisionCase) -> CaseLitigation:
    """The case's suit (with its announcement and appeal period) and its 督促起诉 / 支持起诉
    instruments with their results: two queries, read once per case object."""
    cached = case.__dict__.get(_CASE_CACHE)
    if cached is None:
        suit = (PublicInterestSuit.objects.filter(case=case)
                .select_related("court", "announcement", "appeal_period", "decided_by").first())
        instruments = list(Recommendation.objects.filter(
            case=case, instrument_type__code__in=list(OUTCOMES_BY_TYPE))
            .select_related("instrument_type", "agency", "suit_outcome").order_by("pk"))
        cached = CaseLitigation(suit=suit, instruments=instruments)
        case.__dict__[_CASE_CACHE] = cached
    return cached


def suit_list_rows(qs: QuerySet[PublicInterestSuit]) -> QuerySet[PublicInterestSuit]:
    """The suit list's rows (already limited to what the viewer sees and filtered)."""
    return qs.select_related("case", "court", "announcement", "appeal_period")


def status_counts(qs: QuerySet[PublicInterestSuit]) -> dict[str, int]:
    """``{status: count}`` over ``qs`` (one query), every status present."""
    counts = dict(qs.order_by().values_list("status").annotate(n=Count("pk")))
    return {status: counts.get(status, 0) for status in SuitStatus.values}


def courts() -> QuerySet[Agency]:
    """The courts a suit may be filed with: the courts in the directory."""
    return Agency.objects.filter(agency_type=AgencyType.COURT).order_by("name")


def suit_sessions(suit: PublicInterestSuit) -> list[CourtSession]:
    return list(suit.sessions.select_related("recorded_by"))


# --- statistics ----------------------------------------------------------------------------

def period_figures(user: User, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    """Public-interest litigation in the period (both days included) in ``user``'s statistics
    scope (``supervision.permissions.dashboard_scope``): announcements published, suits filed
    (by kind), first-instance results for and against the procuratorate, 支持起诉 and 督促起诉
    instruments issued, and organs that sued when urged. Four aggregate queries."""
    empty = {"announcements": 0, "filed": 0, "filed_by_kind": {k: 0 for k in SuitKind.values},
             "judgments_for": 0, "judgments_against": 0, "supports": 0, "urges": 0,
             "urged_organs_sued": 0}
    scope = dashboard_scope(user)
    if scope is None:
        return empty
    announcements = PilAnnouncement.objects.filter(
        dashboard_scope(user, "suit__procuratorate"), published_on__gte=start,
        published_on__lte=end).count()
    suits = PublicInterestSuit.objects.filter(scope).aggregate(
        filed=Count("pk", filter=Q(filed_on__gte=start, filed_on__lte=end)),
        **{f"filed_{k}": Count("pk", filter=Q(kind=k, filed_on__gte=start, filed_on__lte=end))
           for k in SuitKind.values},
        judgments_for=Count("pk", filter=Q(judgment_result__in=RESULTS_FOR,
                                           judgment_on__gte=start, judgment_on__lte=end)),
        judgments_against=Count("pk", filter=Q(judgment_result__in=RESULTS_AGAINST,
                                               judgment_on__gte=start, judgment_on__lte=end)))
    issued = Recommendation.objects.filter(
        scope, instrument_type__code__in=[SUPPORT_TYPE, URGE_TYPE], issued_on__gte=start,
        issued_on__lte=end).aggregate(
        supports=Count("pk", filter=Q(instrument_type__code=SUPPORT_TYPE)),
        urges=Count("pk", filter=Q(instrument_type__code=URGE_TYPE)))
    sued = SuitInstrumentOutcome.objects.filter(scope, outcome="organ_sued",
                                                outcome_on__gte=start, outcome_on__lte=end).count()
    return {"announcements": announcements, "filed": suits["filed"],
            "filed_by_kind": {k: suits[f"filed_{k}"] for k in SuitKind.values},
            "judgments_for": suits["judgments_for"],
            "judgments_against": suits["judgments_against"],
            "supports": issued["supports"], "urges": issued["urges"],
            "urged_organs_sued": sued}
