"""Celery tasks of the webhook outbox: thin wrappers over ``integrations.services.delivery``.
Both are idempotent: a delivery is claimed with a conditional UPDATE, so a second worker, a
redelivered message or a second beat sends nothing twice."""

from __future__ import annotations

from celery import shared_task

from integrations.services import delivery


@shared_task(acks_late=True, name="integrations.tasks.deliver_webhook")
def deliver_webhook(delivery_id: int) -> bool | None:
    """One attempt of one delivery (its retries are scheduled in the row, not by Celery)."""
    return delivery.deliver(delivery_id)


@shared_task(acks_late=True, name="integrations.tasks.requeue_webhooks")
def requeue_webhooks() -> int:
    """Beat, every ``WEBHOOK_REQUEUE_SECONDS``: queue the deliveries due again (a retry whose
    backoff has passed, a claim whose worker died, a message the broker lost)."""
    ids = delivery.due_delivery_ids()
    for pk in ids:
        deliver_webhook.delay(pk)
    return len(ids)
