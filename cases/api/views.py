"""The case API: the same filters, visibility, services and exports as the pages.

Visibility and the answer to a service's refusal come from the base viewset
(``supervision.api.viewsets``); child rows from ``cases.permissions.get_<child>_for_user``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model, Prefetch, QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, status
from rest_framework import serializers as drf_serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from cases import exports, services
from cases.filtersets import SORTS, CaseFilter, sort_ordering
from cases.models import Attachment, InterferenceRecord, InvestigationMeasure, SupervisionCase
from cases.pagination import CaseCursorPagination
from cases.permissions import (
    can_decide_case,
    can_seal_record,
    can_unseal_record,
    case_to_work_on,
    cases_visible_to,
    get_attachment_for_user,
    get_measure_for_user,
    get_transfer_for_user,
    interference_visible_to,
)
from supervision.api.parsers import BoundedJSONParser
from supervision.api.viewsets import VisibleModelViewSet, VisibleReadOnlyModelViewSet
from supervision.db import read_from_replica
from supervision.service_errors import Conflict
from supervision.services.audit import audit_record
from supervision.uploads import content_type_for, stored_file_response

from . import serializers as s

#: The sort orders of the list and the export (``cases.filtersets.SORTS``).
SORT_PARAMETER = OpenApiParameter(
    "sort", str, enum=["-accepted_on", "accepted_on", "-created", "created"],
    description=_("排序：-accepted_on 受理日期新→旧（默认），accepted_on 旧→新，"
                  "-created 登记顺序新→旧，created 旧→新"))
#: The list's filters, for the export (the list's are read from ``CaseFilter`` itself).
FILTER_PARAMETERS = [
    OpenApiParameter(name, str, description=f.label, many=name == "status")
    for name, f in CaseFilter.base_filters.items()]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MEASURE_PK = OpenApiParameter("measure_pk", int, OpenApiParameter.PATH,
                              description=_("调查核实记录的 id"))
TRANSFER_PK = OpenApiParameter("transfer_pk", int, OpenApiParameter.PATH,
                               description=_("线索移送记录的 id"))
ATTACHMENT_PK = OpenApiParameter("attachment_pk", int, OpenApiParameter.PATH,
                                 description=_("附件的 id（须属于该案件）"))
INVOLVEMENT_PK = OpenApiParameter("involvement_pk", int, OpenApiParameter.PATH,
                                  description=_("提前介入记录的 id（须属于该案件）"))
RETURN_PK = OpenApiParameter("return_pk", int, OpenApiParameter.PATH,
                             description=_("退回补充调查记录的 id（须属于该案件）"))
NOT_FOUND = OpenApiResponse(description=_("案件不存在、无权查看或无权办理"))


def _child_pk(value: str) -> int:
    pk = int(value)
    if not 0 < pk < 2**63:
        raise Http404
    return pk
#: A case's child rows are answered whole, as the case page lists them: no pagination, and not
#: the case list's filters (also in the schema).
CHILD_LIST = {"pagination_class": None, "filter_backends": []}


@extend_schema_view(
    list=extend_schema(
        summary=_("案件列表"),
        description=_("本人可查看的监督案件，筛选条件与案件列表页面相同，按 sort 排序，游标分页。"),
        parameters=[SORT_PARAMETER]),
    retrieve=extend_schema(
        summary=_("案件详情"),
        description=_("案件及其当事人（身份证号码已遮蔽）、关联案号、调查核实、线索移送和附件；"
                      "无权查看的案件得到 404。"),
        responses={200: s.CaseDetailSerializer, 404: NOT_FOUND}),
    create=extend_schema(
        summary=_("登记案件"),
        description=_("与登记页面相同：由本人所在检察院登记，被监督单位须由本院监督。"
                      "与已有案件的关联案号重复时得到 409（code 为 duplicate_case），"
                      "extra.duplicates 列出重复的案件（案号，本人可查看时另有 id），"
                      "确认后以 confirm_duplicate=true 再次提交。"),
        request=s.CaseRegisterSerializer,
        responses={201: s.CaseDetailSerializer}),
)
class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, VisibleModelViewSet):
    """Cases the caller may see (``cases_visible_to``), filtered by ``CaseFilter``, keyset
    paginated and sorted by ``sort``; what the caller may not see answers 404. Writes need a
    case the caller may work on (``case_to_work_on``: 404 otherwise)."""

    visible_to = cases_visible_to
    filterset_class = CaseFilter
    pagination_class = CaseCursorPagination
    parser_classes = [BoundedJSONParser, MultiPartParser, FormParser]

    def filter_queryset(self, queryset: QuerySet[SupervisionCase]) -> QuerySet[SupervisionCase]:
        """The filters, and a ``sort`` the list knows: the page falls back to the default
        order, a system is told (400 naming it)."""
        sort = self.request.query_params.get("sort")
        if sort is not None and sort not in SORTS:
            raise ValidationError({"sort": [_("排序方式无效，可选：%(values)s。") % {
                "values": "、".join(SORTS)}]})
        return super().filter_queryset(queryset)

    def shape_queryset(self, queryset: QuerySet[SupervisionCase]) -> QuerySet[SupervisionCase]:
        qs = queryset.select_related(
            "kind", "matter", "matter__parent", "agency", "handler")
        if self.action == "retrieve":
            files = Prefetch("attachments", queryset=Attachment.objects.select_related("uploaded_by"))
            qs = qs.prefetch_related("parties", "related_numbers", files,
                                     Prefetch("measures", queryset=InvestigationMeasure.objects
                                              .prefetch_related(files)),
                                     "transfers")
        return qs

    def get_serializer_class(self):
        return s.CaseDetailSerializer if self.action == "retrieve" else s.CaseSerializer

    def create(self, request: Request) -> Response:
        v = self.validated(s.CaseRegisterSerializer)
        v["parties"] = [services.PartyInput(**p) for p in v.get("parties", [])]
        v["related_numbers"] = [services.RelatedNumberInput(**n) for n in v.get("related_numbers", [])]
        try:
            case = services.case_register(actor=request.user, **v)
        except services.DuplicateCase as exc:
            # 409 naming the cases already open; only those the caller may see by id.
            visible = set(cases_visible_to(request.user).values_list("pk", flat=True)
                          .filter(pk__in=[c.pk for c in exc.duplicates]))
            raise Conflict(exc.messages[0], code="duplicate_case", extra={"duplicates": [
                {"number": c.number, "id": c.pk if c.pk in visible else None}
                for c in exc.duplicates]}) from None
        return Response(s.CaseDetailSerializer(case).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("变更案件状态"),
        description=_("按案件状态流转表办理（如 close、reopen），只有可作决定的人员可用，"
                      "其他人得到 404；不允许的流转得到 400。"),
        request=s.TransitionSerializer, responses={200: s.CaseSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        if not can_decide_case(request.user, case):
            raise Http404
        data = self.validated(s.TransitionSerializer)
        case = services.case_transition(actor=request.user, case=case, **data)
        return Response(s.CaseSerializer(case).data)

    @extend_schema(
        summary=_("封存犯罪记录"),
        description=_("涉未成年人案件的承办检察官或检察长封存犯罪记录（刑事诉讼法第二百八十六条）；"
                      "其他人得到 404。封存后案件不出现在导出、类案线索和检务公开中，统计只计数量。"),
        request=s.SealSerializer, responses={200: s.CaseSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["post"])
    def seal(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        if not can_seal_record(request.user, case):
            raise Http404
        data = self.validated(s.SealSerializer)
        case = services.case_record_seal(actor=request.user, case=case, **data)
        return Response(s.CaseSerializer(case).data)

    @extend_schema(
        summary=_("解除犯罪记录封存"),
        description=_("只有检察长可以解除封存，须写明理由；其他人得到 404。"),
        request=s.SealSerializer, responses={200: s.CaseSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["post"])
    def unseal(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        if not can_unseal_record(request.user, case):
            raise Http404
        data = self.validated(s.SealSerializer)
        case = services.case_record_unseal(actor=request.user, case=case,
                                           reason=data["reason"])
        return Response(s.CaseSerializer(case).data)

    def _create_child(self, request: Request, pk: str, input_class: type[Serializer],
                      output_class: type[Serializer],
                      create: Callable[[SupervisionCase, dict[str, Any]], Model]) -> Response:
        """POST on a case's measures, attachments or transfers: the case the user may work
        on, the input validated, the service called, the new row answered with 201."""
        case = case_to_work_on(request.user, pk)
        data = self.validated(input_class)
        return Response(output_class(create(case, data)).data,
                        status=status.HTTP_201_CREATED)

    def _list_or_create_child(self, request: Request, pk: str, related: str,
                              input_class: type[Serializer], output_class: type[Serializer],
                              create: Callable[[SupervisionCase, dict[str, Any]], Model]
                              ) -> Response:
        """GET the case's ``related`` rows (the case the user may read), or POST a new one."""
        if request.method == "GET":
            return Response(output_class(getattr(self.get_object(), related).all(),
                                         many=True).data)
        return self._create_child(request, pk, input_class, output_class, create)

    def _act_on_child(self, request: Request, pk: str, related: str, child_pk: str,
                      input_class: type[Serializer], output_class: type[Serializer],
                      act: Callable[[Model, dict[str, Any]], Model]) -> Response:
        """POST on one of the case's ``related`` rows: 404 unless the user may work on the case
        and the row is the case's; the input validated, the service called, the row answered."""
        case = case_to_work_on(request.user, pk)
        row = getattr(case, related).filter(pk=_child_pk(child_pk)).first()
        if row is None:
            raise Http404
        data = self.validated(input_class)
        return Response(output_class(act(row, data)).data)

    @extend_schema(methods=["GET"], summary=_("调查核实记录"),
                   description=_("案件的调查核实记录及其附件。"),
                   responses={200: s.MeasureSerializer(many=True), 404: NOT_FOUND})
    @extend_schema(methods=["POST"], summary=_("记录调查核实"),
                   description=_("与案件页面的“记录调查核实”相同，可附文件（multipart）；"
                                 "无权办理该案件得到 404。"),
                   request={"multipart/form-data": s.MeasureInputSerializer,
                            "application/json": s.MeasureInputSerializer},
                   responses={201: s.MeasureSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["get", "post"], **CHILD_LIST)
    def measures(self, request: Request, pk: str) -> Response:
        if request.method == "GET":
            case = self.get_object()
            items = case.measures.prefetch_related("attachments__uploaded_by")
            return Response(s.MeasureSerializer(items, many=True).data)
        return self._create_child(request, pk, s.MeasureInputSerializer, s.MeasureSerializer,
                                  lambda case, data: services.measure_record(
                                      actor=request.user, case=case, **data))

    @extend_schema(summary=_("报告拒不配合"),
                   description=_("就被调查单位拒不配合的调查核实记录报告审批人（与案件页面相同）。"),
                   parameters=[MEASURE_PK], request=s.MeasureEscalateSerializer,
                   responses={200: s.MeasureSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["post"], url_path=r"measures/(?P<measure_pk>\d+)/escalate",
            url_name="measure-escalate")
    def measure_escalate(self, request: Request, pk: str, measure_pk: str) -> Response:
        case = case_to_work_on(self.request.user, pk)
        measure = get_measure_for_user(request.user, measure_pk, case_pk=case.pk)
        data = self.validated(s.MeasureEscalateSerializer)
        measure = services.measure_escalate_refusal(actor=request.user, measure=measure,
                                                    **data)
        return Response(s.MeasureSerializer(measure).data)

    @extend_schema(methods=["GET"], summary=_("案件附件"),
                   description=_("案件的全部附件（含调查核实和线索移送的附件）；"
                                 "下载经 …/attachments/{attachment_pk}/download/。"),
                   responses={200: s.AttachmentSerializer(many=True), 404: NOT_FOUND})
    @extend_schema(methods=["POST"], summary=_("上传附件"),
                   description=_("与案件页面的上传相同（multipart）；文件类型按内容识别，"
                                 "不允许的类型或过大的文件得到 400。"),
                   request={"multipart/form-data": s.AttachmentInputSerializer},
                   responses={201: s.AttachmentSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["get", "post"], **CHILD_LIST)
    def attachments(self, request: Request, pk: str) -> Response:
        if request.method == "GET":
            case = self.get_object()
            return Response(s.AttachmentSerializer(
                case.attachments.select_related("uploaded_by"), many=True).data)
        return self._create_child(request, pk, s.AttachmentInputSerializer, s.AttachmentSerializer,
                                  lambda case, data: services.attachment_add(
                                      actor=request.user, case=case, upload=data["file"],
                                      description=data["description"]))

    @extend_schema(methods=["GET"], summary=_("线索移送"),
                   description=_("案件移送的线索及其反馈期限。"),
                   responses={200: s.TransferSerializer(many=True), 404: NOT_FOUND})
    @extend_schema(methods=["POST"], summary=_("移送线索"),
                   description=_("与案件页面的“移送线索”相同，反馈期限由期限引擎计算。"),
                   request=s.TransferInputSerializer,
                   responses={201: s.TransferSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["get", "post"], **CHILD_LIST)
    def transfers(self, request: Request, pk: str) -> Response:
        if request.method == "GET":
            return Response(s.TransferSerializer(self.get_object().transfers.all(), many=True).data)
        return self._create_child(request, pk, s.TransferInputSerializer, s.TransferSerializer,
                                  lambda case, data: services.clue_transfer_create(
                                      actor=request.user, case=case, **data))

    @extend_schema(summary=_("登记线索移送反馈"),
                   description=_("登记受移送机关的反馈（与案件页面相同）。"),
                   parameters=[TRANSFER_PK], request=s.TransferReplySerializer,
                   responses={200: s.TransferSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["post"], url_path=r"transfers/(?P<transfer_pk>\d+)/reply",
            url_name="transfer-reply")
    def transfer_reply(self, request: Request, pk: str, transfer_pk: str) -> Response:
        case = case_to_work_on(self.request.user, pk)
        transfer = get_transfer_for_user(request.user, transfer_pk, case_pk=case.pk)
        data = self.validated(s.TransferReplySerializer)
        transfer = services.clue_transfer_record_reply(
            actor=request.user, transfer=transfer, **data)
        return Response(s.TransferSerializer(transfer).data)

    @extend_schema(methods=["GET"], summary=_("提前介入"),
                   description=_("监察机关商请派员提前介入的记录及检察官意见（与案件页面相同）。"),
                   responses={200: s.EarlyInvolvementSerializer(many=True), 404: NOT_FOUND})
    @extend_schema(methods=["POST"], summary=_("记录提前介入"),
                   description=_("记录监察机关商请提前介入、派员检察官和（可后补的）检察官意见；"
                                 "无权办理该案件得到 404。"),
                   request=s.EarlyInvolvementInputSerializer,
                   responses={201: s.EarlyInvolvementSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["get", "post"], url_path="early-involvements",
            url_name="early-involvements", **CHILD_LIST)
    def early_involvements(self, request: Request, pk: str) -> Response:
        return self._list_or_create_child(
            request, pk, "early_involvements", s.EarlyInvolvementInputSerializer,
            s.EarlyInvolvementSerializer, lambda case, data: services.early_involvement_record(
                actor=request.user, case=case, **data))

    @extend_schema(summary=_("记录提前介入意见"),
                   description=_("补记派员检察官提出的意见（只能记录一次）。"),
                   parameters=[INVOLVEMENT_PK], request=s.InvolvementOpinionSerializer,
                   responses={200: s.EarlyInvolvementSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["post"],
            url_path=r"early-involvements/(?P<involvement_pk>\d+)/opinion",
            url_name="involvement-opinion")
    def involvement_opinion(self, request: Request, pk: str, involvement_pk: str) -> Response:
        return self._act_on_child(
            request, pk, "early_involvements", involvement_pk, s.InvolvementOpinionSerializer,
            s.EarlyInvolvementSerializer, lambda row, data: services.early_involvement_opinion(
                actor=request.user, involvement=row, **data))

    @extend_schema(methods=["GET"], summary=_("退回补充调查"),
                   description=_("案件退回监察机关补充调查的记录，各有一个月的补充调查期限。"),
                   responses={200: s.SupplementaryReturnSerializer(many=True), 404: NOT_FOUND})
    @extend_schema(methods=["POST"], summary=_("记录退回补充调查"),
                   description=_("记录退回理由和需要补充调查的事项；期限由期限引擎从退回日期起算"
                                 "一个月。补充调查以二次为限，第三次得到 400。"),
                   request=s.SupplementaryReturnInputSerializer,
                   responses={201: s.SupplementaryReturnSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["get", "post"], url_path="supplementary-returns",
            url_name="supplementary-returns", **CHILD_LIST)
    def supplementary_returns(self, request: Request, pk: str) -> Response:
        return self._list_or_create_child(
            request, pk, "supplementary_returns", s.SupplementaryReturnInputSerializer,
            s.SupplementaryReturnSerializer, lambda case, data: services.supplementary_return_record(
                actor=request.user, case=case, **data))

    @extend_schema(summary=_("登记补充调查后重新移送"),
                   description=_("监察机关补充调查完毕重新移送的日期；期限随之停止。"),
                   parameters=[RETURN_PK], request=s.ResubmissionSerializer,
                   responses={200: s.SupplementaryReturnSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["post"],
            url_path=r"supplementary-returns/(?P<return_pk>\d+)/resubmitted",
            url_name="return-resubmitted")
    def return_resubmitted(self, request: Request, pk: str, return_pk: str) -> Response:
        return self._act_on_child(
            request, pk, "supplementary_returns", return_pk, s.ResubmissionSerializer,
            s.SupplementaryReturnSerializer,
            lambda row, data: services.supplementary_return_resubmitted(
                actor=request.user, supplementary_return=row, **data))

    @extend_schema(summary=_("记录过问干预"),
                   description=_("办理人员记录领导干部等过问、干预案件的情况；记录后只有审批人、"
                                 "检察长和审计管理员可以查看，因此回应只含记录的 id。"),
                   request=s.InterferenceSerializer,
                   responses={201: inline_serializer("InterferenceRecorded", {
                       "id": drf_serializers.IntegerField()}), 404: NOT_FOUND})
    @action(detail=True, methods=["post"])
    def interference(self, request: Request, pk: str) -> Response:
        """Record only: the answer does not echo the content back (see InterferenceRecord)."""
        case = case_to_work_on(self.request.user, pk)
        data = self.validated(s.InterferenceSerializer)
        record = services.interference_record_create(
            actor=request.user, case=case, **data)
        return Response({"id": record.pk}, status=status.HTTP_201_CREATED)

    @extend_schema(summary=_("当事人"),
                   description=_("案件的当事人，身份证号码已遮蔽（与案件页面相同）。"
                                 "当事人在登记时录入，登记后不能经页面或接口增加。"),
                   responses={200: s.PartySerializer(many=True), 404: NOT_FOUND})
    @action(detail=True, methods=["get"], **CHILD_LIST)
    def parties(self, request: Request, pk: str) -> Response:
        return Response(s.PartySerializer(self.get_object().parties.all(), many=True).data)

    @extend_schema(summary=_("查看当事人完整身份证号码"),
                   description=_("与案件页面的“显示完整号码”相同：仅可办理该案件的人员可用，"
                                 "每次查看记入审计日志（party.ids_read）；其他人得到 404。"),
                   request=None,
                   responses={200: s.PartyFullIdSerializer(many=True), 404: NOT_FOUND})
    @action(detail=True, methods=["post"], url_path="parties/ids", url_name="party-ids", **CHILD_LIST)
    def party_ids(self, request: Request, pk: str) -> Response:
        """The page's audited read (``cases.views.detail.party_ids``): the case one may work
        on, the parties' full numbers, one audit entry naming the parties shown."""
        case = case_to_work_on(request.user, pk)
        parties = list(case.parties.all())
        audit_record(actor=request.user, action="party.ids_read", target=case,
                     parties=",".join(str(p.pk) for p in parties if p.id_number))
        return Response(s.PartyFullIdSerializer(parties, many=True).data)

    @extend_schema(summary=_("下载附件"),
                   description=_("经与案件页面下载相同的权限检查后下载附件（含调查核实的附件），"
                                 "按识别出的文件类型返回，每次下载记入审计日志。"
                                 "附件不属于该案件或无权查看时得到 404。"),
                   parameters=[ATTACHMENT_PK],
                   responses={(200, "*/*"): OpenApiTypes.BINARY, 404: NOT_FOUND})
    @action(detail=True, methods=["get"],
            url_path=r"attachments/(?P<attachment_pk>\d+)/download",
            url_name="attachment-download", filter_backends=[])
    def attachment_download(self, request: Request, pk: str, attachment_pk: str) -> FileResponse:
        """The page's download (``cases.views.casework.attachment_download``): the same
        access check and the same audited, typed response. The case is looked up first: an
        id beyond the database's integers is then simply not found (a lookup through the
        attachment's ``case_id`` would overflow SQLite's integer: a 500)."""
        case = self.get_object()
        attachment = get_attachment_for_user(request.user, attachment_pk, case_pk=case.pk)
        return stored_file_response(attachment.file, attachment.original_name,
                                    content_type_for(attachment.extension),
                                    reader=request.user, owner=attachment)

    @extend_schema(summary=_("导出案件列表"),
                   description=_("按与列表相同的筛选和排序导出 CSV 或 XLSX。"),
                   parameters=[OpenApiParameter("fmt", str, OpenApiParameter.PATH,
                                                enum=["csv", "xlsx"], description=_("文件格式")),
                               *FILTER_PARAMETERS, SORT_PARAMETER],
                   responses={(200, "text/csv"): OpenApiTypes.BINARY,
                              (200, XLSX): OpenApiTypes.BINARY})
    @action(detail=False, methods=["get"], url_path=r"export/(?P<fmt>csv|xlsx)", url_name="export")
    @read_from_replica
    def export(self, request: Request, fmt: str) -> HttpResponse:
        """The current filter as CSV or XLSX (the same rows the list would page through)."""
        qs = self.filter_queryset(self.get_queryset()).order_by(
            *sort_ordering(request.query_params.get("sort")))
        return exports.csv_response(qs) if fmt == "csv" else exports.xlsx_response(qs)


@extend_schema_view(
    list=extend_schema(summary=_("过问干预记录"),
                       description=_("审批人、检察长和审计管理员可查看的过问干预记录，游标分页；"
                                     "其他人得到空列表。")),
    retrieve=extend_schema(summary=_("一条过问干预记录"),
                           description=_("无权查看的记录得到 404。")),
)
class InterferenceViewSet(VisibleReadOnlyModelViewSet):
    """过问干预记录 for the approvers, the chief and the audit administrator only."""

    visible_to = interference_visible_to
    serializer_class = s.InterferenceSerializer

    def shape_queryset(self, queryset: QuerySet[InterferenceRecord]) -> QuerySet[InterferenceRecord]:
        return queryset.select_related("case", "recorded_by")
