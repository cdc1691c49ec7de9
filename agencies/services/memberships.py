"""Liaisons who serve one or several agencies: switching between them, deactivating one,
designating the agency's responsible person (单位负责人, who may sign off its replies).

``User.agency`` is the agency a liaison acts for right now; every access rule reads it
(``recommendations.permissions.recommendations_visible_to``). It changes only through
:func:`liaison_switch_agency`, which checks an active membership, so a liaison never sees
two agencies' work mixed on one page.

The reads — for which agencies one may invite, a liaison's memberships, who hears of an
agency's instruments (``agency_liaisons``) — are in :mod:`agencies.selectors`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency, LiaisonMembership
from agencies.selectors import active_memberships, agencies_invitable_by
from supervision.models import User
from supervision.services.audit import audit_record


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
def liaison_join(*, actor: User, user: User, agency: Agency,
                 is_responsible: bool = False) -> LiaisonMembership:
    """Give an existing liaison a (re)activated membership of ``agency``; ``is_responsible``
    makes them its responsible person (an already active membership keeps the designation it
    has when the invitation does not ask for it)."""
    membership = LiaisonMembership.objects.select_for_update().filter(
        user=user, agency=agency).first()
    if membership is None:
        membership = LiaisonMembership.objects.create(user=user, agency=agency,
                                                      is_responsible=is_responsible)
    else:
        membership.is_responsible = is_responsible or (membership.is_active
                                                       and membership.is_responsible)
        membership.is_active, membership.deactivated_at = True, None
        membership.save(update_fields=["is_active", "deactivated_at", "is_responsible"])
    if not user.is_active:
        user.is_active = True
        user.agency = agency
        user.save(update_fields=["is_active", "agency"])
    audit_record(actor=actor, action="liaison_join", target=user, agency=agency.name,
                 responsible=membership.is_responsible)
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


@transaction.atomic
def liaison_set_responsible(*, actor: User, membership: LiaisonMembership,
                            responsible: bool) -> LiaisonMembership:
    """Designate (or stop designating) the liaison as the agency's responsible person
    (单位负责人), who may sign off its replies; by the staff who may deactivate the liaison."""
    if not agencies_invitable_by(actor).filter(pk=membership.agency_id).exists():
        raise PermissionDenied(_("您不能管理该单位的联络员。"))
    membership = LiaisonMembership.objects.select_for_update().select_related(
        "user", "agency").get(pk=membership.pk)
    if responsible and not membership.is_active:
        raise ValidationError(_("已停用的联络员不能设为单位负责人。"))
    if membership.is_responsible != responsible:
        membership.is_responsible = responsible
        membership.save(update_fields=["is_responsible"])
        audit_record(actor=actor, action="liaison_set_responsible", target=membership.user,
                     agency=membership.agency.name, responsible=responsible)
    return membership
