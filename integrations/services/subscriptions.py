"""Making, changing and ending webhook subscriptions (audited)."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from integrations.models import WebhookSubscription
from integrations.net import RefusedURL, check_url
from integrations.permissions import can_subscribe, event_types_for
from supervision.models import User
from supervision.services.audit import audit_record


def _clean(actor: User, *, name: str, url: str, event_types: Iterable[str]) -> dict:
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _("请填写名称。")
    url = (url or "").strip()
    if len(url) > 500:
        errors["url"] = _("接收地址过长。")
    else:
        try:
            check_url(url)
        except RefusedURL as exc:
            errors["url"] = str(exc)
    chosen = list(dict.fromkeys(event_types or []))
    allowed = event_types_for(actor)
    if not chosen:
        errors["event_types"] = _("请至少选择一种事件。")
    elif any(t not in allowed for t in chosen):
        errors["event_types"] = _("所选事件类型无效。")
    if errors:
        raise ValidationError(errors)
    return {"name": name[:100], "url": url, "event_types": [t for t in allowed if t in chosen]}


@transaction.atomic
def subscription_create(*, actor: User, name: str, url: str,
                        event_types: Iterable[str]) -> tuple[WebhookSubscription, str]:
    """A new active subscription of ``actor``; returns it and its secret, shown only now."""
    if not can_subscribe(actor):
        raise PermissionDenied(_("您的账号不能订阅 Webhook。"))
    values = _clean(actor, name=name, url=url, event_types=event_types)
    secret = "whsec_" + secrets.token_urlsafe(32)
    sub = WebhookSubscription.objects.create(owner=actor, secret=secret, **values)
    audit_record(actor=actor, action="webhook_subscription_create", target=sub,
                 url=sub.url, event_types=",".join(sub.event_types))
    return sub, secret


@transaction.atomic
def subscription_update(*, actor: User, subscription: WebhookSubscription, name: str, url: str,
                        event_types: Iterable[str], is_active: bool | None = None
                        ) -> WebhookSubscription:
    """Change the name, URL and events (and, if given, switch it on or off)."""
    sub = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk,
                                                              owner=actor)
    values = _clean(actor, name=name, url=url, event_types=event_types)
    for field, value in values.items():
        setattr(sub, field, value)
    if is_active is not None:
        sub.is_active = is_active
    sub.save()
    audit_record(actor=actor, action="webhook_subscription_update", target=sub)
    return sub


@transaction.atomic
def subscription_deactivate(*, actor: User,
                            subscription: WebhookSubscription) -> WebhookSubscription:
    """Stop sending: no new event is written for it, and its pending deliveries wait (they
    go out if it is switched on again)."""
    sub = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk,
                                                              owner=actor)
    if not sub.is_active:
        raise ValidationError(_("该订阅已停用。"))
    sub.is_active = False
    sub.save(update_fields=["is_active", "updated_at"])
    audit_record(actor=actor, action="webhook_subscription_deactivate", target=sub)
    return sub


@transaction.atomic
def subscription_rotate_secret(*, actor: User, subscription: WebhookSubscription
                               ) -> tuple[WebhookSubscription, str]:
    """A new secret (the old one stops working at once); returned to be shown once."""
    sub = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk,
                                                              owner=actor)
    secret = "whsec_" + secrets.token_urlsafe(32)
    sub.secret = secret
    sub.save(update_fields=["secret", "updated_at"])
    audit_record(actor=actor, action="webhook_subscription_rotate_secret", target=sub)
    return sub, secret
