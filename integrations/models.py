"""Outbound webhooks (issue 17): subscriptions, the events of an occurrence and their outbox.

A :class:`WebhookSubscription` belongs to one user — an agency's liaison, or a procuratorate's
staff member or system account — and receives the events of the instruments that user may see
(``recommendations.permissions.recommendations_visible_to``). Each occurrence the notification
layer reports (``supervision.services.notifications.notified``) that maps to an event type
becomes one :class:`WebhookEvent` (its ``uuid`` is the id a receiver de-duplicates on) and one
:class:`WebhookDelivery` per subscription that should hear of it, written in the transaction
of the occurrence itself. The unique key (subscription, event) makes the event reach each
subscription once; a worker claims a delivery with a conditional UPDATE and a lease
(``integrations.services.delivery``), and each POST is a :class:`WebhookAttempt` row of the log.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from supervision.fields import EncryptedTextField
from supervision.models.audit import TracksChanges


class EventType(models.TextChoices):
    ISSUED = "instrument.issued", _("文书已发出")
    SERVED = "instrument.served", _("文书已送达")
    ACKNOWLEDGED = "instrument.acknowledged", _("文书已签收")
    REPLY_RECEIVED = "reply.received", _("收到书面回复")
    EXTENSION_DECIDED = "extension.decided", _("延期申请已决定")
    REVIEW_DECIDED = "review.decided", _("异议/复查已决定")
    REMINDER = "deadline.reminder", _("期限提醒")
    OVERDUE = "deadline.overdue", _("回复逾期")
    ESCALATION = "deadline.escalation", _("逾期升级处理")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    DELIVERED = "delivered", _("已送达")
    FAILED = "failed", _("已放弃")


class WebhookSubscription(TracksChanges, models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="webhook_subscriptions", verbose_name=_("订阅人"))
    name = models.CharField(_("名称"), max_length=100)
    url = models.URLField(_("接收地址"), max_length=500)
    #: The HMAC key, shown once when made; stored encrypted (``supervision.crypto``).
    secret = EncryptedTextField(_("签名密钥"), editable=False)
    #: The ``EventType`` values chosen.
    event_types = models.JSONField(_("事件类型"), default=list)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    audit_opaque_fields = ("secret",)

    class Meta:
        verbose_name = _("Webhook 订阅")
        verbose_name_plural = _("Webhook 订阅")
        indexes = [models.Index(fields=["is_active"], name="webhook_sub_active_idx",
                                condition=models.Q(is_active=True))]

    def __str__(self) -> str:
        return self.name

    def event_type_labels(self) -> list[str]:
        labels = dict(EventType.choices)
        return [str(labels.get(t, t)) for t in self.event_types]


class WebhookEvent(models.Model):
    """One occurrence, as the receivers see it: ``uuid`` is its stable id."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event_type = models.CharField(_("事件类型"), max_length=40, choices=EventType.choices)
    #: The notification code it came from (``supervision.services.notifications.MESSAGES``).
    code = models.CharField(max_length=60)
    recommendation = models.ForeignKey("recommendations.Recommendation", on_delete=models.CASCADE,
                                       related_name="+", verbose_name=_("文书"))
    created_at = models.DateTimeField(_("发生时间"), default=timezone.now)

    class Meta:
        verbose_name = _("Webhook 事件")
        verbose_name_plural = _("Webhook 事件")

    def __str__(self) -> str:
        return f"{self.event_type} {self.uuid}"


class WebhookDelivery(models.Model):
    """The outbox row of one event for one subscription; sent until delivered or given up."""

    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE,
                                     related_name="deliveries")
    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    #: The JSON body, fixed when the event happened (the same bytes on every attempt).
    body = models.TextField()
    status = models.CharField(_("状态"), max_length=20, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    #: Set by the worker that claimed it; a claim older than ``WEBHOOK_LEASE_SECONDS`` is a
    #: dead worker's and may be taken again. ``claim`` fences the result of a late worker.
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim = models.UUIDField(null=True, blank=True)
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("最近尝试"), null=True, blank=True)
    last_status_code = models.PositiveIntegerField(_("响应码"), null=True, blank=True)
    last_duration_ms = models.PositiveIntegerField(_("耗时（毫秒）"), null=True, blank=True)
    last_error = models.CharField(_("错误"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Webhook 投递")
        verbose_name_plural = _("Webhook 投递")
        constraints = [models.UniqueConstraint(fields=["subscription", "event"],
                                               name="webhook_delivery_once")]
        indexes = [models.Index(fields=["next_attempt_at"], name="webhook_delivery_due_idx",
                                condition=models.Q(status="pending"))]

    def __str__(self) -> str:
        return f"{self.subscription_id}/{self.event_id}"


class WebhookAttempt(models.Model):
    """One POST of a delivery: what the receiver answered, and how fast."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE,
                                 related_name="attempt_log")
    number = models.PositiveIntegerField(_("第几次"))
    started_at = models.DateTimeField(_("时间"))
    status_code = models.PositiveIntegerField(_("响应码"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("耗时（毫秒）"))
    succeeded = models.BooleanField(default=False)
    response_excerpt = models.CharField(_("响应摘要"), max_length=500, blank=True)
    error = models.CharField(_("错误"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Webhook 投递尝试")
        verbose_name_plural = _("Webhook 投递尝试")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["delivery", "number"],
                                               name="webhook_attempt_once")]
