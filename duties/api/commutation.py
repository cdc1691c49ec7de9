"""API of the commutation flow (issue 19): ``routes`` (prefix, viewset, basename) for the
shared router, ``urlpatterns`` for the rest; gathered by ``duties/api/urls.py``.

``/api/commutation-proposals/``: the rows ``proposals_visible_to`` the caller (staff: their
scope; an executing organ's liaison: its agency's) — the list and detail for both; the organ
files a proposal's copy (``POST``, multipart); the staff give the opinion (and issue it),
extend its period, record the ruling and draft the 纠正意见. Each action calls the same service
as its page after the same checks: the page's own form decides the body (its messages answer
400), the service who may act (403) and from which state (400); what the caller may not see
answers 404. The proposal's copy and the opinion's frozen PDF are served as on the pages."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from recommendations.api.agency_actions import DOWNLOAD_RENDERERS, FILE_RESPONSES
from supervision.api.viewsets import VisibleModelViewSet
from supervision.input_dates import DATE_BOUNDS
from supervision.permissions import LIAISON_ROLES, STAFF_ROLES, require_role
from supervision.uploads import stored_file_response

from ..forms.commutation import (
    ExtensionForm,
    OpinionForm,
    ProposalFileForm,
    ProposalFilter,
    RulingForm,
)
from ..models import CommutationProposal, CommutationStatus
from ..permissions.commutation import proposals_visible_to
from ..services import commutation as services

TAG = ["commutation"]
_REFUSALS = _("不能查看该建议时返回 404；服务拒绝时，无权执行返回 403，输入有误或建议当前状态不允许"
              "返回 400。")


# --- Serializers -------------------------------------------------------------------------------

class ProposalSerializer(serializers.ModelSerializer):
    """A proposal as the executing organ sees it: what it sent, the opinion's due date and
    status, the opinion's number and fingerprint once issued, and the ruling."""

    url = serializers.HyperlinkedIdentityField(view_name="api-commutation-proposal-detail")
    organ = serializers.CharField(source="organ.name")
    court = serializers.CharField(source="court.name")
    court_id = serializers.IntegerField()
    kind_display = serializers.CharField(source="get_kind_display")
    status_display = serializers.CharField(source="get_status_display")
    person_id_masked = serializers.CharField()
    due_explanation_text = serializers.CharField()
    overdue = serializers.SerializerMethodField()
    extended = serializers.BooleanField()
    ruling_outcome = serializers.ChoiceField(choices=CommutationProposal._meta.get_field(
        "ruling_outcome").choices, allow_blank=True)
    opinion_stance = serializers.ChoiceField(choices=CommutationProposal._meta.get_field(
        "opinion_stance").choices, allow_blank=True)

    class Meta:
        model = CommutationProposal
        fields = ["id", "url", "proposal_number", "kind", "kind_display", "organ", "court",
                  "court_id", "person_name", "person_id_masked", "judgment_number", "judgment",
                  "proposal", "file_name", "file_sha256", "received_on", "status",
                  "status_display", "due_date", "due_provisional", "due_explanation_text",
                  "overdue", "extended", "opinion_stance", "opinion_reasons", "opinion_number",
                  "opinion_issued_on", "opinion_sha256", "ruling_on", "ruling_number",
                  "ruling_outcome", "ruling_summary"]
        read_only_fields = fields

    def get_overdue(self, obj: CommutationProposal) -> bool:
        return obj.is_overdue()

    def to_representation(self, instance: CommutationProposal) -> dict:
        data = super().to_representation(instance)
        if instance.status == CommutationStatus.PENDING:
            # An opinion still being written is the procuratorate's own.
            data["opinion_stance"], data["opinion_reasons"] = "", ""
        return data


class StaffProposalSerializer(ProposalSerializer):
    """The same proposal for the procuratorate's staff: with the handler, the extension's
    reason, whether the period's legal basis is checked, the judgement of the ruling, and the
    correction and its case."""

    handler = serializers.CharField(source="handler.display_name", default="")
    due_basis_verified = serializers.BooleanField()
    opinion_late = serializers.BooleanField(allow_null=True)
    correction_id = serializers.IntegerField(allow_null=True)
    case_number = serializers.CharField(source="case.number", default="")

    class Meta(ProposalSerializer.Meta):
        fields = [*ProposalSerializer.Meta.fields, "handler", "extension_reason",
                  "due_basis_verified", "opinion_late", "ruling_wrong", "ruling_wrong_reason",
                  "correction_id", "case_number"]
        read_only_fields = fields

    def to_representation(self, instance: CommutationProposal) -> dict:
        return serializers.ModelSerializer.to_representation(self, instance)


class FileInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CommutationProposal._meta.get_field("kind").choices)
    proposal_number = serializers.CharField(max_length=100)
    court = serializers.IntegerField(help_text=_("审理法院（决定机关）的单位 id。"))
    person_name = serializers.CharField(max_length=50)
    person_id_number = serializers.CharField(max_length=18, required=False, allow_blank=True)
    judgment_number = serializers.CharField(max_length=100)
    judgment = serializers.CharField()
    proposal = serializers.CharField()
    upload = serializers.FileField(help_text=_("建议书副本（PDF、OFD、Word 或图片）。"))


