"""Who may see and do what with publication items — the one place the pages ask.

Staff pages: the procurators, department heads and chief of a procuratorate work on its own
items (a typical case proposed from one of its cases, a release of its figures); everyone else
— assistants, supervisors, liaisons, observers, administrators — gets 404 there, as for any
object not theirs. The public pages ask nothing of the visitor: they read only what is
published (``publication.selectors``), and answer 404 for anything else.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from cases.models import SupervisionCase
from supervision.models import User
from supervision.permissions import OWN_PROCURATORATE_ROLES, require_role

from .models import StatisticsRelease, TypicalCase

#: Who proposes and reviews what the procuratorate publishes (procurator, head, chief).
PUBLISHER_ROLES = frozenset(OWN_PROCURATORATE_ROLES)


def require_publisher(user: User) -> None:
    """404 for a role with no business on the staff pages."""
    require_role(user, PUBLISHER_ROLES)
    if user.procuratorate_id is None:
        raise Http404


def typical_cases_visible_to(user: User) -> QuerySet[TypicalCase]:
    if not user.is_authenticated or user.role not in PUBLISHER_ROLES or not user.is_active:
        return TypicalCase.objects.none()
    return TypicalCase.objects.filter(procuratorate_id=user.procuratorate_id)


def releases_visible_to(user: User) -> QuerySet[StatisticsRelease]:
    if not user.is_authenticated or user.role not in PUBLISHER_ROLES or not user.is_active:
        return StatisticsRelease.objects.none()
    return StatisticsRelease.objects.filter(procuratorate_id=user.procuratorate_id)


def get_typical_case_for_user(user: User, pk: int) -> TypicalCase:
    """The typical case ``pk`` if ``user`` may work on it, else 404."""
    try:
        return typical_cases_visible_to(user).select_related(
            "case", "case__procuratorate", "kind", "procuratorate", "proposed_by", "approved_by",
            "withdrawn_by").get(pk=pk)
    except TypicalCase.DoesNotExist as exc:
        raise Http404 from exc


def get_release_for_user(user: User, pk: int) -> StatisticsRelease:
    """The statistics release ``pk`` if ``user`` may work on it, else 404."""
    try:
        return releases_visible_to(user).select_related(
            "procuratorate", "proposed_by", "approved_by", "withdrawn_by").get(pk=pk)
    except StatisticsRelease.DoesNotExist as exc:
        raise Http404 from exc


def can_propose_from(user: User, case: SupervisionCase) -> bool:
    """May ``user`` propose ``case`` as a typical case? A procurator, head or chief of the
    case's own procuratorate (the caller has checked the user may see the case) — never a
    case whose record is sealed (犯罪记录封存, docs/juvenile.md)."""
    return (user.is_active and user.role in PUBLISHER_ROLES and not case.record_sealed
            and user.procuratorate_id == case.procuratorate_id)
