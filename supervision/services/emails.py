"""Sending the e-mail outbox (``EmailDelivery``) at most once per row, with backoff.

The sequence for one row:

1. *claim* — ``UPDATE … SET status='sending' WHERE pk=… AND status='pending'`` in its own
   transaction (``durable``: it must be committed before anything leaves); a row another
   worker (or an earlier try) already claimed changes nothing and is left alone;
2. *send* through Django's e-mail backend (console in the embedded mode, SMTP in production);
3. *mark* ``sent``, or on an exception put the row back to ``pending`` with
   ``next_attempt_at`` pushed out exponentially (30 s, 1 min, 2 min … capped at an hour) and
   let the Celery task retry then; after ``EMAIL_MAX_ATTEMPTS`` it stays ``failed``.

A worker killed between 1 and 3 leaves the row ``sending``: the mail may or may not have left,
so it is never sent again automatically — the nightly self-check lists such rows for a person to
decide. That is the price of "never twice"; the window is one SMTP conversation long.

Every e-mail the system sends is such a row: the copy of an in-app notification, a daily
digest, or a *letter* (:func:`email_letter`, e.g. a liaison's invitation) — a notification
whose e-mail has a body of its own and goes out whatever the recipient's e-mail mode.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext, gettext_noop, override

from supervision.choices import EmailStatus
from supervision.models import EmailDelivery, Notification, User
from supervision.services.notifications import notify, preference_of

logger = logging.getLogger(__name__)

#: Notification code → body of its letter. A letter's subject is the notification's text (its
#: ``MESSAGES`` entry); its body is this msgid with the same params, both in the recipient's
#: language when it is sent, without the link and the digest footer of a notification e-mail.
LETTERS: dict[str, str] = {
    "liaison.invited": gettext_noop(
        "%(name)s：\n\n%(inviter)s 邀请您作为 %(agency)s 的联络员使用检察监督案件管理系统，"
        "接收检察机关的监督文书并书面回复。\n\n请在 %(days)s 天内打开以下链接设置密码（链接仅可使用一次）：\n"
        "%(link)s\n\n您的用户名是：%(username)s"),
    "liaison.added": gettext_noop(
        "%(name)s：\n\n%(inviter)s 已将您添加为 %(agency)s 的联络员。登录后可在页面顶部切换所代表的单位。"),
}


class RetryLater(Exception):
    """Sending failed and the row is pending again; retry after ``delay`` seconds."""

    def __init__(self, delivery_id: int, delay: int) -> None:
        super().__init__(f"e-mail {delivery_id}: retry in {delay} s")
        self.delay = delay


def retry_delay(attempts: int) -> int:
    """Seconds to wait after the ``attempts``-th failure: exponential, capped."""
    base, cap = settings.EMAIL_RETRY_BASE_SECONDS, settings.EMAIL_RETRY_MAX_SECONDS
    return int(min(base * 2 ** max(attempts - 1, 0), cap))


def email_send(delivery_id: int) -> str:
    """Send one outbox row if it is still pending; returns its new status, or ``""`` when
    this call did not claim it (already sent, being sent, or gone). Raises RetryLater."""
    now = timezone.now()
    with transaction.atomic(durable=True):
        claimed = EmailDelivery.objects.filter(pk=delivery_id, status=EmailStatus.PENDING).update(
            status=EmailStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if claimed != 1:
        return ""
    delivery = EmailDelivery.objects.select_related(
        "recipient", "recipient__notification_preference", "notification").get(pk=delivery_id)
    try:
        message = build_message(delivery)
        if message is not None:
            message.send(fail_silently=False)
    except Exception as exc:  # noqa: BLE001 — whatever the backend raises is retried
        return _release(delivery, exc)
    status = EmailStatus.SENT if message is not None else EmailStatus.SKIPPED
    EmailDelivery.objects.filter(pk=delivery_id, status=EmailStatus.SENDING).update(
        status=status, sent_at=timezone.now() if message is not None else None, last_error="")
    return status


def _release(delivery: EmailDelivery, exc: Exception) -> str:
    """Put a failed row back to pending (or failed for good) and ask for a retry."""
    error = f"{type(exc).__name__}: {exc}"[:300]
    if delivery.attempts >= settings.EMAIL_MAX_ATTEMPTS:
        EmailDelivery.objects.filter(pk=delivery.pk, status=EmailStatus.SENDING).update(
            status=EmailStatus.FAILED, last_error=error)
        logger.error("e-mail %s failed for good after %s attempts: %s", delivery.pk,
                     delivery.attempts, error)
        return EmailStatus.FAILED
    delay = retry_delay(delivery.attempts)
    EmailDelivery.objects.filter(pk=delivery.pk, status=EmailStatus.SENDING).update(
        status=EmailStatus.PENDING, last_error=error,
        next_attempt_at=timezone.now() + datetime.timedelta(seconds=delay))
    logger.warning("e-mail %s attempt %s failed (%s); retry in %s s", delivery.pk,
                   delivery.attempts, error, delay)
    raise RetryLater(delivery.pk, delay) from exc


#: Params a letter gets only when it is written (never stored): code → ``fn(recipient, params)``.
_SEND_TIME_PARAMS: dict[str, Callable[[User, Mapping[str, Any]], Mapping[str, Any]]] = {}


def register_send_time_params(
        code: str, provider: Callable[[User, Mapping[str, Any]], Mapping[str, Any]]) -> None:
    """Let the app that owns letter ``code`` add params when the e-mail is written — a
    one-time link's token, which must not sit in the database beside the notification. The
    agency directory registers the invitation link (``AgenciesConfig.ready``)."""
    _SEND_TIME_PARAMS[code] = provider


def _letter_params(note: Notification) -> Mapping[str, Any]:
    provider = _SEND_TIME_PARAMS.get(note.code)
    return {**note.params, **provider(note.recipient, note.params)} if provider else note.params


def build_message(delivery: EmailDelivery) -> EmailMessage | None:
    """The e-mail, written in the recipient's language; None for a digest with nothing in it."""
    recipient = delivery.recipient
    if not recipient.email:
        return None
    with override(preference_of(recipient)[1]):
        if delivery.notification_id is not None and delivery.notification.code in LETTERS:
            note = delivery.notification
            subject, body = note.text, gettext(LETTERS[note.code]) % _letter_params(note)
        elif delivery.notification_id is not None:
            note = delivery.notification
            subject = gettext("【检察监督】%(text)s") % {"text": note.text}
            body = note.text
            if note.link:
                body += "\n\n" + settings.SITE_URL.rstrip("/") + note.link
            body += "\n\n" + gettext("此邮件由系统自动发送。如需改为每日汇总一封，请在“通知设置”中修改。")
        else:
            rendered = import_string(settings.DIGEST_RENDERER)(recipient, delivery.digest_on)
            if rendered is None:
                return None
            subject, body = rendered
    return EmailMessage(subject=subject[:200].replace("\n", " "), body=body,
                        from_email=settings.DEFAULT_FROM_EMAIL, to=[recipient.email],
                        headers={"X-Delivery-Id": str(delivery.pk)})


def email_letter(*, recipient: User, code: str, params: Mapping[str, Any]) -> Notification:
    """Write a letter to ``recipient`` (``code`` in :data:`LETTERS`) and queue it for sending
    once the current transaction commits; call inside the writing transaction.

    It goes out whatever the recipient's e-mail mode (an invitation cannot wait for a digest),
    through the same outbox row, task and retries as every other e-mail, written when it is
    sent in the recipient's language (their notification preference, else ``LANGUAGE_CODE``).
    A mail server that fails leaves the row pending for a retry; it never undoes the write.
    The notification it forwards is also the recipient's record of it in the bell.
    """
    if code not in LETTERS:
        raise ValueError(f"{code!r} is not a letter")
    return notify([recipient], code, params, mail_always=True)[0]


def due_email_ids(limit: int = 500) -> list[int]:
    """Pending e-mails whose backoff has passed (``email_pending_idx``), oldest first: their
    task may have been lost, so the sweep queues them again (sending claims, so a duplicate
    task is harmless)."""
    return list(EmailDelivery.objects.filter(status=EmailStatus.PENDING,
                                             next_attempt_at__lte=timezone.now())
                .order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