class OpinionInputSerializer(serializers.Serializer):
    stance = serializers.ChoiceField(choices=CommutationProposal._meta.get_field(
        "opinion_stance").choices)
    reasons = serializers.CharField(required=False, allow_blank=True, default="")
    issue = serializers.BooleanField(required=False, default=False, help_text=_(
        "同时签发检察意见书（部门负责人或检察长）。"))


class ExtendInputSerializer(serializers.Serializer):
    reason = serializers.CharField()


class RulingInputSerializer(serializers.Serializer):
    ruling_on = serializers.DateField(validators=DATE_BOUNDS)
    ruling_number = serializers.CharField(required=False, allow_blank=True, default="")
    outcome = serializers.ChoiceField(choices=CommutationProposal._meta.get_field(
        "ruling_outcome").choices)
    summary = serializers.CharField()
    wrong = serializers.BooleanField(required=False, default=False)
    wrong_reason = serializers.CharField(required=False, allow_blank=True, default="")


class CorrectionResultSerializer(serializers.Serializer):
    recommendation_id = serializers.IntegerField()
    recommendation_url = serializers.CharField()
    case_number = serializers.CharField()


# --- Helpers ------------------------------------------------------------------------------------

def _form(form_class, data: dict, files: dict | None = None) -> dict:
    """The page's own form bound to the parsed body (its rules and messages)."""
    form = form_class(data={k: v for k, v in data.items() if v is not None}, files=files)
    if not form.is_valid():
        raise ValidationError({("non_field_errors" if field == "__all__" else field):
                               [str(m) for m in messages] for field, messages in form.errors.items()})
    return form.cleaned_data


def _post(summary, description, request, response: Any = StaffProposalSerializer,
          code: int = 200):
    return extend_schema(summary=summary, description=format_lazy("{} {}", description, _REFUSALS),
                         request=request, responses={code: response}, tags=TAG)


