"""API of the material requests flow (issue 19): ``routes`` (prefix, viewset, basename) for the
shared router, ``urlpatterns`` for the rest; gathered by ``duties/api/urls.py``.

``/api/material-requests/`` lists and shows the requests the caller sees
(``duties.permissions.material_requests.visible_to``: staff by their cases, a liaison those
made of their agency; anything else 404). Staff send (POST on the list), accept, follow up and
withdraw; the agency's liaison answers (multipart, with files). Each action does what its page
does: the page's form validates the body (its messages answer as field errors, 400), the one
service decides who may act (403) and from which state (400). Files download through the
request's access check, as on the pages."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms as django_forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from cases.permissions import case_to_work_on
from recommendations.api.agency_actions import DOWNLOAD_RENDERERS
from supervision.api.viewsets import VisibleModelViewSet
from supervision.input_dates import DATE_BOUNDS
from supervision.permissions import LIAISON_ROLES, STAFF_ROLES, require_role
from supervision.uploads import ALLOWED_KINDS, content_type_for, stored_file_response

from ..forms.material_requests import (
    AcceptForm,
    AnswerForm,
    FollowUpForm,
    MaterialRequestFilter,
    MaterialRequestForm,
    WithdrawForm,
)
from ..models import MaterialRequest, MaterialRequestFile, MaterialRequestStatus
from ..permissions.material_requests import get_request_file, visible_to
from ..services import material_requests as services

TAG = ["material-requests"]
_REFUSALS = _("看不到该调取材料时返回 404；服务拒绝时，无权办理返回 403，输入有误或当前状态不允许"
              "返回 400。")
FILE_RESPONSES = {(200, media): OpenApiTypes.BINARY for media in sorted(set(ALLOWED_KINDS.values()))}


# --- serializers ---------------------------------------------------------------------------

class MaterialRequestFileSerializer(serializers.ModelSerializer):
    class Meta:
        model = MaterialRequestFile
        fields = ["id", "kind", "original_name", "extension", "size", "sha256", "uploaded_at"]
        read_only_fields = fields


class MaterialRequestSerializer(serializers.ModelSerializer):
    """A request as both sides read it. ``case_number`` and the measure are the
    procuratorate's: a liaison's answer leaves them out (``null``)."""

    case = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True,
                                              help_text=_("案件 id（仅检察人员可见）"))
    measure = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True,
                                                 help_text=_("调查核实措施 id（仅检察人员可见）"))
    procuratorate_name = serializers.CharField(source="procuratorate.name", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    case_number = serializers.SerializerMethodField(help_text=_("案号（仅检察人员可见）"))
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    due_explanation_text = serializers.CharField(read_only=True,
                                                 help_text=_("期限如何计算，按请求的语言呈现"))
    overdue = serializers.SerializerMethodField(help_text=_("仍未答复且答复期限已过"))
    answered_late = serializers.BooleanField(read_only=True,
                                             help_text=_("答复日期晚于答复期限"))
    files = MaterialRequestFileSerializer(many=True, read_only=True)

    class Meta:
        model = MaterialRequest
        fields = ["id", "procuratorate", "procuratorate_name", "case", "case_number", "measure",
                  "agency", "agency_name", "letter_number", "items", "sent_on", "period_days",
                  "due_date", "due_provisional", "due_explanation_text", "status",
                  "status_label", "overdue", "answer", "answered_on", "answered_late",
                  "refusal_recorded_at", "review_note", "reviewed_at", "follow_up_of", "files"]
        read_only_fields = fields

    def get_case_number(self, row: MaterialRequest) -> str | None:
        return None if self._liaison() else row.case.number

    def get_overdue(self, row: MaterialRequest) -> bool:
        return row.is_overdue()

    def to_representation(self, row: MaterialRequest) -> dict:
        data = super().to_representation(row)
        if self._liaison():
            data["case"] = data["measure"] = None
        return data

    def _liaison(self) -> bool:
        request = self.context.get("request")
        return request is not None and request.user.role == "liaison"


class SendSerializer(serializers.Serializer):
    """发出调取材料 (multipart/form-data when files are sent)."""

    case = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text=_("案件 id"))
    agency = serializers.IntegerField(min_value=1, max_value=2**63 - 1,
                                      help_text=_("被调取单位 id（本院监督的单位）"))
    items = serializers.CharField(max_length=4000, help_text=_("调取事项，每行一项"))
    period_days = serializers.IntegerField(min_value=services.MIN_DAYS,
                                           max_value=services.MAX_DAYS,
                                           help_text=_("通知载明的答复期限（日）"))
    measure = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1,
                                       help_text=_("所属调查核实措施 id；不填则新记录一项"))
    measure_type = serializers.CharField(required=False, max_length=20,
                                         help_text=_("新记录措施的调查方式，默认调取证据材料"))
    target = serializers.CharField(required=False, max_length=200, allow_blank=True)
    sent_on = serializers.DateField(required=False, validators=DATE_BOUNDS, help_text=_("发出日期，默认今天"))
    letter_number = serializers.CharField(required=False, max_length=60, allow_blank=True)
    files = serializers.ListField(child=serializers.FileField(), required=False,
                                  help_text=_("随附文件，按内容校验类型"))


class AnswerSerializer(serializers.Serializer):
    """答复 (multipart/form-data when files are sent)."""

    answer = serializers.CharField(max_length=8000)
    files = serializers.ListField(child=serializers.FileField(), required=False,
                                  help_text=_("答复材料，按内容校验类型"))


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class FollowUpSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
    items = serializers.CharField(max_length=4000)
    period_days = serializers.IntegerField(min_value=services.MIN_DAYS,
                                           max_value=services.MAX_DAYS)
    files = serializers.ListField(child=serializers.FileField(), required=False)


class ApiMaterialRequestFilter(MaterialRequestFilter):
    """The page's filters, stricter: a parameter sent empty is a 400 naming it (the page's
    form sends its empty fields and means "any"; a system must say what it means)."""

    def is_valid(self) -> bool:
        valid = super().is_valid()
        for name in self.filters:
            if name in self.data and self.data.get(name) == "":
                self.form.add_error(name, DjangoValidationError(
                    _("参数不能为空；不按此条件筛选时请省略该参数。"), code="blank"))
                valid = False
        return valid


# --- helpers -------------------------------------------------------------------------------

def _parsed(serializer_class, request: Request) -> dict:
    """The body through ``serializer_class``: a JSON object, or a form whose ``files`` are
    several; anything else (a list, a number, null) is the serializer's 400."""
    data = request.data
    if hasattr(data, "getlist"):  # multipart or urlencoded: one value a key, files a list
        data = {key: data.get(key) for key in data if key != "files"}
        if request.FILES:
            data["files"] = request.FILES.getlist("files")
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _page_form(form_class: type[django_forms.Form], data: dict, **kwargs: Any) -> dict:
    """The page's own form on the parsed body: its rules and messages (400 by field)."""
    files = data.pop("files", None) or []
    form = form_class(data={k: v for k, v in data.items() if v is not None},
                      files=_FileDict(files), **kwargs)
    if not form.is_valid():
        raise ValidationError({("non_field_errors" if field == "__all__" else field):
                               [str(m) for m in messages] for field, messages in form.errors.items()})
    return form.cleaned_data


