"""Celery tasks: thin wrappers that take ids and call :mod:`recommendations.services.sweep` and
:mod:`recommendations.services.digest`. Every one is ``acks_late`` and idempotent — the outbox rows'
unique keys and the conditional claims make a second worker, a second beat or a redelivered
message a no-op."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction

from recommendations.services import digest, sweep
from supervision.monitoring.metrics import SWEEP_DURATION
from supervision.services.emails import due_email_ids


@shared_task(acks_late=True, name="recommendations.tasks.sweep_deadlines")
def sweep_deadlines() -> int:
    """Beat's periodic sweep: write due events, then queue delivery of every pending event and
    every pending e-mail whose task may have been lost (a killed worker, a restarted broker).
    Its duration is the ``supervision_deadline_sweep_duration_seconds`` histogram."""
    with SWEEP_DURATION.time():
        found = sweep.sweep_deadlines()
    event_ids = sweep.pending_event_ids()
    email_ids = due_email_ids()

    def queue() -> None:
        from supervision.tasks import send_email

        for pk in event_ids:
            deliver_deadline_event.delay(pk)
        for pk in email_ids:
            send_email.delay(pk)

    transaction.on_commit(queue)
    return found


@shared_task(acks_late=True, bind=True, max_retries=8,
             name="recommendations.tasks.deliver_deadline_event")
def deliver_deadline_event(self, event_id: int) -> bool:
    """Deliver one event; retried with exponential backoff on failure, never twice."""
    try:
        return sweep.deliver_event(event_id)
    except Exception as exc:
        raise self.retry(exc=exc, countdown=min(2 ** self.request.retries * 10, 3600)) from exc


@shared_task(acks_late=True, name="recommendations.tasks.queue_daily_digests")
def queue_daily_digests() -> int:
    """Beat, 07:30 Asia/Shanghai: one digest e-mail per user who chose the digest, keyed by
    user and date (a second beat inserts nothing and queues nothing new)."""
    return digest.queue_digests()
