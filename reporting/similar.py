"""Similar-case detection (类案监督, seed 004 §3; DOMAIN.md §6): the same problem found again
and again is a signal for a social-governance recommendation (社会治理检察建议).

Two kinds of candidate, over the cases the viewer sees in their dashboard scope and accepted
in the period:

* :data:`SAME_AGENCY` — one matter at one agency, in at least ``SIMILAR_CASE_MIN_SAME_AGENCY``
  cases;
* :data:`ACROSS_AGENCIES` — one matter at at least ``SIMILAR_CASE_MIN_ACROSS_AGENCIES``
  different agencies of one agency type.

Each list is one aggregate query (``GROUP BY`` with ``COUNT`` and ``COUNT(DISTINCT agency)``,
the threshold in ``HAVING``), whatever the number of cases or candidates; the cases behind a
candidate are read for one candidate at a time (:func:`candidate_cases`). A case ended as
不支持监督 or 终结审查 never counts (:data:`COUNTED`): the problem it was about was not
established, nor does a case whose record is sealed; a juvenile case's title is listed with
its persons' names masked (``SupervisionCase.list_title``, docs/juvenile.md).
``docs/similar-cases.md`` says the same at length.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from agencies.choices import AgencyType
from cases.choices import CaseStatus
from cases.models import SupervisionCase
from supervision.choices import choice_label
from supervision.models import Procuratorate, User
from supervision.models.names import localized

from .statistics import Period, scope_q, validate_period

SAME_AGENCY = "same-agency"
ACROSS_AGENCIES = "across-agencies"
#: kind -> its heading, in page order.
KINDS: dict[str, Promise] = {
    SAME_AGENCY: _("同一单位反复出现的同类问题"),
    ACROSS_AGENCIES: _("同类单位普遍存在的同类问题"),
}

#: Case states that count: every case but those ended as 不支持监督 (the agency was not found
#: at fault) or 终结审查 (the review was ended without a finding).
COUNTED = (CaseStatus.ACCEPTED, CaseStatus.REVIEWING, CaseStatus.SUPERVISING, CaseStatus.CLOSED)

#: At most this many candidates of each kind are listed (the largest first); the page says so.
MAX_CANDIDATES = 200


@dataclass(frozen=True)
class Thresholds:
    same_agency: int
    across_agencies: int
    days: int


def thresholds() -> Thresholds:
    """The thresholds as configured (``config/settings.py``, read at each call so that a test
    may override them)."""
    return Thresholds(settings.SIMILAR_CASE_MIN_SAME_AGENCY,
                      settings.SIMILAR_CASE_MIN_ACROSS_AGENCIES, settings.SIMILAR_CASE_DAYS)


def default_period(today: datetime.date) -> Period:
    """Without a period asked for: the last ``SIMILAR_CASE_DAYS`` days, today included."""
    return Period(today - datetime.timedelta(days=thresholds().days - 1), today)


@dataclass(frozen=True)
class Candidate:
    """One candidate: its key (matter and agency, or matter and agency type) and counts."""

    kind: str
    matter_id: int
    kind_name: str
    matter_name: str
    cases: int
    agencies: int
    first_accepted: datetime.date
    last_accepted: datetime.date
    agency_id: int | None = None
    agency_name: str = ""
    agency_type: str = ""

    @property
    def agency_type_label(self) -> str:
        return choice_label(AgencyType, self.agency_type)

    @property
    def where(self) -> str:
        """The agency, or the agency type, the problem repeats at."""
        return self.agency_name if self.kind == SAME_AGENCY else self.agency_type_label

    def query(self, period: Period, procuratorate: Procuratorate | None = None) -> dict:
        """The detail page's query string for this candidate."""
        key = ({"agency": self.agency_id} if self.kind == SAME_AGENCY
               else {"agency_type": self.agency_type})
        return {"matter": self.matter_id, **key, "from": period.start.isoformat(),
                "to": period.end.isoformat(),
                **({"procuratorate": procuratorate.pk} if procuratorate else {})}


def _cases_in(viewer: User, period: Period,
              procuratorate: Procuratorate | None) -> QuerySet[SupervisionCase]:
    """The counted cases of ``viewer``'s dashboard scope (narrowed to ``procuratorate``, which
    the caller has checked is in scope) accepted in ``period``."""
    validate_period(period.start, period.end)
    scope = scope_q(viewer, "procuratorate", procuratorate)
    if scope is None:
        raise PermissionError("no similar-case scope")
    # A case whose record is sealed (犯罪记录封存) is no signal for anyone (docs/juvenile.md).
    return SupervisionCase.objects.filter(scope, period.contains("accepted_on"),
                                          status__in=COUNTED, record_sealed=False)


_GROUP = {SAME_AGENCY: ("agency_id", "agency__name", "agency__agency_type"),
          ACROSS_AGENCIES: ("agency__agency_type",)}


def candidates(kind: str, viewer: User, period: Period, *,
               procuratorate: Procuratorate | None = None, matter: int | None = None,
               agency: int | None = None, agency_type: str | None = None) -> list[Candidate]:
    """The candidates of ``kind``, the largest first — one aggregate query. ``matter`` with
    ``agency`` (or ``agency_type``) asks whether that one key is a candidate (a list of one, or
    empty)."""
    limits = thresholds()
    qs = _cases_in(viewer, period, procuratorate)
    if matter is not None:
        qs = qs.filter(matter_id=matter)
    if agency is not None:
        qs = qs.filter(agency_id=agency)
    if agency_type is not None:
        qs = qs.filter(agency__agency_type=agency_type)
    rows = (qs.order_by()
            .values("matter_id", "matter__name", "matter__name_en", "kind__name", "kind__name_en",
                    *_GROUP[kind])
            .annotate(n_cases=Count("pk"), n_agencies=Count("agency_id", distinct=True),
                      first=Min("accepted_on"), last=Max("accepted_on")))
    rows = (rows.filter(n_cases__gte=limits.same_agency) if kind == SAME_AGENCY
            else rows.filter(n_agencies__gte=limits.across_agencies))
    rows = rows.order_by("-n_agencies" if kind == ACROSS_AGENCIES else "-n_cases", "-n_cases",
                         "-last", "matter_id", *_GROUP[kind][:1])[:MAX_CANDIDATES]
    return [Candidate(kind=kind, matter_id=r["matter_id"],
                      kind_name=localized(r["kind__name"], r["kind__name_en"]),
                      matter_name=localized(r["matter__name"], r["matter__name_en"]),
                      cases=r["n_cases"], agencies=r["n_agencies"], first_accepted=r["first"],
                      last_accepted=r["last"], agency_id=r.get("agency_id"),
                      agency_name=r.get("agency__name", ""),
                      agency_type=r["agency__agency_type"])
            for r in rows]


def candidate_cases(candidate: Candidate, viewer: User, period: Period, *,
                    procuratorate: Procuratorate | None = None) -> QuerySet[SupervisionCase]:
    """The cases behind one candidate, the most recently accepted first."""
    key = (Q(agency_id=candidate.agency_id) if candidate.kind == SAME_AGENCY
           else Q(agency__agency_type=candidate.agency_type))
    return (_cases_in(viewer, period, procuratorate)
            .filter(key, matter_id=candidate.matter_id)
            .select_related("procuratorate", "agency", "handler", "matter")
            .order_by("-accepted_on", "-pk"))
