"""The inspection API: the same visibility, services and refusals as the pages.

Visibility comes from the base viewset (``supervision.api.viewsets``) with
``inspections_visible_to``; a write needs an inspection the caller may work on, else 404; the
services' refusals answer 400 / 403."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from agencies.models import Agency
from recommendations.models import InstrumentType
from supervision.api.viewsets import VisibleModelViewSet
from supervision.models import Matter, User

from .. import services
from ..filtersets import InspectionFilter
from ..models import Inspection
from ..permissions import get_finding, inspection_to_work_on, inspections_visible_to
from . import serializers as s

NOT_FOUND = OpenApiResponse(description=_("巡回检察不存在、无权查看或无权办理"))
FINDING_PK = OpenApiParameter("finding_pk", int, OpenApiParameter.PATH,
                              description=_("问题的 id（须属于该巡回检察）"))


def _detail(inspection: Inspection) -> dict:
    inspection = (Inspection.objects.select_related("institution", "leader")
                  .prefetch_related("members", "findings__case", "findings__recommendation")
                  .get(pk=inspection.pk))
    return s.InspectionDetailSerializer(inspection).data


def _one(model, pk: int | None, field: str, **filters):
    found = model.objects.filter(pk=pk, **filters).first() if pk is not None else None
    if found is None:
        raise ValidationError({field: [_("所选对象不存在。")]})
    return found


def _inputs(user: User, data: dict) -> dict:
    """Ids → rows; the services check everything else (types, scope, roles)."""
    values = dict(data)
    values["institution"] = _one(Agency, values["institution"], "institution")
    values["leader"] = _one(User, values["leader"], "leader")
    ids = set(values.pop("members"))
    members = list(User.objects.filter(pk__in=ids))
    if len(members) != len(ids):
        raise ValidationError({"members": [_("所选对象不存在。")]})
    values["members"] = members
    return values


@extend_schema_view(
    list=extend_schema(summary=_("巡回检察列表"),
                       description=_("本院（上级院案件管理人员另见下级院）的巡回检察、派驻检察，按开始日期"
                                     "新→旧，游标分页；可按状态、方式、被检察单位、期间和关键词筛选。")),
    retrieve=extend_schema(summary=_("一次巡回检察"),
                           description=_("巡回检察及其检察组、发现的问题和处理、整改情况；无权查看的得到 404。"),
                           responses={200: s.InspectionDetailSerializer, 404: NOT_FOUND}),
)
class InspectionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, VisibleModelViewSet):
    """Inspections in the caller's scope; writes for the team."""

    visible_to = inspections_visible_to
    filterset_class = InspectionFilter
    ordering = ("-start_date", "-pk")

    def get_serializer_class(self) -> type:
        return (s.InspectionDetailSerializer if self.action == "retrieve"
                else s.InspectionSerializer)

    def shape_queryset(self, queryset: QuerySet[Inspection]) -> QuerySet[Inspection]:
        qs = queryset.select_related("institution", "leader").order_by("-start_date", "-pk")
        if self.action == "retrieve":
            qs = qs.prefetch_related("members", "findings__case", "findings__recommendation")
        return qs

    def _worked(self, pk: str) -> Inspection:
        self.get_object()  # 404 for an inspection the caller may not see, first
        return inspection_to_work_on(self.request.user, int(pk))

    @extend_schema(summary=_("安排巡回检察"),
                   description=_("与“安排巡回检察”页面相同：被检察单位须是本院监督的监狱、看守所、社区矫正"
                                 "机构或强制医疗所；组长为本院检察官、部门负责人或检察长。"),
                   request=s.InspectionInputSerializer,
                   responses={201: s.InspectionDetailSerializer})
    def create(self, request: Request) -> Response:
        data = self.validated(s.InspectionInputSerializer)
        inspection = services.inspection_plan(actor=request.user,
                                              **_inputs(request.user, data))
        return Response(_detail(inspection), status=status.HTTP_201_CREATED)

    @extend_schema(summary=_("开始检察"), request=s.StartInputSerializer,
                   responses={200: s.InspectionDetailSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["post"])
    def start(self, request: Request, pk: str) -> Response:
        inspection = self._worked(pk)
        data = self.validated(s.StartInputSerializer)
        services.inspection_start(actor=request.user, inspection=inspection,
                                  **data)
        return Response(_detail(inspection))

    @extend_schema(summary=_("结束检察并反馈"),
                   description=_("检察情况及总体评价、整改要求和反馈日期；每项问题须已处理。"
                                 "由组长、部门负责人或检察长办理。"),
                   request=s.InspectionConcludeInputSerializer,
                   responses={200: s.InspectionDetailSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["post"])
    def conclude(self, request: Request, pk: str) -> Response:
        inspection = self._worked(pk)
        data = self.validated(s.InspectionConcludeInputSerializer)
        services.inspection_conclude(actor=request.user, inspection=inspection,
                                     **data)
        return Response(_detail(inspection))

    @extend_schema(summary=_("撤销巡回检察"), request=s.InspectionCancelInputSerializer,
                   responses={200: s.InspectionDetailSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        inspection = self._worked(pk)
        data = self.validated(s.InspectionCancelInputSerializer)
        services.inspection_cancel(actor=request.user, inspection=inspection,
                                   **data)
        return Response(_detail(inspection))

    @extend_schema(summary=_("登记发现的问题"), request=s.FindingInputSerializer,
                   responses={201: s.FindingSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["post"])
    def findings(self, request: Request, pk: str) -> Response:
        inspection = self._worked(pk)
        data = self.validated(s.FindingInputSerializer)
        finding = services.finding_add(actor=request.user, inspection=inspection,
                                       **data)
        return Response(s.FindingSerializer(finding).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary=_("问题转为案件或文书"),
                   description=_("to=case：以被检察单位为被监督单位登记监督案件；to=instrument：同时拟制"
                                 "主送被检察单位的文书草稿（instrument_type、body 必填）。"),
                   parameters=[FINDING_PK], request=s.ConvertInputSerializer,
                   responses={200: s.FindingSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["post"], url_path=r"findings/(?P<finding_pk>\d+)/convert",
            url_name="finding-convert")
    def convert(self, request: Request, pk: str, finding_pk: str) -> Response:
        inspection = self._worked(pk)
        finding = get_finding(inspection, int(finding_pk))
        v = self.validated(s.ConvertInputSerializer)
        matter = _one(Matter, v["matter"], "matter")
        if v["to"] == "case":
            services.finding_to_case(actor=request.user, finding=finding, matter=matter,
                                     title=v["title"], summary=v["summary"])
        else:
            instrument_type = InstrumentType.objects.filter(code=v["instrument_type"]).first()
            if instrument_type is None:
                raise ValidationError({"instrument_type": [_("请选择纠正违法通知书或检察建议。")]})
            services.finding_to_instrument(
                actor=request.user, finding=finding, matter=matter,
                instrument_type=instrument_type, title=v["title"], body=v["body"],
                legal_basis=v["legal_basis"])
        return Response(s.FindingSerializer(get_finding(inspection, finding.pk)).data)

    @extend_schema(summary=_("登记口头纠正"), parameters=[FINDING_PK],
                   request=s.OralInputSerializer,
                   responses={200: s.FindingSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["post"], url_path=r"findings/(?P<finding_pk>\d+)/oral",
            url_name="finding-oral")
    def oral(self, request: Request, pk: str, finding_pk: str) -> Response:
        inspection = self._worked(pk)
        finding = get_finding(inspection, int(finding_pk))
        data = self.validated(s.OralInputSerializer)
        finding = services.finding_correct_on_spot(actor=request.user, finding=finding,
                                                   **data)
        return Response(s.FindingSerializer(finding).data)

    @extend_schema(summary=_("登记整改措施"), parameters=[FINDING_PK],
                   request=s.RectifyingInputSerializer,
                   responses={200: s.FindingSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["post"], url_path=r"findings/(?P<finding_pk>\d+)/rectifying",
            url_name="finding-rectifying")
    def rectifying(self, request: Request, pk: str, finding_pk: str) -> Response:
        inspection = self._worked(pk)
        finding = get_finding(inspection, int(finding_pk))
        data = self.validated(s.RectifyingInputSerializer)
        finding = services.finding_rectifying(actor=request.user, finding=finding,
                                              **data)
        return Response(s.FindingSerializer(finding).data)

    @extend_schema(summary=_("核查整改结果"),
                   description=_("已转为文书的问题，须待文书办结后核查。"), parameters=[FINDING_PK],
                   request=s.VerifyInputSerializer,
                   responses={200: s.FindingSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["post"], url_path=r"findings/(?P<finding_pk>\d+)/verify",
            url_name="finding-verify")
    def verify(self, request: Request, pk: str, finding_pk: str) -> Response:
        inspection = self._worked(pk)
        finding = get_finding(inspection, int(finding_pk))
        data = self.validated(s.VerifyInputSerializer)
        finding = services.finding_verify(actor=request.user, finding=finding,
                                          **data)
        return Response(s.FindingSerializer(finding).data)


__all__ = ["InspectionViewSet"]
