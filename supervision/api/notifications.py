"""The caller's own notifications, as the notifications page shows them:
``GET /api/notifications/`` (newest first, keyset paginated, ``?unread=true`` for the unread
ones), ``GET /api/notifications/{id}/`` and ``POST /api/notifications/mark-read/`` (every
unread one read now, as the page's 全部标为已读 button; the page marks no single one).

Nobody reads another person's notifications: the rows are ``notifications_of(request.user)``,
so another's id answers 404. The text is rendered in the requester's language (the page's
rule: ``supervision.services.notifications.render_message``, the language chosen by
``Accept-Language`` or the session)."""

from __future__ import annotations

from typing import ClassVar

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from supervision.models import Notification
from supervision.selectors import notifications_of
from supervision.services.notifications import notifications_mark_read

from .viewsets import VisibleReadOnlyModelViewSet


class NotificationFilter(django_filters.FilterSet):
    #: ``true`` or ``false``; anything else is a 400 naming the parameter.
    unread = django_filters.TypedChoiceFilter(
        label=_("未读"), method="filter_unread", choices=[("true", _("是")), ("false", _("否"))],
        coerce=lambda value: value == "true")

    class Meta:
        model = Notification
        fields: ClassVar[list[str]] = []

    def filter_unread(self, queryset: QuerySet[Notification], name: str,
                      value: bool | None) -> QuerySet[Notification]:
        if value in (None, ""):
            return queryset
        return queryset.filter(read_at__isnull=value)


class NotificationSerializer(serializers.ModelSerializer):
    text = serializers.CharField(read_only=True, help_text=_("通知内容，按请求者的语言呈现。"))
    unread = serializers.SerializerMethodField(help_text=_("尚未标为已读。"))

    class Meta:
        model = Notification
        fields = ["id", "code", "text", "link", "created_at", "read_at", "unread"]
        read_only_fields = fields

    def get_unread(self, notification: Notification) -> bool:
        return notification.read_at is None


@extend_schema_view(
    list=extend_schema(
        summary=_("我的通知"),
        description=_("本人的通知，最新的在前，游标分页；内容按请求的语言（Accept-Language）呈现。"),
        parameters=[OpenApiParameter("unread", bool, description=_(
            "true：只列未读通知；false：只列已读通知"))]),
    retrieve=extend_schema(
        summary=_("一条通知"),
        description=_("本人的一条通知；他人的通知得到 404。")),
)
class NotificationViewSet(VisibleReadOnlyModelViewSet):
    visible_to = notifications_of
    #: For the schema generator only (it asks for the model without a user); every query
    #: starts from ``notifications_of(request.user)``.
    queryset = Notification.objects.none()
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter

    @extend_schema(
        summary=_("全部标为已读"),
        description=_("把本人所有未读通知标为已读（与通知页面的“全部标为已读”相同），返回标记的条数。"),
        request=None,
        responses=inline_serializer("NotificationsMarkedRead", {
            "marked": serializers.IntegerField(help_text=_("本次标为已读的条数"))}))
    @action(detail=False, methods=["post"], url_path="mark-read", url_name="mark-read")
    def mark_read(self, request: Request) -> Response:
        return Response({"marked": notifications_mark_read(actor=request.user)})
