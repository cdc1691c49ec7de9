"""API of the transfer notices flow (seed 003 §9), over what ``notices_visible_to`` lets the
caller see (what it may not see answers 404): the organ lists, reads and files its notices; the
police unit lists and reads the cases transferred to it and records its decision; the
procuratorate's staff list, read, receive (签收) and open a supervision case from a notice
(立案监督). Each operation calls the same service as its page.
``routes`` (prefix, viewset, basename) for the shared router, ``urlpatterns`` for the rest;
gathered by ``duties/api/urls.py``."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from cases.permissions import cases_visible_to
from cases.services.registration import DuplicateCase
from recommendations.api.agency_actions import DOWNLOAD_RENDERERS
from supervision.api.parsers import BoundedJSONParser
from supervision.api.viewsets import VisibleModelViewSet
from supervision.permissions import LIAISON_ROLES, require_role
from supervision.service_errors import Conflict
from supervision.uploads import ALLOWED_KINDS, stored_file_response

from ..forms.transfer_notices import TransferNoticeFilter
from ..models import TransferNotice
from ..permissions import staff_q
from ..permissions.transfer_notices import notices_visible_to
from ..services import transfer_notices as services
from . import transfer_notices_serializers as s

TAG = ["transfer-notices"]
NOT_FOUND = OpenApiResponse(description=_("通知（或文件）不存在，或无权查看。"))
FILE_PK = OpenApiParameter("file_pk", OpenApiTypes.INT, OpenApiParameter.PATH,
                           description=_("附件的 id。"))
FILE_RESPONSES = {(200, media): OpenApiTypes.BINARY for media in sorted(set(ALLOWED_KINDS.values()))}


@extend_schema_view(
    list=extend_schema(
        tags=TAG, summary=_("移送涉嫌犯罪案件通知列表"),
        description=_("本人可查看的通知，最新的在前，游标分页：检察院工作人员为本院（上级院含下级院）收到的"
                      "通知；行政执法机关联络员为本单位报送的通知；公安机关联络员为移送本单位的案件。"
                      "可按状态、移送机关、公安机关、移送日期和关键词筛选。")),
    retrieve=extend_schema(
        tags=TAG, summary=_("移送涉嫌犯罪案件通知详情"),
        description=_("通知、公安机关立案审查期限及其说明、公安机关的决定、据此立案监督的案件和附件。"
                      "无权查看的通知得到 404。"),
        responses={200: s.TransferNoticeSerializer, 404: NOT_FOUND}),
    create=extend_schema(
        tags=TAG, summary=_("报送移送涉嫌犯罪案件通知"),
        description=_("行政执法机关联络员报送（multipart，files 至少一份移送书副本），送达本单位的监督检察院；"
                      "公安机关立案审查期限由期限引擎计算。非联络员得到 404，其他单位的联络员得到 403。"),
        request={"multipart/form-data": s.TransferNoticeInputSerializer},
        responses={201: s.TransferNoticeSerializer}),
)
class TransferNoticeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                            VisibleModelViewSet):
    """Transfer notices the caller may see; anything else answers 404."""

    visible_to = notices_visible_to
    serializer_class = s.TransferNoticeSerializer
    filterset_class = TransferNoticeFilter
    parser_classes = [BoundedJSONParser, MultiPartParser, FormParser]

    def shape_queryset(self, queryset: QuerySet[TransferNotice]) -> QuerySet[TransferNotice]:
        return (queryset.select_related("agency", "procuratorate", "case")
                .prefetch_related("files").order_by("-pk"))

    def _staff_notice(self) -> TransferNotice:
        """A staff action: staff who see the notice (liaisons: 404, as for the staff pages)."""
        if staff_q(self.request.user) is None:
            raise Http404
        return self.get_object()

    def _answer(self, notice: TransferNotice, code: int = status.HTTP_200_OK) -> Response:
        notice = self.get_queryset().get(pk=notice.pk)
        return Response(s.TransferNoticeSerializer(notice).data, status=code)

    def create(self, request, *args, **kwargs) -> Response:
        require_role(request.user, LIAISON_ROLES)
        notice = services.transfer_notice_file(actor=request.user, **self.validated(
            s.TransferNoticeInputSerializer))
        return self._answer(notice, status.HTTP_201_CREATED)

    @extend_schema(tags=TAG, summary=_("签收通知"),
                   description=_("受理检察院的检察官、部门负责人或检察长签收通知，移送机关联络员收到通知。"
                                 "已签收的得到 400；上级院等不能办理的得到 403；联络员得到 404。"),
                   request=None, responses={200: s.TransferNoticeSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["post"])
    def receive(self, request, pk=None) -> Response:
        notice = services.transfer_notice_receive(actor=request.user, notice=self._staff_notice())
        return self._answer(notice)

    @extend_schema(tags=TAG, summary=_("据通知立案监督"),
                   description=_("一步登记刑事立案监督案件（默认“有案不立”，被监督单位默认为公安机关），"
                                 "犯罪嫌疑人、行政案件编号和移送材料一并带入案件，通知关联案件。"
                                 "已有涉及相同案件编号的案件时得到 409，确认后以 confirm_duplicate=true 再次提交。"),
                   request=s.TransferNoticeOpenCaseInputSerializer,
                   responses={201: s.TransferNoticeOpenCaseResultSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["post"], url_path="open-case", url_name="open-case")
    def open_case(self, request, pk=None) -> Response:
        notice = self._staff_notice()
        data = self.validated(s.TransferNoticeOpenCaseInputSerializer)
        try:
            case = services.transfer_notice_open_case(actor=request.user, notice=notice, **data)
        except DuplicateCase as exc:
            visible = set(cases_visible_to(request.user).filter(
                pk__in=[c.pk for c in exc.duplicates]).values_list("pk", flat=True))
            raise Conflict(exc.messages[0], code="duplicate_case", extra={"duplicates": [
                {"number": c.number, "id": c.pk if c.pk in visible else None}
                for c in exc.duplicates]}) from None
        notice = self.get_queryset().get(pk=notice.pk)
        return Response({"notice": s.TransferNoticeSerializer(notice).data, "case": case.pk,
                         "case_number": case.number}, status=status.HTTP_201_CREATED)

    @extend_schema(tags=TAG, summary=_("登记公安机关的决定"),
                   description=_("接受移送的公安机关联络员登记立案或不予立案的决定（不予立案须写明理由），"
                                 "可附决定书（multipart）；检察院也可依公安机关的书面通知代为登记。"
                                 "已登记的得到 400，其他人得到 403 或 404。"),
                   request={"multipart/form-data": s.PoliceDecisionInputSerializer,
                            "application/json": s.PoliceDecisionInputSerializer},
                   responses={200: s.TransferNoticeSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None) -> Response:
        notice = self.get_object()
        notice = services.transfer_notice_police_decide(
            actor=request.user, notice=notice, **self.validated(s.PoliceDecisionInputSerializer))
        return self._answer(notice)

    @extend_schema(tags=TAG, summary=_("下载通知附件"),
                   description=_("与页面的下载相同：可查看该通知的人可以下载，下载记入审计日志。"),
                   parameters=[FILE_PK], responses={**FILE_RESPONSES, 404: NOT_FOUND})
    @action(detail=True, methods=["get"], url_path=r"files/(?P<file_pk>\d+)", url_name="file",
            renderer_classes=DOWNLOAD_RENDERERS)
    def file(self, request, pk=None, file_pk=None) -> Response:
        notice = self.get_object()
        row = notice.files.filter(pk=int(file_pk)).first()
        if row is None:
            raise Http404
        return stored_file_response(row.file, row.original_name, reader=request.user, owner=notice)


routes: list[tuple] = [("transfer-notices", TransferNoticeViewSet, "api-transfer-notice")]
urlpatterns: list = []
