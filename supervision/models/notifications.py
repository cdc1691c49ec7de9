"""In-app notifications, e-mail preferences, the e-mail outbox and calendar feeds."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from supervision.choices import (
    EmailMode,
    EmailStatus,
)


class Notification(models.Model):
    """An in-app notification (the bell). Created by delivery tasks from outbox events.

    The text is stored as a message ``code`` and its ``params`` and rendered with gettext when
    it is shown (``text``), so each recipient reads it in their own language;
    ``message`` is the fallback for rows written before codes existed.
    """

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="notifications", db_index=False)
    event = models.ForeignKey("recommendations.DeadlineEvent", null=True, blank=True,
                              on_delete=models.CASCADE, related_name="notifications")
    message = models.CharField(max_length=300, blank=True)
    code = models.CharField(max_length=60, blank=True)
    params = models.JSONField(default=dict, blank=True)
    link = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "recipient"], name="notification_once_per_event",
                                    violation_error_message=_("同一事件只通知一次。")),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            # The notifications page in keyset order (``recipient_id = X AND id < c``).
            models.Index(fields=["recipient", "id"], name="notification_recipient_pk_idx"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The notification in the active language (see ``supervision.notifications``)."""
        from supervision.services.notifications import render_message

        return render_message(self.code, self.params, fallback=self.message)


class NotificationPreference(models.Model):
    """A user's choice of deadline e-mail (immediate or one daily digest) and the language
    their e-mails and calendar feed are written in. No row: the defaults in settings
    (``NOTIFICATION_DEFAULT_EMAIL_MODE``, ``LANGUAGE_CODE``)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                primary_key=True, related_name="notification_preference")
    email_mode = models.CharField(_("邮件提醒方式"), max_length=20, choices=EmailMode.choices,
                                  default=EmailMode.DIGEST)
    language = models.CharField(_("邮件语言"), max_length=10, choices=settings.LANGUAGES,
                                default=settings.LANGUAGE_CODE)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("通知设置")
        verbose_name_plural = _("通知设置")

    def __str__(self) -> str:
        return f"{self.user} · {self.email_mode}"


class EmailDelivery(models.Model):
    """Outbox row of one e-mail to one person: the copy of one in-app notification, or one
    daily digest (keyed by recipient and date).

    Sending claims the row with ``UPDATE … SET status='sending' WHERE status='pending'`` in its
    own committed transaction and only then talks to the mail server, so two workers, a retried
    task or a re-run never send it twice; a failure puts it back to ``pending`` with a later
    ``next_attempt_at`` (exponential backoff).
    """

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="email_deliveries")
    notification = models.OneToOneField(Notification, null=True, blank=True,
                                        on_delete=models.CASCADE, related_name="email")
    digest_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=EmailStatus.choices,
                              default=EmailStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("邮件投递")
        verbose_name_plural = _("邮件投递")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(notification__isnull=False, digest_on__isnull=True)
                           | models.Q(notification__isnull=True, digest_on__isnull=False)),
                name="email_delivery_one_subject",
                violation_error_message=_("一封邮件要么转发一条通知，要么是一份每日汇总。")),
            models.UniqueConstraint(fields=["recipient", "digest_on"],
                                    condition=models.Q(digest_on__isnull=False),
                                    name="email_digest_once_per_day",
                                    violation_error_message=_("每人每天只发一份汇总。")),
        ]
        indexes = [
            # Used by recommendations.tasks.sweep_deadlines to re-queue e-mails whose task was
            # lost (worker killed, broker restarted) once their backoff has passed.
            models.Index(fields=["next_attempt_at"], name="email_pending_idx",
                         condition=models.Q(status="pending")),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.digest_on or self.notification_id} · {self.status}"


class CalendarFeed(models.Model):
    """A user's secret calendar subscription URL (ICS feed of their own due dates).

    The token is the only credential of the feed: it is random (256 bits), shown to its owner
    on the settings page, and revoked by setting ``revoked_at`` (the old URL then answers 404).
    At most one live feed per user.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="calendar_feeds")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("日历订阅")
        verbose_name_plural = _("日历订阅")
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=models.Q(revoked_at__isnull=True),
                                    name="calendar_feed_one_live_per_user",
                                    violation_error_message=_("每人只能有一个有效的日历订阅地址。")),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {'revoked' if self.revoked_at else 'live'}"
