"""Celery tasks of the reporting app: thin wrappers that take ids and call the code that does
the work (ARCHITECTURE.md)."""

from __future__ import annotations

from celery import shared_task

from . import congress_render


@shared_task(acks_late=True, name="reporting.tasks.render_congress_report")
def render_congress_report(rendering_id: int) -> str:
    """Make one report's PDF or DOCX, recording its progress for the page's progress bar
    (``reporting.congress_render.run``). Idempotent: a redelivered message for a finished
    rendering does nothing; a failure is recorded on the rendering, not raised."""
    return congress_render.run(rendering_id)
