"""The quality review API (read): the same visibility as the pages
(``quality.permissions.reviews_visible_to``); a review the caller may not see answers 404.
The reviews are written on their pages (the checklist is a form of its own)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view

from supervision.api.viewsets import VisibleReadOnlyModelViewSet

from ..filtersets import ReviewFilter
from ..models import Review, ReviewResult
from ..permissions import reviews_visible_to
from . import serializers as s


@extend_schema_view(
    list=extend_schema(summary=_("案件评查列表"),
                       description=_("本人可查看的案件评查（本人评查或发起的、本院部门负责人和检察长、"
                                     "上级院案件管理部门，以及已评定的本人承办案件），按发起时间新→旧，"
                                     "游标分页；可按状态、等次、类型、评查人和评定日期筛选。")),
    retrieve=extend_schema(summary=_("一次案件评查"),
                           description=_("评查及其评查表结果、评查意见、等次和反馈；无权查看的得到 404。"),
                           responses={200: s.ReviewDetailSerializer,
                                      404: OpenApiResponse(description=_("评查不存在或无权查看"))}),
)
class ReviewViewSet(VisibleReadOnlyModelViewSet):
    visible_to = reviews_visible_to
    filterset_class = ReviewFilter
    ordering = ("-created_at", "-pk")

    def get_serializer_class(self) -> type:
        return s.ReviewDetailSerializer if self.action == "retrieve" else s.ReviewSerializer

    def shape_queryset(self, queryset: QuerySet[Review]) -> QuerySet[Review]:
        qs = (queryset.select_related("case", "recommendation", "handler")
              .prefetch_related("reviewers").order_by("-created_at", "-pk"))
        if self.action == "retrieve":
            qs = qs.prefetch_related(Prefetch(
                "results", queryset=ReviewResult.objects.select_related("item")
                .order_by("item__order", "item_id")))
        return qs


__all__ = ["ReviewViewSet"]
