"""The agency directory for procuratorate staff: ``GET /api/agencies/`` (filtered by
:class:`agencies.filtersets.AgencyFilter`, keyset paginated by name) and
``GET /api/agencies/{id}/`` (with the names of its active liaisons).

Staff read the agencies supervised within their scope — their procuratorate, or its subtree
for a supervisor (``supervision.permissions.dashboard_scope``, the scope of their lists and
dashboards). Anyone else — a liaison, the congress observer, an administrator, a system
account without a staff role — is told nothing: the list and every agency answer 404."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.exceptions import NotFound

from agencies.filtersets import AgencyFilter
from agencies.models import Agency, LiaisonMembership
from agencies.permissions import directory_visible_to, may_read_directory
from supervision.api.viewsets import VisibleReadOnlyModelViewSet
from supervision.pagination import KeysetPagination

from . import serializers as s


class DirectoryPagination(KeysetPagination):
    """By name (unique), as a directory reads."""

    ordering = ("name",)


LIST_PARAMETERS = [
    OpenApiParameter("q", str, description=_("搜索：单位名称、地区、行业或上级机关中包含的文字")),
    OpenApiParameter("agency_type", str, description=_("单位类型（如 court、police）"),
                     enum=[value for value, _label in Agency._meta.get_field(
                         "agency_type").choices]),
    OpenApiParameter("level", str, description=_("层级"), enum=[
        value for value, _label in Agency._meta.get_field("level").choices]),
    OpenApiParameter("procuratorate", int,
                     description=_("监督检察院的 id（含其下级院），限于本人的范围")),
]


@extend_schema_view(
    list=extend_schema(
        summary=_("被监督单位名录"),
        description=_("本院（上级院为本院及下级院）监督的被监督单位，按名称排序，游标分页。"
                      "仅检察院工作人员可用；联络员、人大观察员和管理员得到 404。"),
        parameters=LIST_PARAMETERS),
    retrieve=extend_schema(
        summary=_("被监督单位详情"),
        description=_("单位的类型、层级、上级机关、联系地址及其有效联络员的姓名。"
                      "不在本人范围内的单位得到 404。")),
)
class AgencyViewSet(VisibleReadOnlyModelViewSet):
    visible_to = directory_visible_to
    filterset_class = AgencyFilter
    pagination_class = DirectoryPagination

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)  # authenticated (or refused) from here on
        if not may_read_directory(request.user):
            raise NotFound

    def shape_queryset(self, queryset: QuerySet[Agency]) -> QuerySet[Agency]:
        qs = queryset.select_related("supervising_procuratorate", "superior")
        if self.action == "retrieve":
            liaisons = (LiaisonMembership.objects
                        .filter(is_active=True, user__is_active=True)
                        .select_related("user").order_by("-is_responsible", "user__username"))
            qs = qs.prefetch_related(Prefetch("memberships", queryset=liaisons,
                                              to_attr="active_memberships"))
        return qs

    def get_serializer_class(self):
        return s.AgencyDetailSerializer if self.action == "retrieve" else s.AgencySerializer
