"""API of the clue feedback flow (issue 19): ``routes`` (prefix, viewset, basename) for the
shared router, ``urlpatterns`` for the rest; gathered by ``duties/api/urls.py``.

* ``agency-clue-feedback`` — the receiving organ's liaison: the transfers addressed to the
  agency they act for now (list, detail, a file of the transfer) and the written feedback
  (POST, multipart with files). Anyone else — staff included, as in the portal — sees none
  (an empty list, 404 on a detail).
* ``clue-feedback`` — the procuratorate's staff: the transfers of the cases they may see
  (the queue's filters: ``status`` awaiting / overdue / unread / answered / open), and
  "read" for those working on the case.

Every write calls the same service as the page; a refusal answers 400/403.
"""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from cases.api.serializers import TransferSerializer
from cases.models import Attachment, ClueTransfer
from cases.services.transfers import MAX_FEEDBACK_FILES
from supervision.api.parsers import BoundedJSONParser
from supervision.api.viewsets import VisibleReadOnlyModelViewSet
from supervision.input_dates import DATE_BOUNDS
from supervision.uploads import content_type_for, stored_file_response

from ..forms.clue_feedback import AgencyTransferFilter, TransferQueueFilter
from ..permissions.clue_feedback import (
    agency_transfers,
    get_agency_transfer_file,
    staff_transfers,
)
from ..services import clue_feedback as services

NOT_FOUND = OpenApiResponse(description=_("线索移送不存在，或无权查看。"))
FILE_PK = OpenApiParameter("file_pk", int, OpenApiParameter.PATH,
                           description=_("该线索移送的文件的 id（移送函及材料，或反馈材料）。"))


class TransferFileSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attachment
        fields = ["id", "original_name", "extension", "size", "sha256", "feedback", "uploaded_at"]
        read_only_fields = fields


class AgencyTransferSerializer(serializers.ModelSerializer):
    """What the receiving organ sees: the clue, the letter, the dates — not the case file."""

    procuratorate = serializers.CharField(source="case.procuratorate.name", read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)
    due_explanation_text = serializers.CharField(read_only=True)
    files = TransferFileSerializer(source="attachments", many=True, read_only=True)

    class Meta:
        model = ClueTransfer
        fields = ["id", "procuratorate", "recipient", "letter_number", "clue", "transferred_on",
                  "due_date", "due_explanation_text", "overdue", "replied_on", "reply_summary",
                  "files"]
        read_only_fields = fields


class AgencyTransferListSerializer(AgencyTransferSerializer):
    class Meta(AgencyTransferSerializer.Meta):
        fields = [f for f in AgencyTransferSerializer.Meta.fields if f != "files"]
        read_only_fields = fields


class FeedbackInputSerializer(serializers.Serializer):
    summary = serializers.CharField(max_length=5000)
    replied_on = serializers.DateField(validators=DATE_BOUNDS)
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list,
                                  max_length=MAX_FEEDBACK_FILES)


class StaffTransferSerializer(TransferSerializer):
    case_number = serializers.CharField(source="case.number", read_only=True)
    files = TransferFileSerializer(source="attachments", many=True, read_only=True)

    class Meta(TransferSerializer.Meta):
        fields = [*TransferSerializer.Meta.fields, "case", "case_number", "files"]
        read_only_fields = fields


