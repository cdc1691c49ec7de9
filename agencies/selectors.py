"""Reads about agencies and their liaisons that pages, services and other apps need.

``User.agency`` is the agency a liaison acts for right now; who *hears* of an agency's
instruments is a different question: every liaison with an active membership of it
(:func:`agency_liaisons`), whichever agency they act for at the moment.
"""

from __future__ import annotations

from django.db.models import QuerySet

from agencies.models import Agency, LiaisonMembership
from supervision.choices import Role
from supervision.models import User
from supervision.permissions import INVITER_ROLES


def agencies_invitable_by(user: User) -> QuerySet[Agency]:
    """Agencies whose liaisons ``user`` may invite: those their procuratorate supervises
    (every agency for the system administrator)."""
    if user.role == Role.SYSADMIN:
        return Agency.objects.all()
    if user.role in INVITER_ROLES and user.procuratorate_id:
        return Agency.objects.filter(supervising_procuratorate_id=user.procuratorate_id)
    return Agency.objects.none()


def memberships_of(agencies: QuerySet[Agency]) -> QuerySet[LiaisonMembership]:
    """Every membership (active first) of ``agencies``, for the liaison list."""
    return (LiaisonMembership.objects.filter(agency__in=agencies).select_related("user", "agency")
            .order_by("agency__name", "-is_active", "user__username"))


def active_memberships(user: User) -> QuerySet[LiaisonMembership]:
    """``user``'s active memberships, with their agency: the agencies they may act for."""
    return LiaisonMembership.objects.filter(user=user, is_active=True).select_related("agency")


def agency_liaisons(agency: Agency | int) -> QuerySet[User]:
    """The liaisons to notify of ``agency``'s instruments: active accounts with an active
    membership of it — also those acting for another agency right now — ordered by pk, with
    their notification preference (for ``supervision.notifications.notify``)."""
    return (User.objects.filter(is_active=True, role=Role.LIAISON, memberships__agency=agency,
                                memberships__is_active=True)
            .select_related("notification_preference").order_by("pk"))


def liaisons_by_agency(agency_ids: set[int]) -> dict[int, list[User]]:
    """:func:`agency_liaisons` of several agencies at once, in one query: agency id → its
    liaisons (an agency without one is absent)."""
    found: dict[int, list[User]] = {}
    for membership in (LiaisonMembership.objects.filter(
            agency_id__in=agency_ids, is_active=True, user__is_active=True,
            user__role=Role.LIAISON)
            .select_related("user__notification_preference").order_by("user_id")):
        found.setdefault(membership.agency_id, []).append(membership.user)
    return found


def responsible_liaisons(agency: Agency | int) -> QuerySet[User]:
    """The agency's responsible persons (单位负责人): active liaisons whose active membership
    of ``agency`` may sign off its replies."""
    return (User.objects.filter(is_active=True, role=Role.LIAISON, memberships__agency=agency,
                                memberships__is_active=True, memberships__is_responsible=True)
            .select_related("notification_preference").order_by("pk"))
