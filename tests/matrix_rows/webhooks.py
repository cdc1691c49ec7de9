"""Permission-matrix rows of the outbound webhooks (``integrations``): the subscriber's pages
and API. A subscription is its owner's alone (here the procurator's); who may subscribe at
all: procuratorate staff and agencies' liaisons — everyone else is answered 404."""

from __future__ import annotations

from tests.matrix_rows.base import LIAISONS, SIGNED_IN, STAFF, Row, _api

SUBSCRIBERS = STAFF | LIAISONS


def _webhook(objects: dict) -> dict:
    """A subscription of the procurator with one delivered event of the fixture instrument,
    made on first use (written directly: the rows, not the services, are under test here)."""
    if "webhook" not in objects:
        from django.utils import timezone

        from integrations.models import (
            DeliveryStatus,
            EventType,
            WebhookDelivery,
            WebhookEvent,
            WebhookSubscription,
        )

        rec = objects["rec"]
        sub = WebhookSubscription.objects.create(
            owner=rec.case.handler, name="定检对接系统", url="https://93.184.216.34/hook",
            secret="whsec_matrix", event_types=[EventType.SERVED])
        event = WebhookEvent.objects.create(event_type=EventType.SERVED,
                                            code="instrument.served", recommendation=rec)
        delivery = WebhookDelivery.objects.create(
            subscription=sub, event=event, body="{}", status=DeliveryStatus.DELIVERED,
            attempts=1, delivered_at=timezone.now())
        objects["webhook"] = {"subscription": sub, "delivery": delivery}
    return objects["webhook"]


def _sub(objects: dict) -> list:
    return [_webhook(objects)["subscription"].pk]


def _delivery(objects: dict) -> list:
    return [_webhook(objects)["delivery"].pk]


def _api_post(ok: set[str], args, **outcome: str) -> Row:
    """An API action: as ``_api`` answers an anonymous caller, by POST."""
    row = _api(ok, args)
    row.method, row.outcome = "post", outcome
    return row


ROWS: dict[str, Row] = {
    "integrations:webhooks": Row(ok=SUBSCRIBERS),
    "integrations:webhook-create": Row(ok=SUBSCRIBERS),
    "integrations:webhook-edit": Row(ok={"procurator"}, args=_sub),
    "integrations:webhook-deliveries": Row(ok={"procurator"}, args=_sub),
    "integrations:webhook-deactivate": Row(ok={"procurator"}, args=_sub, method="post"),
    "integrations:webhook-rotate-secret": Row(ok={"procurator"}, args=_sub, method="post"),
    "integrations:webhook-redeliver": Row(ok={"procurator"}, args=_delivery, method="post"),
    # The lists answer everyone signed in with their own rows (none for a non-subscriber).
    "api-webhook-subscription-list": _api(SIGNED_IN),
    "api-webhook-subscription-detail": _api({"procurator"}, _sub),
    "api-webhook-subscription-deactivate": _api_post({"procurator"}, _sub),
    "api-webhook-subscription-rotate-secret": _api_post({"procurator"}, _sub),
    "api-webhook-delivery-list": _api(SIGNED_IN),
    "api-webhook-delivery-detail": _api({"procurator"}, _delivery),
    # 202: one more attempt queued.
    "api-webhook-delivery-redeliver": _api_post(set(), _delivery, procurator="202"),
}