class _FileDict(dict):
    """What a form reads its ``files`` from: ``getlist("files")`` for the multiple-file field."""

    def __init__(self, files: list) -> None:
        super().__init__({"files": files[-1]} if files else {})
        self._files = files

    def getlist(self, key: str) -> list:
        return self._files if key == "files" else []


def _id(value: Any) -> int:
    """A row id from the URL (the router's ``[0-9]+``); beyond a primary key's range, 404."""
    number = int(value)
    if not 0 < number < 2**63:
        raise Http404
    return number


def _post(summary, description, request, code: int = 200):
    return extend_schema(tags=TAG, summary=summary,
                         description=format_lazy("{} {}", description, _REFUSALS),
                         request=request, responses={code: MaterialRequestSerializer})


FILE_ID = OpenApiParameter("file_pk", OpenApiTypes.INT, OpenApiParameter.PATH,
                           description=_("文件 id"))


@extend_schema_view(
    list=extend_schema(tags=TAG, summary=_("调取材料列表"), description=_(
        "调用者可见的调取材料，最新的在前：检察人员为其可见案件的，联络员为向本单位调取的。")),
    retrieve=extend_schema(tags=TAG, summary=_("一件调取材料"),
                           description=_("看不到的返回 404。")),
)
class MaterialRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                             VisibleModelViewSet):
    visible_to = visible_to
    queryset = MaterialRequest.objects.none()  # for the schema; every query is visible_to's
    serializer_class = MaterialRequestSerializer
    filterset_class = ApiMaterialRequestFilter
    ordering: ClassVar[list[str]] = ["-pk"]

    def shape_queryset(self, queryset):
        return queryset.select_related("case", "agency", "procuratorate").prefetch_related("files")

    def _answer(self, row: MaterialRequest, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=row.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    def _row(self, request: Request, pk: Any, roles=None) -> MaterialRequest:
        """The request for an action: of the caller's role set (else 404), and one they see."""
        if roles is not None:
            require_role(request.user, roles)
        number = _id(pk)
        try:
            return self.get_queryset().get(pk=number)
        except MaterialRequest.DoesNotExist as exc:
            raise Http404 from exc

    @_post(_("发出调取材料"), _("检察人员就其办理的案件向本院监督的单位调取材料或询问问题，"
                           "载明答复期限；被调取单位的联络员收到通知。"),
           {"multipart/form-data": SendSerializer, "application/json": SendSerializer}, 201)
    def create(self, request: Request) -> Response:
        require_role(request.user, STAFF_ROLES)
        data = _parsed(SendSerializer, request)
        case = case_to_work_on(request.user, data.pop("case"))
        data.setdefault("sent_on", timezone.localdate())
        cleaned = _page_form(MaterialRequestForm, data, case=case)
        row = services.material_request_send(actor=request.user, case=case, **cleaned)
        return self._answer(row, status.HTTP_201_CREATED)

    @_post(_("接收答复"), _("检察人员接收单位的答复，调取材料办结。"), NoteSerializer)
    @action(detail=True, methods=["post"], url_path="accept", url_name="accept")
    def accept(self, request: Request, pk: str) -> Response:
        row = self._row(request, pk, STAFF_ROLES)
        cleaned = _page_form(AcceptForm, _parsed(NoteSerializer, request))
        return self._answer(services.material_request_accept(actor=request.user, request=row,
                                                             note=cleaned["note"]))

    @_post(_("补充调取"), _("答复不充分时再次调取（同一调查核实措施，新的答复期限）；返回新的调取材料。"),
           {"multipart/form-data": FollowUpSerializer, "application/json": FollowUpSerializer},
           201)
    @action(detail=True, methods=["post"], url_path="follow-up", url_name="follow-up")
    def follow_up(self, request: Request, pk: str) -> Response:
        row = self._row(request, pk, STAFF_ROLES)
        cleaned = _page_form(FollowUpForm, _parsed(FollowUpSerializer, request))
        return self._answer(services.material_request_follow_up(
            actor=request.user, request=row, **cleaned), status.HTTP_201_CREATED)

    @_post(_("撤回调取材料"), _("撤回尚未答复的调取材料，写明理由；单位的联络员收到通知。"),
           ReasonSerializer)
    @action(detail=True, methods=["post"], url_path="withdraw", url_name="withdraw")
    def withdraw(self, request: Request, pk: str) -> Response:
        row = self._row(request, pk, STAFF_ROLES)
        cleaned = _page_form(WithdrawForm, _parsed(ReasonSerializer, request))
        return self._answer(services.material_request_withdraw(
            actor=request.user, request=row, reason=cleaned["reason"]))

    @_post(_("答复调取材料"), _("被调取单位的联络员答复（文字和文件）；期限届满后答复的记为逾期答复。"),
           {"multipart/form-data": AnswerSerializer, "application/json": AnswerSerializer})
    @action(detail=True, methods=["post"], url_path="answer", url_name="answer")
    def answer(self, request: Request, pk: str) -> Response:
        row = self._row(request, pk, LIAISON_ROLES)
        if row.status != MaterialRequestStatus.SENT:
            raise ValidationError({"non_field_errors": [
                str(_("该调取材料已答复或已撤回，无需再答复。"))]})
        cleaned = _page_form(AnswerForm, _parsed(AnswerSerializer, request))
        return self._answer(services.material_request_answer(actor=request.user, request=row,
                                                             **cleaned))

    @extend_schema(tags=TAG, summary=_("下载调取材料的文件"),
                   description=_("调取材料通知或答复的文件；看不到该调取材料时返回 404。"),
                   parameters=[FILE_ID], responses={
                       **FILE_RESPONSES,
                       404: OpenApiResponse(description=_("不存在或无权查看。"))})
    @action(detail=True, methods=["get"], url_path=r"files/(?P<file_pk>[0-9]+)",
            url_name="file", renderer_classes=DOWNLOAD_RENDERERS)
    def file(self, request: Request, pk: str, file_pk: str) -> FileResponse:
        row = self._row(request, pk)
        stored = get_request_file(row, _id(file_pk))
        return stored_file_response(stored.file, stored.original_name,
                                    content_type_for(stored.extension), reader=request.user,
                                    owner=row)


routes: list[tuple] = [
    ("material-requests", MaterialRequestViewSet, "api-material-request"),
]
urlpatterns: list = []