@extend_schema_view(
    list=extend_schema(summary=_("减刑、假释、暂予监外执行建议列表"), tags=TAG, description=_(
        "本人可查看的建议（执行机关联络员：本单位报送的；检察院工作人员：本院或下级院收到的），"
        "最新的在前，游标分页；可按类别、状态、执行机关、期限筛选。"),
        responses={200: ProposalSerializer(many=True)}),
    retrieve=extend_schema(summary=_("减刑、假释、暂予监外执行建议详情"), tags=TAG, description=_(
        "建议及其检察意见期限说明、检察意见和裁定；检察院工作人员另见承办人、延长理由、期限依据"
        "是否核实、对裁定的审查意见和纠正意见。无权查看的建议得到 404。"),
        responses={200: ProposalSerializer}),
)
class CommutationProposalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                                 VisibleModelViewSet):
    visible_to = proposals_visible_to
    filterset_class = ProposalFilter

    def get_serializer_class(self):
        staff = getattr(self.request, "user", None) is not None and \
            self.request.user.is_authenticated and self.request.user.role in STAFF_ROLES
        return StaffProposalSerializer if staff else ProposalSerializer

    def shape_queryset(self, queryset):
        return queryset.select_related("organ", "court", "handler", "case").order_by("-pk")

    def _staff_row(self, request: Request, pk: Any) -> CommutationProposal:
        require_role(request.user, STAFF_ROLES)
        return self.get_object()

    def _answer(self, row: CommutationProposal, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().filter(pk=row.pk).first() or row
        serializer = self.get_serializer_class()(fresh, context=self.get_serializer_context())
        return Response(serializer.data, status=code)

    @_post(_("报送建议书副本"), _(
        "执行机关（监狱、看守所、社区矫正机构）的联络员报送减刑、假释建议书或暂予监外执行书面意见的"
        "副本（multipart/form-data），以今天为收到日期计算检察意见期限（十日，节假日顺延）。"
        "其他用户返回 404。"), {"multipart/form-data": FileInputSerializer},
        ProposalSerializer, code=201)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_role(request.user, LIAISON_ROLES)
        data = self.validated(FileInputSerializer)
        upload = data.pop("upload")
        cleaned = _form(ProposalFileForm, data, files={"upload": upload})
        row = services.commutation_file(
            actor=request.user, kind=cleaned["kind"], proposal_number=cleaned["proposal_number"],
            person_name=cleaned["person_name"], person_id_number=cleaned["person_id_number"],
            judgment_number=cleaned["judgment_number"], judgment=cleaned["judgment"],
            proposal=cleaned["proposal"], court=cleaned["court"], upload=cleaned["upload"])
        return self._answer(row, status.HTTP_201_CREATED)

    @_post(_("检察意见"), _(
        "填写或修改检察意见（同意/不同意，不同意须写明理由）；issue 为真时同时签发检察意见书："
        "生成文号，按公文格式生成PDF并固化（SHA-256），通知执行机关。签发须部门负责人或检察长。"),
        OpinionInputSerializer)
    @action(detail=True, methods=["post"], url_path="opinion", url_name="opinion")
    def opinion(self, request: Request, pk: str) -> Response:
        row = self._staff_row(request, pk)
        data = self.validated(OpinionInputSerializer)
        cleaned = _form(OpinionForm, {"stance": data["stance"], "reasons": data["reasons"]})
        row = services.commutation_opinion_save(actor=request.user, proposal=row,
                                                stance=cleaned["stance"],
                                                reasons=cleaned["reasons"])
        if data["issue"]:
            row = services.commutation_opinion_issue(actor=request.user, proposal=row)
        return self._answer(row)

    @_post(_("延长检察意见期限"), _(
        "案情复杂或者情况特殊的，部门负责人或检察长决定将检察意见期限延长十日（只能一次；"
        "暂予监外执行不能延长），写明理由；通知执行机关。"), ExtendInputSerializer)
    @action(detail=True, methods=["post"], url_path="extend", url_name="extend")
    def extend(self, request: Request, pk: str) -> Response:
        row = self._staff_row(request, pk)
        cleaned = _form(ExtensionForm, self.validated(ExtendInputSerializer))
        return self._answer(services.commutation_extend(actor=request.user, proposal=row,
                                                        reason=cleaned["reason"]))

    @_post(_("登记裁定"), _(
        "提出检察意见后，登记人民法院的裁定（或决定机关的决定）及本院的审查意见；认为裁定不当的"
        "（wrong 为真）须写明理由，之后可制作纠正意见。通知执行机关。"), RulingInputSerializer)
    @action(detail=True, methods=["post"], url_path="ruling", url_name="ruling")
    def ruling(self, request: Request, pk: str) -> Response:
        row = self._staff_row(request, pk)
        data = self.validated(RulingInputSerializer)
        cleaned = _form(RulingForm, {**data, "wrong": "1" if data["wrong"] else "0"})
        return self._answer(services.commutation_ruling_record(
            actor=request.user, proposal=row, ruling_on=cleaned["ruling_on"],
            outcome=cleaned["outcome"], summary=cleaned["summary"],
            ruling_number=cleaned["ruling_number"], wrong=cleaned["wrong"],
            wrong_reason=cleaned["wrong_reason"]))

    @_post(_("制作纠正意见"), _(
        "对认为不当的减刑、假释裁定，一步生成纠正意见草稿（文书类型“减刑、假释裁定纠正意见”，"
        "回复期限一个月）：建议尚无监督案件的，先以“违法减刑、假释、暂予监外执行”事项立案。"
        "草稿此后按文书流程审批、签发、送达。"), None, CorrectionResultSerializer, code=201)
    @action(detail=True, methods=["post"], url_path="correction", url_name="correction")
    def correction(self, request: Request, pk: str) -> Response:
        row = self._staff_row(request, pk)
        rec = services.commutation_correction_draft(actor=request.user, proposal=row)
        return Response({"recommendation_id": rec.pk,
                         "recommendation_url": request.build_absolute_uri(
                             reverse("api-recommendation-detail", args=[rec.pk])),
                         "case_number": rec.case.number}, status=status.HTTP_201_CREATED)

    @extend_schema(summary=_("下载建议书副本"), tags=TAG, description=_(
        "执行机关报送的建议书副本，与页面下载相同。无权查看时返回 404。"),
        responses={**FILE_RESPONSES, 404: OpenApiResponse(description=_("建议不存在或无权查看。"))})
    @action(detail=True, methods=["get"], url_path="file", url_name="file",
            renderer_classes=DOWNLOAD_RENDERERS)
    def file(self, request: Request, pk: str) -> HttpResponse:
        row = self.get_object()
        return stored_file_response(row.proposal_file, row.file_name, reader=request.user,
                                    owner=row)

    @extend_schema(summary=_("下载检察意见书"), tags=TAG, description=_(
        "已签发的检察意见书（固化的PDF，SHA-256 见详情）；签发前返回 404。"),
        responses={(200, "application/pdf"): OpenApiTypes.BINARY,
                   404: OpenApiResponse(description=_("尚未签发，或无权查看。"))})
    @action(detail=True, methods=["get"], url_path="opinion-pdf", url_name="opinion-pdf",
            renderer_classes=DOWNLOAD_RENDERERS)
    def opinion_pdf(self, request: Request, pk: str) -> HttpResponse:
        row = self.get_object()
        if not row.opinion_number:
            raise Http404
        return stored_file_response(row.opinion_pdf, f"{row.opinion_number}.pdf",
                                    reader=request.user, owner=row)


routes: list[tuple] = [("commutation-proposals", CommutationProposalViewSet,
                        "api-commutation-proposal")]
urlpatterns: list = []
