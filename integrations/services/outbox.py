"""Writing webhook events in the transaction of the occurrence they report.

:func:`on_notification` is registered in ``supervision.services.notifications.notified`` by
``IntegrationsConfig.ready()``: ``notify()`` calls it for every occurrence it writes, inside the
writing transaction. An occurrence whose code maps to an event type (:data:`CODE_TO_TYPE`) and
concerns an instrument becomes one ``WebhookEvent`` and one ``WebhookDelivery`` per active
subscription that chose the type and whose owner may see the instrument — the instruments' own
rule (``recommendations_visible_to``), not a second one. The rows commit (or roll back) with
the occurrence; the deliveries are queued when it commits, and the beat task
(``integrations.tasks.requeue_webhooks``) queues any whose message was lost.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Model
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from integrations.models import EventType, WebhookDelivery, WebhookEvent, WebhookSubscription
from integrations.permissions import can_subscribe, event_types_for
from recommendations.models import DeadlineEvent, Recommendation
from recommendations.permissions import recommendations_visible_to
from recommendations.services.notices import link_for
from supervision.models import User

logger = logging.getLogger(__name__)

#: Notification code (``supervision.services.notifications.MESSAGES``) → event type.
CODE_TO_TYPE: dict[str, str] = {
    "instrument.issued": EventType.ISSUED,
    "instrument.served": EventType.SERVED,
    "instrument.served_no_reply": EventType.SERVED,
    "instrument.acknowledged": EventType.ACKNOWLEDGED,
    "reply.received": EventType.REPLY_RECEIVED,
    "reply.supplemented": EventType.REPLY_RECEIVED,
    "extension.granted": EventType.EXTENSION_DECIDED,
    "extension.refused": EventType.EXTENSION_DECIDED,
    "review.decided": EventType.REVIEW_DECIDED,
    "deadline.reminder": EventType.REMINDER,
    "deadline.due_today": EventType.REMINDER,
    "deadline.overdue": EventType.OVERDUE,
    "deadline.escalation.1": EventType.ESCALATION,
    "deadline.escalation.2": EventType.ESCALATION,
    "deadline.escalation.3": EventType.ESCALATION,
}
#: The pages an instrument's notification links to (its pk the URL's ``pk``).
INSTRUMENT_PAGES = frozenset({"recommendations:detail", "portal:detail"})
#: Params repeated in the event's data (what the notification itself told).
DATA_PARAMS = ("days", "age", "outcome", "kind")


def _instrument_id(event: Model | None, link: Mapping[int, str] | str) -> int | None:
    """The instrument an occurrence concerns: the deadline event's, or the page it links to."""
    if isinstance(event, DeadlineEvent):
        return event.recommendation_id if event.deadline_id is None else None
    links = list(link.values()) if isinstance(link, Mapping) else [link]
    for url in links:
        if not url:
            continue
        try:
            match = resolve(url.split("?")[0])
        except Resolver404:
            continue
        if match.view_name in INSTRUMENT_PAGES and "pk" in match.kwargs:
            return int(match.kwargs["pk"])
    return None


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def payload(event: WebhookEvent, rec: Recommendation, owner: User,
            params: Mapping[str, Any]) -> str:
    """The JSON body of ``event`` for ``owner``: what they may see of the instrument."""
    data: dict[str, Any] = {
        "code": event.code,
        "instrument": {
            "id": rec.pk,
            "number": rec.number or "",
            "agency": {"id": rec.agency_id, "name": rec.agency.name},
            "status": rec.status,
            "due_date": rec.due_date.isoformat() if rec.due_date else None,
            "url": _absolute(link_for(rec, owner)),
            "api_url": _absolute(reverse("api-recommendation-detail", args=[rec.pk])),
        },
    }
    data.update({k: params[k] for k in DATA_PARAMS if k in params})
    if event.code.startswith("deadline.escalation."):
        data["step"] = int(event.code.rsplit(".", 1)[1])
    return json.dumps({"id": str(event.uuid), "type": event.event_type,
                       "created_at": event.created_at.isoformat(), "data": data},
                      ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def on_notification(*, code: str, params: Mapping[str, Any], recipients: Iterable[User],
                    event: Model | None, link: Mapping[int, str] | str) -> list[WebhookDelivery]:
    """Write the webhook event of one occurrence and its deliveries (see the module)."""
    event_type = CODE_TO_TYPE.get(code)
    if event_type is None:
        return []
    rec_id = _instrument_id(event, link)
    if rec_id is None:
        return []
    subscriptions = [s for s in WebhookSubscription.objects.filter(is_active=True)
                     .select_related("owner").order_by("pk")
                     if event_type in s.event_types and can_subscribe(s.owner)
                     and event_type in event_types_for(s.owner)]
    if not subscriptions:
        return []
    reached = [s for s in subscriptions
               if recommendations_visible_to(s.owner).filter(pk=rec_id).exists()]
    if not reached:
        return []
    rec = Recommendation.objects.select_related("agency").get(pk=rec_id)
    hook_event = WebhookEvent.objects.create(event_type=event_type, code=code,
                                             recommendation=rec, created_at=timezone.now())
    deliveries = WebhookDelivery.objects.bulk_create(
        [WebhookDelivery(subscription=s, event=hook_event,
                         body=payload(hook_event, rec, s.owner, params)) for s in reached],
        ignore_conflicts=True)
    ids = list(WebhookDelivery.objects.filter(event=hook_event).values_list("pk", flat=True))
    queue_deliveries(ids)
    return deliveries


def queue_deliveries(ids: list[int]) -> None:
    """Queue each delivery once the current transaction commits; a broker that cannot be
    reached is logged (``robust``): the beat task queues the pending ones again."""
    if not ids:
        return

    def send() -> None:
        from integrations.tasks import deliver_webhook

        for pk in ids:
            deliver_webhook.delay(pk)

    transaction.on_commit(send, robust=True)
