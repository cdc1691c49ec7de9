"""Serializers of the webhook API: subscriptions (the secret only in the answer that made
it) and deliveries with their attempts."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from integrations.models import EventType, WebhookAttempt, WebhookDelivery, WebhookSubscription


class SubscriptionSerializer(serializers.ModelSerializer):
    event_types = serializers.ListField(child=serializers.ChoiceField(EventType.choices),
                                        help_text=_("订阅的事件类型"))

    class Meta:
        model = WebhookSubscription
        fields = ["id", "name", "url", "event_types", "is_active", "created_at", "updated_at"]
        read_only_fields = fields


class SubscriptionCreatedSerializer(SubscriptionSerializer):
    secret = serializers.CharField(read_only=True, help_text=_(
        "签名密钥，只在此次应答中出现一次，请立即保存。"))

    class Meta(SubscriptionSerializer.Meta):
        fields = [*SubscriptionSerializer.Meta.fields, "secret"]
        read_only_fields = fields


class SubscriptionInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, help_text=_("名称，便于识别"))
    url = serializers.CharField(max_length=500, help_text=_(
        "接收地址（http 或 https）；指向内部网络或本机的地址会被拒绝"))
    event_types = serializers.ListField(child=serializers.ChoiceField(EventType.choices),
                                        allow_empty=False, help_text=_("订阅的事件类型"))


class SubscriptionUpdateSerializer(SubscriptionInputSerializer):
    is_active = serializers.BooleanField(required=False, help_text=_("启用或停用"))


class AttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookAttempt
        fields = ["number", "started_at", "status_code", "duration_ms", "succeeded",
                  "response_excerpt", "error"]
        read_only_fields = fields


class DeliverySerializer(serializers.ModelSerializer):
    event_id = serializers.UUIDField(source="event.uuid", read_only=True,
                                     help_text=_("事件编号（X-Webhook-Id），用于去重"))
    event_type = serializers.ChoiceField(EventType.choices, source="event.event_type",
                                         read_only=True, help_text=_("事件类型"))
    event_created_at = serializers.DateTimeField(source="event.created_at", read_only=True,
                                                 help_text=_("事件发生时间"))
    subscription = serializers.PrimaryKeyRelatedField(read_only=True, help_text=_("所属订阅"))

    class Meta:
        model = WebhookDelivery
        fields = ["id", "subscription", "event_id", "event_type", "event_created_at", "status",
                  "attempts", "next_attempt_at", "delivered_at", "last_attempt_at",
                  "last_status_code", "last_duration_ms", "last_error"]
        read_only_fields = fields


class DeliveryDetailSerializer(DeliverySerializer):
    attempt_log = AttemptSerializer(many=True, read_only=True, help_text=_("每次发送的记录"))
    body = serializers.CharField(read_only=True, help_text=_("发送的 JSON 正文（每次相同）"))

    class Meta(DeliverySerializer.Meta):
        fields = [*DeliverySerializer.Meta.fields, "body", "attempt_log"]
        read_only_fields = fields
