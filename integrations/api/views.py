"""The webhook API: the caller's own subscriptions and their delivery log.

``/api/webhook-subscriptions/`` lists, makes (201 with the secret, shown this once), changes
and deactivates (``POST …/{id}/deactivate/``) the caller's subscriptions;
``/api/webhook-deliveries/`` is the delivery log (``?subscription=`` one subscription's,
``?status=``), ``POST …/{id}/redeliver/`` makes one more attempt. Another user's
subscription or delivery answers 404; the services write and audit."""

from __future__ import annotations

from typing import ClassVar

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from integrations import services
from integrations.models import DeliveryStatus, WebhookDelivery
from integrations.permissions import deliveries_visible_to, subscriptions_visible_to
from supervision.api.viewsets import VisibleModelViewSet, VisibleReadOnlyModelViewSet
from supervision.filtersets import IdFilter

from . import serializers as s

_NOT_FOUND = OpenApiResponse(description=_("不存在，或不是本人的订阅"))
_REFUSED = OpenApiResponse(description=_("输入有误或当前状态不允许，附字段与原因"))


@extend_schema_view(
    list=extend_schema(summary=_("我的 Webhook 订阅"),
                       description=_("本人的 Webhook 订阅，最新的在前，游标分页。")),
    retrieve=extend_schema(summary=_("一个 Webhook 订阅"),
                           description=_("本人的一个订阅；他人的订阅得到 404。"),
                           responses={200: s.SubscriptionSerializer, 404: _NOT_FOUND}),
)
class SubscriptionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, VisibleModelViewSet):
    visible_to = subscriptions_visible_to
    serializer_class = s.SubscriptionSerializer

    @extend_schema(
        summary=_("新建 Webhook 订阅"),
        description=_("新建订阅：接收地址须为 http(s)，不得指向内部网络、本机或保留地址（系统管理员"
                      "允许的除外）。应答中的 secret 是签名密钥，只出现这一次。"
                      "联络员可订阅本单位文书的事件（逾期升级除外），检察院人员和系统账号可订阅其可见文书的事件。"),
        request=s.SubscriptionInputSerializer,
        responses={201: s.SubscriptionCreatedSerializer, 400: _REFUSED,
                   403: OpenApiResponse(description=_("本账号不能订阅 Webhook"))})
    def create(self, request: Request) -> Response:
        data = s.SubscriptionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        sub, secret = services.subscription_create(actor=request.user, **data.validated_data)
        sub.secret = secret
        return Response(s.SubscriptionCreatedSerializer(sub).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("修改 Webhook 订阅"),
        description=_("修改名称、接收地址、事件类型，或启用/停用。"),
        request=s.SubscriptionUpdateSerializer,
        responses={200: s.SubscriptionSerializer, 400: _REFUSED, 404: _NOT_FOUND})
    def update(self, request: Request, pk: str) -> Response:
        sub = self.get_object()
        data = s.SubscriptionUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        sub = services.subscription_update(actor=request.user, subscription=sub,
                                           **data.validated_data)
        return Response(s.SubscriptionSerializer(sub).data)

    @extend_schema(
        summary=_("停用 Webhook 订阅"),
        description=_("停用后不再为其生成新事件，待发送的投递暂停，重新启用后继续发送。"),
        request=None,
        responses={200: s.SubscriptionSerializer, 400: _REFUSED, 404: _NOT_FOUND})
    @action(detail=True, methods=["post"])
    def deactivate(self, request: Request, pk: str) -> Response:
        sub = services.subscription_deactivate(actor=request.user, subscription=self.get_object())
        return Response(s.SubscriptionSerializer(sub).data)

    @extend_schema(
        summary=_("更换签名密钥"),
        description=_("生成新的签名密钥，旧密钥立即失效；新密钥只在此次应答中出现一次。"),
        request=None,
        responses={200: s.SubscriptionCreatedSerializer, 404: _NOT_FOUND})
    @action(detail=True, methods=["post"], url_path="rotate-secret", url_name="rotate-secret")
    def rotate_secret(self, request: Request, pk: str) -> Response:
        sub, secret = services.subscription_rotate_secret(actor=request.user,
                                                          subscription=self.get_object())
        sub.secret = secret
        return Response(s.SubscriptionCreatedSerializer(sub).data)


class DeliveryFilter(django_filters.FilterSet):
    subscription = IdFilter(field_name="subscription_id", label=_("订阅编号"))
    status = django_filters.ChoiceFilter(choices=DeliveryStatus.choices, label=_("状态"))

    class Meta:
        model = WebhookDelivery
        fields: ClassVar[list[str]] = []


@extend_schema_view(
    list=extend_schema(summary=_("Webhook 投递记录"),
                       description=_("本人订阅的投递记录（每个事件一条），最新的在前，游标分页；"
                                     "可按订阅和状态筛选。")),
    retrieve=extend_schema(summary=_("一条 Webhook 投递"),
                           description=_("投递详情：发送的正文和每次尝试的响应码、耗时与响应摘要。"),
                           responses={200: s.DeliveryDetailSerializer, 404: _NOT_FOUND}),
)
class DeliveryViewSet(VisibleReadOnlyModelViewSet):
    visible_to = deliveries_visible_to
    filterset_class = DeliveryFilter

    def shape_queryset(self, queryset: QuerySet[WebhookDelivery]) -> QuerySet[WebhookDelivery]:
        qs = queryset.select_related("event")
        if self.action == "retrieve":
            qs = qs.prefetch_related("attempt_log")
        return qs

    def get_serializer_class(self):
        return s.DeliveryDetailSerializer if self.action == "retrieve" else s.DeliverySerializer

    @extend_schema(
        summary=_("重新投递"),
        description=_("立即再发送一次该事件（事件编号不变，接收方可据此去重）；"
                      "正在等待发送的投递不能重复提交。"),
        request=None,
        responses={202: s.DeliverySerializer, 400: _REFUSED, 404: _NOT_FOUND})
    @action(detail=True, methods=["post"])
    def redeliver(self, request: Request, pk: str) -> Response:
        row = services.delivery_redeliver(actor=request.user, delivery=self.get_object())
        row = self.get_queryset().get(pk=row.pk)
        return Response(s.DeliverySerializer(row).data, status=status.HTTP_202_ACCEPTED)


