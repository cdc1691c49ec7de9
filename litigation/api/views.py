"""The public-interest suit API: the same visibility as the pages (read-only).

Visibility comes from the base viewset (``supervision.api.viewsets``) with
``suits_visible_to``: a suit of a case the caller may not see answers 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view

from supervision.api.viewsets import VisibleReadOnlyModelViewSet

from ..filtersets import SuitFilter
from ..models import PublicInterestSuit
from ..permissions import suits_visible_to
from . import serializers as s

NOT_FOUND = OpenApiResponse(description=_("公益诉讼不存在或无权查看"))


@extend_schema_view(
    list=extend_schema(summary=_("公益诉讼列表"),
                       description=_("本人可查看的案件的公益诉讼，按登记时间新→旧，游标分页；"
                                     "可按阶段、诉讼类型、受诉法院和关键词筛选。")),
    retrieve=extend_schema(summary=_("一件公益诉讼"),
                           description=_("公益诉讼及其公告、庭审、裁判、上诉和执行情况；无权查看的得到 404。"),
                           responses={200: s.SuitDetailSerializer, 404: NOT_FOUND}),
)
class PublicInterestSuitViewSet(VisibleReadOnlyModelViewSet):
    """Suits of the cases the caller may see."""

    visible_to = suits_visible_to
    filterset_class = SuitFilter
    ordering = ("-created_at", "-pk")

    def get_serializer_class(self) -> type:
        return s.SuitDetailSerializer if self.action == "retrieve" else s.SuitSerializer

    def shape_queryset(self, queryset: QuerySet[PublicInterestSuit]) -> QuerySet:
        qs = queryset.select_related("case", "court").order_by("-created_at", "-pk")
        if self.action == "retrieve":
            qs = qs.select_related("announcement", "appeal_period", "decided_by").prefetch_related(
                "sessions")
        return qs
