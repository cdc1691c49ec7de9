"""Who may act on which agency and liaison membership: the getters the agency pages ask. Anything
else answers 404, never 403 (existence is not told) and never 500 (a bad id is not found)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from agencies.models import Agency, LiaisonMembership
from agencies.selectors import active_memberships, agencies_invitable_by
from supervision.models import User
from supervision.permissions import STAFF_ROLES, dashboard_scope

#: The largest primary key the database holds (a signed 64-bit ``BigAutoField``).
_MAX_PK = 2**63 - 1


def _pk(value: object) -> int:
    """``value`` (a posted field: text, or None when missing) as a primary key, else 404."""
    try:
        pk = int(str(value).strip())
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    if not 1 <= pk <= _MAX_PK:
        raise Http404
    return pk


def can_invite_liaisons(user: User) -> bool:
    """May ``user`` invite (and manage) liaisons of at least one agency?"""
    return agencies_invitable_by(user).exists()


def get_agency_to_act_for(user: User, agency_id: object) -> Agency:
    """The agency ``agency_id`` (as posted) if ``user`` has an active membership of it, else
    404 — a missing, malformed or unknown id included."""
    try:
        return active_memberships(user).get(agency_id=_pk(agency_id)).agency
    except LiaisonMembership.DoesNotExist as exc:
        raise Http404 from exc


def get_membership_for_user(user: User, pk: object) -> LiaisonMembership:
    """The membership ``pk`` (with its user and agency) of an agency whose liaisons ``user``
    may manage (``agencies_invitable_by``), else 404."""
    try:
        return LiaisonMembership.objects.select_related("user", "agency").get(
            pk=_pk(pk), agency__in=agencies_invitable_by(user))
    except LiaisonMembership.DoesNotExist as exc:
        raise Http404 from exc


def may_read_directory(user: User) -> bool:
    """Procuratorate staff with a procuratorate: the directory is theirs alone."""
    return (user.is_authenticated and user.is_active and user.role in STAFF_ROLES
            and user.procuratorate_id is not None)


def directory_visible_to(user: User) -> QuerySet[Agency]:
    """The agencies ``user`` finds in the directory: those supervised within their dashboard
    scope; none for anyone who may not read the directory."""
    if not may_read_directory(user):
        return Agency.objects.none()
    scope = dashboard_scope(user, field="supervising_procuratorate")
    return Agency.objects.filter(scope) if scope is not None else Agency.objects.none()
