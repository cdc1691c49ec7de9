"""Celery tasks of the core: e-mail sending and the nightly self-check. Thin: they take ids,
call a service, and are safe to run twice (the services claim before they act)."""

from __future__ import annotations

from celery import shared_task

from supervision.services import emails, once, selfcheck


@shared_task(acks_late=True, bind=True, max_retries=None, name="supervision.tasks.send_email")
def send_email(self, delivery_id: int) -> str:
    """Send one outbox e-mail at most once; on failure retry with exponential backoff (the
    delay is the one stored on the row, so the sweep's re-queue agrees with it)."""
    try:
        return emails.email_send(delivery_id)
    except emails.RetryLater as exc:
        # No max_retries here: the row's attempt count (EMAIL_MAX_ATTEMPTS) decides when to
        # give up, and then email_send returns "failed" instead of raising.
        raise self.retry(exc=exc, countdown=exc.delay) from None


@shared_task(acks_late=True, name="supervision.tasks.nightly_selfcheck")
def nightly_selfcheck() -> int:
    """Beat, 02:30: run every self-check once for today (a second beat writes nothing)."""
    report = selfcheck.run_selfcheck(nightly=True)
    return report.problem_count if report is not None else -1


@shared_task(acks_late=True, name="supervision.tasks.purge_form_submissions")
def purge_form_submissions() -> int:
    """Beat, 03:10: forget one-time form tokens and idempotency keys older than
    ``FORM_TOKEN_DAYS`` (90): a page kept open, or a retry sent, after that long is taken as a
    new submission — the table does not grow for ever."""
    return once.purge_old_submissions()
