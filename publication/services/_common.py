"""What the two kinds of item share in their services: who is told a proposal waits, and the
return and withdrawal steps."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from supervision.choices import APPROVER_ROLES
from supervision.models import User
from supervision.services.audit import audit_record
from supervision.services.notifications import notify

from ..models import Publishable
from ..transitions import approver_refusal, enforce


def notify_approvers(item: Publishable, actor: User, *, kind: str, kind_en: str,
                     link: str) -> None:
    """Tell those who may approve ``item`` that it waits (待我审批). One query."""
    people = [u for u in User.objects.filter(
        role__in=APPROVER_ROLES, procuratorate=item.procuratorate_id, is_active=True)
        .exclude(pk=actor.pk).select_related("notification_preference")
        if not approver_refusal(u, item)]
    notify(people, "approval.requested",
           {"name": str(actor), "type": kind, "type_en": kind_en, "title": str(item.title)},
           link=link)


def required_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请说明理由。")})
    return reason


def _return_item(item: Publishable, *, actor: User, reason: str, action: str) -> None:
    """退回: the approver sends the proposal back with a reason; the proposer may revise it."""
    item.status = enforce("return", actor, item)
    item.return_reason = required_reason(reason)
    item.save(update_fields=["status", "return_reason"])
    audit_record(actor=actor, action=action, target=item, reason=item.return_reason)


def _withdraw_item(item: Publishable, *, actor: User, reason: str, action: str,
                   status: str | None = None) -> None:
    """撤回: off the public page at once (a published item's URL answers 404 from now on).
    ``status``: the withdrawn state already checked, for a withdrawal that follows from
    another step of ``actor``'s (犯罪记录封存) rather than one the table must let them make."""
    item.status = status or enforce("withdraw", actor, item)
    item.withdraw_reason = required_reason(reason)
    item.withdrawn_by = actor
    item.withdrawn_at = timezone.now()
    item.save(update_fields=["status", "withdraw_reason", "withdrawn_by", "withdrawn_at"])
    audit_record(actor=actor, action=action, target=item, reason=item.withdraw_reason)