class StaffTransferListSerializer(StaffTransferSerializer):
    class Meta(StaffTransferSerializer.Meta):
        fields = [f for f in StaffTransferSerializer.Meta.fields if f != "files"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(
        tags=["clue-feedback-agency"], summary=_("移送本单位的线索"),
        description=_("检察院移送本单位（联络员当前所代表的单位）的线索，最新的在前；status："
                      "todo 待反馈、overdue 已逾期、answered 已反馈。其他用户得到空列表。")),
    retrieve=extend_schema(
        tags=["clue-feedback-agency"], summary=_("移送本单位的线索详情"),
        description=_("线索内容、移送函及材料、日期和反馈期限；不含案件的其他材料。"
                      "不是移送本单位的得到 404。")),
)
class AgencyClueFeedbackViewSet(VisibleReadOnlyModelViewSet):
    visible_to = agency_transfers
    serializer_class = AgencyTransferSerializer
    filterset_class = AgencyTransferFilter

    def get_serializer_class(self):
        return AgencyTransferListSerializer if self.action == "list" else AgencyTransferSerializer

    def shape_queryset(self, queryset):
        queryset = queryset.select_related("case__procuratorate").order_by("-pk")
        return queryset if self.action == "list" else queryset.prefetch_related("attachments")

    @extend_schema(tags=["clue-feedback-agency"], summary=_("书面反馈处理结果"),
                   description=_("与平台页面的“提交反馈”相同：反馈结果、反馈日期和文件（multipart，"
                                 "最多 10 个）；只能反馈一次，已反馈的得到 400。"
                                 "检察院承办人随即收到通知。"),
                   request={"multipart/form-data": FeedbackInputSerializer,
                            "application/json": FeedbackInputSerializer},
                   responses={200: AgencyTransferSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["post"],
            parser_classes=[BoundedJSONParser, MultiPartParser, FormParser])
    def feedback(self, request: Request, pk: str) -> Response:
        transfer = self.get_object()
        data = self.validated(FeedbackInputSerializer)
        services.clue_transfer_record_reply(actor=request.user, transfer=transfer,
                                            **data)
        return Response(AgencyTransferSerializer(self.get_object()).data,
                        status=status.HTTP_200_OK)

    @extend_schema(tags=["clue-feedback-agency"], summary=_("下载线索移送的文件"),
                   description=_("移送函及材料，或本单位的反馈材料；每次下载记入审计日志。"),
                   parameters=[FILE_PK],
                   responses={(200, "*/*"): OpenApiTypes.BINARY, 404: NOT_FOUND})
    @action(detail=True, methods=["get"], url_path=r"files/(?P<file_pk>\d+)",
            url_name="file", filter_backends=[])
    def file(self, request: Request, pk: str, file_pk: str) -> FileResponse:
        transfer = self.get_object()
        try:
            file_id = int(file_pk)
        except ValueError:
            raise Http404 from None
        if not 0 < file_id < 2**63:
            raise Http404
        attachment = get_agency_transfer_file(request.user, transfer.pk, file_id)
        return stored_file_response(attachment.file, attachment.original_name,
                                    content_type_for(attachment.extension), reader=request.user,
                                    owner=attachment)


@extend_schema_view(
    list=extend_schema(
        tags=["clue-feedback"], summary=_("线索移送反馈队列"),
        description=_("本人可查看的案件移送的线索，最新的在前；筛选与页面相同：status（open 待办、"
                      "awaiting 待反馈、overdue 逾期未反馈、unread 新反馈未阅、answered 已反馈、"
                      "all 全部）、q、recipient_kind、recipient_agency、procuratorate、移送日期。")),
    retrieve=extend_schema(
        tags=["clue-feedback"], summary=_("线索移送详情"),
        description=_("线索、反馈期限及其说明、反馈及其文件。无权查看其案件的得到 404。")),
)
class ClueFeedbackViewSet(VisibleReadOnlyModelViewSet):
    visible_to = staff_transfers
    serializer_class = StaffTransferSerializer
    filterset_class = TransferQueueFilter

    def get_serializer_class(self):
        return StaffTransferListSerializer if self.action == "list" else StaffTransferSerializer

    def shape_queryset(self, queryset):
        queryset = queryset.select_related("case").order_by("-pk")
        return queryset if self.action == "list" else queryset.prefetch_related("attachments")

    @extend_schema(tags=["clue-feedback"], summary=_("标记反馈已阅"),
                   description=_("办理该案件的人员阅知接收机关的反馈，反馈离开“新反馈未阅”；"
                                 "尚无反馈得到 400，无权办理该案件得到 403。"),
                   request=None, responses={200: StaffTransferSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str) -> Response:
        transfer = self.get_object()
        services.clue_transfer_mark_read(actor=request.user, transfer=transfer)
        return Response(StaffTransferSerializer(self.get_object()).data)


routes: list[tuple] = [
    ("clue-feedback", ClueFeedbackViewSet, "api-clue-feedback"),
    ("agency-clue-feedback", AgencyClueFeedbackViewSet, "api-agency-clue-feedback"),
]
urlpatterns: list = []
