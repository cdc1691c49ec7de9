"""API of the situation reports flow (重大情况通报, seed 004 §7): ``/api/situation-reports/``.

One resource over ``reports_visible_to`` (an agency's liaisons: its own reports; staff: the
reports of their scope), so a report the caller may not see answers 404 on every route. The
agency lists, reads, files (POST on the list) and supplements; the procuratorate lists, reads,
acknowledges, opens a case and closes. Each action calls the same service as its page; a
refusal answers 400 (wrong state, bad value) or 403 (the wrong person) through the base
viewset's exception handler. Gathered by ``duties/api/urls.py``."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response

from supervision.api.viewsets import VisibleReadOnlyModelViewSet
from supervision.choices import Role
from supervision.filtersets import IdFilter
from supervision.input_dates import DATE_BOUNDS
from supervision.models import User
from supervision.permissions import LIAISON_ROLES, require_role
from supervision.uploads import ALLOWED_KINDS, content_type_for, stored_file_response

from ..forms.situation_reports import SituationReportFilter
from ..models import SituationKind, SituationReport, SituationReportFile, SituationSupplement
from ..permissions.situation_reports import reports_visible_to
from ..selectors.situation_reports import leaf_matters
from ..services import situation_reports as services

TAG = ["situation-reports"]
_TEXT = 10_000


def _text(label, *, required: bool = True, max_length: int = _TEXT, **kwargs) -> serializers.CharField:
    return serializers.CharField(label=label, required=required, allow_blank=not required,
                                 max_length=max_length, **kwargs)


# --- Responses ---------------------------------------------------------------------------------

class FileSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name")
    download = serializers.SerializerMethodField()

    class Meta:
        model = SituationReportFile
        fields = ["id", "name", "extension", "size", "sha256", "uploaded_at", "download"]

    def get_download(self, row: SituationReportFile) -> str:
        return reverse("api-situation-report-file", args=[row.report_id, row.pk])


class SupplementSerializer(serializers.ModelSerializer):
    reporter = serializers.CharField(source="reporter.__str__")
    files = FileSerializer(many=True)

    class Meta:
        model = SituationSupplement
        fields = ["id", "content", "reporter", "reported_at", "files"]


class SituationReportListSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    status_label = serializers.CharField(source="get_status_display")
    agency_name = serializers.CharField(source="agency.name")
    urgent = serializers.BooleanField()
    case_number = serializers.CharField(source="case.number", allow_null=True, default=None)

    class Meta:
        model = SituationReport
        fields = ["id", "kind", "kind_label", "urgent", "title", "agency", "agency_name",
                  "procuratorate", "occurred_at", "reported_at", "status", "status_label",
                  "case", "case_number"]


class SituationReportSerializer(SituationReportListSerializer):
    procuratorate_name = serializers.CharField(source="procuratorate.name")
    reporter = serializers.CharField(source="reporter.__str__")
    report_delay_minutes = serializers.SerializerMethodField(
        help_text=gettext_lazy("事发至通报经过的分钟数。"))
    files = FileSerializer(many=True, source="own_files")
    supplements = SupplementSerializer(many=True)

    class Meta(SituationReportListSerializer.Meta):
        fields = [*SituationReportListSerializer.Meta.fields, "procuratorate_name", "place",
                  "summary", "measures", "persons", "reporter", "report_delay_minutes",
                  "acknowledged_at", "instruction", "closed_at", "close_note", "files",
                  "supplements"]

    def get_report_delay_minutes(self, report: SituationReport) -> int:
        return int(report.report_delay.total_seconds() // 60)


class OpenCaseResultSerializer(serializers.Serializer):
    report = SituationReportSerializer()
    case = serializers.IntegerField(help_text=gettext_lazy("新登记的监督案件的编号。"))
    case_number = serializers.CharField()


# --- Requests ----------------------------------------------------------------------------------

class ReportInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(label=gettext_lazy("情况类别"), choices=SituationKind.choices)
    title = _text(gettext_lazy("标题"), max_length=120)
    occurred_at = serializers.DateTimeField(label=gettext_lazy("发生时间"), validators=DATE_BOUNDS)
    place = _text(gettext_lazy("发生地点"), max_length=200)
    summary = _text(gettext_lazy("基本情况"))
    measures = _text(gettext_lazy("已采取的处置措施"))
    persons = _text(gettext_lazy("涉及人员"), required=False)
    files = serializers.ListField(child=serializers.FileField(), required=False,
                                  label=gettext_lazy("附件"))


class SupplementInputSerializer(serializers.Serializer):
    content = _text(gettext_lazy("续报内容"))
    files = serializers.ListField(child=serializers.FileField(), required=False,
                                  label=gettext_lazy("附件"))


class AcknowledgeInputSerializer(serializers.Serializer):
    instruction = _text(gettext_lazy("意见"), required=False)


class OpenCaseInputSerializer(serializers.Serializer):
    matter = serializers.IntegerField(label=gettext_lazy("监督事项"), min_value=1,
                                      max_value=2**63 - 1)
    title = _text(gettext_lazy("案件名称"), required=False, max_length=200)
    handler = serializers.IntegerField(label=gettext_lazy("承办检察官"), min_value=1,
                                       max_value=2**63 - 1, required=False)
    instruction = _text(gettext_lazy("对通报单位的意见"), required=False)


class CloseInputSerializer(serializers.Serializer):
    note = _text(gettext_lazy("办结说明"))


class SituationReportApiFilter(SituationReportFilter):
    """The queue's filters, the agency named by its id (an id the caller may not see narrows
    to nothing)."""

    agency = IdFilter(field_name="agency_id", label=gettext_lazy("通报单位"))


FILE_ID = OpenApiParameter("file_pk", OpenApiTypes.INT, OpenApiParameter.PATH,
                           description=gettext_lazy("附件的 id。"))
FILE_RESPONSES = {(200, media): OpenApiTypes.BINARY for media in sorted(set(ALLOWED_KINDS.values()))}


@extend_schema_view(
    list=extend_schema(tags=TAG, summary=gettext_lazy("重大情况通报列表"), description=gettext_lazy(
        "联络员：本单位报送的通报；检察院人员：本人可查看范围内的通报。最新的在前，游标分页；"
        "可按情况类别、状态、通报单位和通报日期筛选。")),
    retrieve=extend_schema(tags=TAG, summary=gettext_lazy("重大情况通报详情"), description=gettext_lazy(
        "通报及其续报、附件和检察院的办理情况。无权查看的通报答复 404。")),
)
class SituationReportViewSet(VisibleReadOnlyModelViewSet):
    """Major-situation reports the caller may see; anything else answers 404."""

    visible_to = reports_visible_to
    filterset_class = SituationReportApiFilter

    def get_serializer_class(self):
        return SituationReportListSerializer if self.action == "list" else SituationReportSerializer

    def shape_queryset(self, queryset):
        queryset = queryset.select_related("agency", "case").order_by("-pk")
        if self.action == "list":
            return queryset
        return queryset.select_related("procuratorate", "reporter").prefetch_related(
            Prefetch("supplements", SituationSupplement.objects.select_related("reporter")
                     .prefetch_related("files")),
            Prefetch("files", SituationReportFile.objects.filter(supplement__isnull=True),
                     to_attr="own_files"))

    def _detail(self, report: SituationReport, request) -> dict:
        report = self.get_queryset().get(pk=report.pk)
        return SituationReportSerializer(report, context={"request": request}).data

    # --- the agency --------------------------------------------------------------------------

    @extend_schema(tags=TAG, summary=gettext_lazy("报送重大情况"), description=gettext_lazy(
        "被监督单位联络员向本单位的监督检察院报送重大情况（multipart/form-data 可带附件 files，"
        "按内容校验类型）。被监管人死亡、脱逃即时通知检察长和部门负责人。非联络员答复 404。"),
        request={"multipart/form-data": ReportInputSerializer,
                 "application/json": ReportInputSerializer},
        responses={201: SituationReportSerializer})
    def create(self, request) -> Response:
        require_role(request.user, LIAISON_ROLES)
        data = self.validated(ReportInputSerializer)
        report = services.situation_report_file(
            actor=request.user, kind=data["kind"], title=data["title"],
            occurred_at=data["occurred_at"], place=data["place"], summary=data["summary"],
            measures=data["measures"], persons=data.get("persons", ""),
            files=data.get("files") or [])
        return Response(self._detail(report, request), status=status.HTTP_201_CREATED)

    @extend_schema(tags=TAG, summary=gettext_lazy("续报"), description=gettext_lazy(
        "通报单位联络员就同一情况续报（可带附件 files）。已办结的通报不能续报（400）；"
        "其他人答复 403 或 404。"),
        request={"multipart/form-data": SupplementInputSerializer,
                 "application/json": SupplementInputSerializer},
        responses={201: SituationReportSerializer})
    @action(detail=True, methods=["post"])
    def supplement(self, request, pk=None) -> Response:
        report = self.get_object()
        data = self.validated(SupplementInputSerializer)
        services.situation_report_supplement(actor=request.user, report=report,
                                             content=data["content"], files=data.get("files") or [])
        return Response(self._detail(report, request), status=status.HTTP_201_CREATED)

    @extend_schema(tags=TAG, summary=gettext_lazy("下载通报附件"), parameters=[FILE_ID],
                   description=gettext_lazy("通报或续报的附件，可查看该通报者均可下载。"),
                   responses=FILE_RESPONSES)
    @action(detail=True, methods=["get"], url_path=r"files/(?P<file_pk>[0-9]+)", url_name="file")
    def file(self, request, pk=None, file_pk=None):
        report = self.get_object()
        row = report.files.filter(pk=int(file_pk)).first() if int(file_pk) < 2**63 else None
        if row is None:
            raise Http404
        return stored_file_response(row.file, row.original_name, content_type_for(row.extension),
                                    reader=request.user, owner=report)

    # --- the procuratorate -------------------------------------------------------------------

    @extend_schema(tags=TAG, summary=gettext_lazy("签收通报"), description=gettext_lazy(
        "报送检察院的检察官、部门负责人或检察长签收通报，可附意见（随通知送达通报单位）。"
        "状态不允许时答复 400，无权办理答复 403。"),
        request=AcknowledgeInputSerializer, responses={200: SituationReportSerializer})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None) -> Response:
        report = self.get_object()
        data = self.validated(AcknowledgeInputSerializer)
        services.situation_report_acknowledge(actor=request.user, report=report,
                                              instruction=data.get("instruction", ""))
        return Response(self._detail(report, request))

    @extend_schema(tags=TAG, summary=gettext_lazy("依通报立案监督"), description=gettext_lazy(
        "一步登记监督案件：被监督单位为通报单位，案情摘要取自通报，通报附件归入案卷，通报关联该案件"
        "（尚未签收的一并签收）。matter 为末级监督事项的 id；handler 缺省为本人。"),
        request=OpenCaseInputSerializer, responses={201: OpenCaseResultSerializer})
    @action(detail=True, methods=["post"], url_path="open-case", url_name="open-case")
    def open_case(self, request, pk=None) -> Response:
        report = self.get_object()
        data = self.validated(OpenCaseInputSerializer)
        matter = leaf_matters().filter(pk=data["matter"]).first()
        if matter is None:
            raise DRFValidationError({"matter": [_("请选择具体的监督事项。")]})
        handler = None
        if data.get("handler"):
            handler = User.objects.filter(pk=data["handler"], role__in=[
                Role.PROCURATOR, Role.APPROVER, Role.CHIEF]).first()
            if handler is None:
                raise DRFValidationError({"handler": [_("承办检察官必须是本院检察官。")]})
        case = services.situation_report_open_case(
            actor=request.user, report=report, matter=matter, title=data.get("title", ""),
            handler=handler, instruction=data.get("instruction", ""))
        return Response({"report": self._detail(report, request), "case": case.pk,
                         "case_number": case.number}, status=status.HTTP_201_CREATED)

    @extend_schema(tags=TAG, summary=gettext_lazy("办结通报"), description=gettext_lazy(
        "不需立案监督的，写明办结说明后办结（通报单位可见）。状态不允许时答复 400，无权办理答复 403。"),
        request=CloseInputSerializer, responses={200: SituationReportSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None) -> Response:
        report = self.get_object()
        data = self.validated(CloseInputSerializer)
        services.situation_report_close(actor=request.user, report=report, note=data["note"])
        return Response(self._detail(report, request))

routes: list[tuple] = [
    ("situation-reports", SituationReportViewSet, "api-situation-report"),
]
urlpatterns: list = []
