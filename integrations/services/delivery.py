"""Sending the outbox: claim a delivery, POST it, record the attempt, retry with backoff.

**Exactly once per (subscription, event), at least once over the network.** A worker claims a
delivery with one conditional UPDATE — pending, due, on an active subscription, and not claimed
by anyone within the lease (``WEBHOOK_LEASE_SECONDS``) — that also counts the attempt and sets
a claim token; two workers, a redelivered task message or the beat's re-queue cannot both win
it. The POST happens outside any transaction (a slow receiver holds no lock), then the result
is written only if the claim token is still ours. A worker killed between its claim and its
result leaves the claim to expire: the beat task queues the delivery again after the lease and
it is sent again, with the same event id (``X-Webhook-Id``), so the receiver de-duplicates.

A failed attempt (no 2xx, a network error or a refused address) is retried after
``WEBHOOK_RETRY_BASE_SECONDS × 2^(n-1)`` capped at ``WEBHOOK_RETRY_MAX_SECONDS``, up to
``WEBHOOK_MAX_ATTEMPTS`` attempts, after which it is given up (``failed``); the subscriber may
ask for one more attempt (:func:`delivery_redeliver`).
"""

from __future__ import annotations

import datetime
import logging
import time
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from integrations import net, signing
from integrations.models import DeliveryStatus, WebhookAttempt, WebhookDelivery
from integrations.services.outbox import queue_deliveries
from supervision.models import User
from supervision.services.audit import audit_record

logger = logging.getLogger(__name__)


def _lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.WEBHOOK_LEASE_SECONDS)


def backoff(attempt: int) -> datetime.timedelta:
    """The wait after failed attempt number ``attempt`` (1, 2, 4 … minutes, capped)."""
    seconds = settings.WEBHOOK_RETRY_BASE_SECONDS * 2 ** max(attempt - 1, 0)
    return datetime.timedelta(seconds=min(seconds, settings.WEBHOOK_RETRY_MAX_SECONDS))


def _claimable(now: datetime.datetime) -> Q:
    return (Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now,
              subscription__is_active=True)
            & (Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - _lease())))


def due_delivery_ids(limit: int = 500) -> list[int]:
    """Pending deliveries due now whose claim is free or expired, oldest first."""
    now = timezone.now()
    return list(WebhookDelivery.objects.filter(_claimable(now))
                .order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])


def claim(delivery_id: int) -> tuple[uuid.UUID, int] | None:
    """Claim the delivery for this worker: ``(claim token, attempt number)``, or None when it
    is not ours to send (delivered, given up, not due, or claimed by a live worker)."""
    now = timezone.now()
    token = uuid.uuid4()
    # ``subscription__is_active`` in an UPDATE's WHERE is a subquery: allowed on both backends.
    won = (WebhookDelivery.objects.filter(_claimable(now), pk=delivery_id)
           .update(claimed_at=now, claim=token, attempts=F("attempts") + 1))
    if won != 1:
        return None
    attempts = WebhookDelivery.objects.filter(pk=delivery_id).values_list("attempts", flat=True)
    return token, attempts.get()


def headers(delivery: WebhookDelivery, timestamp: int) -> dict[str, str]:
    return {"X-Webhook-Id": str(delivery.event.uuid),
            "X-Webhook-Timestamp": str(timestamp),
            "X-Webhook-Signature": signing.sign(delivery.subscription.secret, timestamp,
                                                delivery.body)}


def deliver(delivery_id: int) -> bool | None:
    """Make one attempt of the delivery if this worker can claim it: True delivered, False
    failed (retried later or given up), None not claimed (nothing done)."""
    claimed = claim(delivery_id)
    if claimed is None:
        return None
    token, number = claimed
    delivery = WebhookDelivery.objects.select_related("subscription", "event").get(pk=delivery_id)
    started = timezone.now()
    if settings.WEBHOOK_DELIVERY_TEST_DELAY:  # tests only: a window to kill the worker in
        time.sleep(settings.WEBHOOK_DELIVERY_TEST_DELAY)
    answer = net.post(delivery.subscription.url, delivery.body,
                      headers(delivery, int(time.time())))
    ok = answer.status is not None and 200 <= answer.status < 300
    error = answer.error or ("" if ok else _("接收方返回 HTTP %(status)s") % {
        "status": answer.status})
    finished = timezone.now()
    values = {"claimed_at": None, "claim": None, "last_attempt_at": started,
              "last_status_code": answer.status, "last_duration_ms": answer.duration_ms,
              "last_error": error[:300]}
    if ok:
        values.update(status=DeliveryStatus.DELIVERED, delivered_at=finished)
    elif number >= settings.WEBHOOK_MAX_ATTEMPTS:
        values.update(status=DeliveryStatus.FAILED)
    else:
        values.update(next_attempt_at=finished + backoff(number))
    with transaction.atomic():
        WebhookAttempt.objects.create(
            delivery_id=delivery_id, number=number, started_at=started,
            status_code=answer.status, duration_ms=answer.duration_ms, succeeded=ok,
            response_excerpt=answer.excerpt[:500], error=error[:300])
        # Only while the claim is still ours: a worker that outlived its lease does not
        # overwrite the result of the one that took the delivery over.
        WebhookDelivery.objects.filter(pk=delivery_id, claim=token).update(**values)
    if not ok:
        logger.info("webhook delivery %s attempt %s failed: %s", delivery_id, number, error)
    return ok


@transaction.atomic
def delivery_redeliver(*, actor: User, delivery: WebhookDelivery) -> WebhookDelivery:
    """One more attempt of the event for this subscription, now (the redeliver button). A
    delivery already waiting to be sent is refused: pressing twice makes one attempt."""
    row = (WebhookDelivery.objects.select_for_update(of=("self",))
           .select_related("subscription").filter(pk=delivery.pk, subscription__owner=actor).get())
    if not row.subscription.is_active:
        raise ValidationError(_("该订阅已停用，请先启用。"))
    if row.status == DeliveryStatus.PENDING:
        raise ValidationError(_("该事件正在等待发送，请稍后再试。"))
    row.status = DeliveryStatus.PENDING
    row.next_attempt_at = timezone.now()
    row.claimed_at = row.claim = None
    row.save(update_fields=["status", "next_attempt_at", "claimed_at", "claim"])
    audit_record(actor=actor, action="webhook_redeliver", target=row,
                 event=str(delivery.event.uuid) if delivery.event_id else "")
    queue_deliveries([row.pk])
    return row
