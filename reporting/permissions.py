"""Who may read which agency's scorecard, and which rows its figures count — the one place the
scorecard pages, their exports and the PDF ask. Anything else answers 404, never 403.

- Procuratorate staff (procurator, assistant, approver, chief, supervisor) and the people's
  congress observer: the agencies supervised within their dashboard scope (their
  procuratorate, or its subtree for supervisors and observers), counting the instruments and
  investigation measures of that scope only (``supervision.permissions.dashboard_scope``).
- An agency's liaison: their own agency alone (the one they act for now), counting what the
  agency itself sees (``VISIBLE_TO_AGENCY``) — never another agency's card.
- Everyone else: nothing.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from agencies.models import Agency
from recommendations.choices import VISIBLE_TO_AGENCY
from recommendations.models import Recommendation
from supervision.choices import Role
from supervision.models import User
from supervision.permissions import dashboard_scope

from .scorecards import ScopeRules


def scorecard_agencies(user: User) -> QuerySet[Agency]:
    """The agencies whose scorecard ``user`` may read."""
    if not user.is_authenticated or not user.is_active:
        return Agency.objects.none()
    if user.role == Role.LIAISON:
        if user.agency_id is None:
            return Agency.objects.none()
        return Agency.objects.filter(pk=user.agency_id, memberships__user=user,
                                     memberships__is_active=True)
    scope = dashboard_scope(user, field="supervising_procuratorate")
    return Agency.objects.filter(scope) if scope is not None else Agency.objects.none()


def may_rank_agencies(user: User) -> bool:
    """The ranking of agencies side by side: staff and observers, never a liaison."""
    return user.is_authenticated and user.role != Role.LIAISON and (
        dashboard_scope(user) is not None)


def scorecard_rules(user: User) -> ScopeRules:
    """Which instruments and measures ``user``'s scorecards count."""
    if user.role == Role.LIAISON:
        agency_id = user.agency_id
        return ScopeRules(
            instruments=lambda prefix: Q(**{f"{prefix}agency_id": agency_id,
                                            f"{prefix}status__in": VISIBLE_TO_AGENCY}),
            measures=Q(agency_id=agency_id))  # duties: the agency's own rows, by grouping
    if dashboard_scope(user) is None:
        nothing = Q(pk__in=[])
        return ScopeRules(instruments=lambda prefix: nothing, measures=nothing,
                          duties=lambda path: nothing)
    return ScopeRules(
        instruments=lambda prefix: dashboard_scope(user, field=f"{prefix}procuratorate"),
        measures=dashboard_scope(user, field="case__procuratorate"),
        duties=lambda path: dashboard_scope(user, field=path))


def get_scorecard_agency_for_user(user: User, pk: int) -> Agency:
    """The agency ``pk`` if ``user`` may read its scorecard, else 404. Staff may also read the
    card of an agency supervised elsewhere that received an instrument from their scope (the
    deadline dashboard names such agencies and links them here)."""
    agencies = scorecard_agencies(user)
    scope = dashboard_scope(user, field="procuratorate")
    if user.role != Role.LIAISON and scope is not None:
        agencies = Agency.objects.filter(
            Q(pk__in=agencies.values("pk"))
            | Exists(Recommendation.objects.filter(scope, agency=OuterRef("pk"))))
    try:
        return agencies.select_related("supervising_procuratorate").get(pk=pk)
    except Agency.DoesNotExist as exc:
        raise Http404 from exc


#: Who reads the similar-case candidates (类案监督, ``reporting.similar``) and the cases behind
#: them: procuratorate staff who see case content over their dashboard scope — procurators,
#: approvers and chiefs their procuratorate, supervisors their subtree. Not assistants (they see
#: their own cases only), nor the observer (figures, never a case).
SIMILAR_CASE_ROLES = frozenset({Role.PROCURATOR, Role.APPROVER, Role.CHIEF, Role.SUPERVISOR})


def require_similar_case_reader(user: User) -> None:
    """404 for anyone not in :data:`SIMILAR_CASE_ROLES` (or without a procuratorate)."""
    if (not user.is_authenticated or user.role not in SIMILAR_CASE_ROLES
            or dashboard_scope(user) is None):
        raise Http404
