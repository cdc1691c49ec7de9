"""Celery tasks: thin wrappers that take ids and call :mod:`recommendations.sweep`."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction

from . import sweep


@shared_task(acks_late=True, name="recommendations.tasks.sweep_deadlines")
def sweep_deadlines() -> int:
    """Beat's periodic sweep: write due events, then queue delivery of every pending one."""
    found = sweep.sweep_deadlines()
    ids = sweep.pending_event_ids()
    transaction.on_commit(lambda: [deliver_deadline_event.delay(pk) for pk in ids])
    return found


@shared_task(acks_late=True, bind=True, max_retries=8, name="recommendations.tasks.deliver_deadline_event")
def deliver_deadline_event(self, event_id: int) -> bool:
    """Deliver one event; retried with exponential backoff on failure, never twice."""
    try:
        return sweep.deliver_event(event_id)
    except Exception as exc:  # noqa: BLE001 — any failure is retried; the claim keeps it once
        raise self.retry(exc=exc, countdown=min(2 ** self.request.retries * 10, 3600))
