"""Who may subscribe to webhooks, and who sees which subscription and delivery.

A subscription is its owner's alone: anyone else is answered 404. Which *events* reach it is
not decided here but by the instruments' own rule (``recommendations_visible_to``), applied
when an event is written (``integrations.services.outbox``)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from supervision.choices import Role
from supervision.models import User
from supervision.permissions import may_connect_systems

from .models import EventType, WebhookDelivery, WebhookSubscription

#: Event types an agency's liaison may choose: escalation steps are the procuratorate's own
#: deliberation (suggest 催告, report upward), not told to the agency.
AGENCY_EVENT_TYPES = tuple(t for t in EventType.values if t != EventType.ESCALATION)


def can_subscribe(user: User) -> bool:
    """An agency's liaison, or a procuratorate's staff member or system account (the core's
    rule, which the settings tabs also ask)."""
    return may_connect_systems(user)


def event_types_for(user: User) -> tuple[str, ...]:
    """The event types ``user`` may subscribe to."""
    return AGENCY_EVENT_TYPES if user.role == Role.LIAISON else tuple(EventType.values)


def subscriptions_visible_to(user: User) -> QuerySet[WebhookSubscription]:
    if not can_subscribe(user):
        return WebhookSubscription.objects.none()
    return WebhookSubscription.objects.filter(owner=user)


def deliveries_visible_to(user: User) -> QuerySet[WebhookDelivery]:
    if not can_subscribe(user):
        return WebhookDelivery.objects.none()
    return WebhookDelivery.objects.filter(subscription__owner=user)


def get_subscription_for_user(user: User, pk: int) -> WebhookSubscription:
    try:
        return subscriptions_visible_to(user).get(pk=pk)
    except WebhookSubscription.DoesNotExist as exc:
        raise Http404 from exc


def get_delivery_for_user(user: User, pk: int) -> WebhookDelivery:
    try:
        return deliveries_visible_to(user).select_related("subscription", "event").get(pk=pk)
    except WebhookDelivery.DoesNotExist as exc:
        raise Http404 from exc
