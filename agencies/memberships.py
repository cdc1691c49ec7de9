"""Liaisons who serve one or several agencies: switching between them, deactivating one.

``User.agency`` is the agency a liaison acts for right now; every access rule reads it
(:func:`recommendations.permissions.recommendations_visible_to`). It changes only through
:func:`liaison_switch_agency`, which checks an active membership, so a liaison never sees
two agencies' work mixed on one page.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from supervision.models import User
from supervision.services import audit_record

from .invitations import agencies_invitable_by
from .models import Agency, LiaisonMembership


def active_memberships(user: User) -> QuerySet[LiaisonMembership]:
    return LiaisonMembership.objects.filter(user=user, is_active=True).select_related("agency")


@transaction.atomic
def liaison_switch_agency(*, actor: User, agency: Agency) -> User:
    """Act for ``agency`` from now on — only one the liaison actively belongs to."""
    if not active_memberships(actor).filter(agency=agency).exists():
        raise PermissionDenied(_("您不是该单位的联络员。"))
    actor.agency = agency
    actor.save(update_fields=["agency"])
    audit_record(actor=actor, action="liaison_switch_agency", target=actor, agency=agency.name)
    return actor


@transaction.atomic
def liaison_join(*, actor: User, user: User, agency: Agency) -> LiaisonMembership:
    """Give an existing liaison a (re)activated membership of ``agency``."""
    membership, _created = LiaisonMembership.objects.update_or_create(
        user=user, agency=agency, defaults={"is_active": True, "deactivated_at": None})
    if not user.is_active:
        user.is_active = True
        user.agency = agency
        user.save(update_fields=["is_active", "agency"])
    audit_record(actor=actor, action="liaison_join", target=user, agency=agency.name)
    return membership


@transaction.atomic
def liaison_deactivate(*, actor: User, membership: LiaisonMembership) -> LiaisonMembership:
    """End a liaison's membership of one agency. Their replies and history stay; if it was
    the agency they act for, they move to another active one, and with none left the
    account is deactivated (it cannot log in, nothing is deleted)."""
    if not agencies_invitable_by(actor).filter(pk=membership.agency_id).exists():
        raise PermissionDenied(_("您不能停用该单位的联络员。"))
    membership = LiaisonMembership.objects.select_for_update().get(pk=membership.pk)
    membership.is_active = False
    membership.deactivated_at = timezone.now()
    membership.save(update_fields=["is_active", "deactivated_at"])
    user = membership.user
    remaining = active_memberships(user).first()
    if remaining is None:
        user.is_active = False
        user.save(update_fields=["is_active"])
    elif user.agency_id == membership.agency_id:
        user.agency = remaining.agency
        user.save(update_fields=["agency"])
    audit_record(actor=actor, action="liaison_deactivate", target=user,
                 agency=membership.agency.name)
    return membership
