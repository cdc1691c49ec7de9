"""API of the meetings flow (issue 19): ``/api/duty-meetings/`` — the staff's CRUD of meetings
and their tasks, the agency's list, detail and completion of its own tasks. Each operation
calls the same service as its page after the same checks: visibility through
``duties.permissions.meetings`` (the base viewset: what the caller may not see answers 404),
input through the page's own form, a service's refusal as 400/403."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms as django_forms
from django.http import FileResponse, Http404
from django.urls import reverse
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
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from supervision.api.parsers import BoundedJSONParser
from supervision.api.viewsets import VisibleModelViewSet
from supervision.filtersets import IdFilter
from supervision.input_dates import DATE_BOUNDS
from supervision.permissions import LIAISON_ROLES, STAFF_ROLES, require_role
from supervision.uploads import ALLOWED_KINDS, content_type_for, stored_file_response

from ..forms.meetings import MeetingForm, TaskCloseForm, TaskForm
from ..models import JointMeeting, MeetingFile, MeetingKind, MeetingStatus, MeetingTask
from ..permissions.meetings import (
    can_create_meeting,
    can_manage_meeting,
    can_see_task_completion,
    get_task_for_user,
    is_task_owner,
    meetings_visible_to,
)
from ..services import meetings as services

TAG = ["duties-meetings"]
TASK_PK = OpenApiParameter("task_pk", int, OpenApiParameter.PATH, description=_("议定事项的 id"))
FILE_PK = OpenApiParameter("file_pk", int, OpenApiParameter.PATH, description=_("会议文件的 id"))
NOT_FOUND = OpenApiResponse(description=_("会议（或议定事项、文件）不存在，或无权查看。"))
_REFUSALS = _("不能查看该会议时返回 404；无权办理返回 403，输入有误或状态不允许返回 400。")


# --- serializers ---------------------------------------------------------------------------

class MeetingFileSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = MeetingFile
        fields = ["id", "original_name", "extension", "size", "sha256", "uploaded_at", "url"]
        read_only_fields = fields

    def get_url(self, obj: MeetingFile) -> str:
        return reverse("api-duty-meeting-file", args=[obj.meeting_id, obj.pk])


class MeetingTaskSerializer(serializers.ModelSerializer):
    """A task; its completion note and files only to whoever may read them (a liaison: their
    own agency's task)."""

    owner_kind = serializers.SerializerMethodField()
    owner_id = serializers.SerializerMethodField()
    owner_name = serializers.CharField(read_only=True)
    status_display = serializers.CharField(source="status_label", read_only=True)
    due_explanation_text = serializers.CharField(read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)
    awaiting_confirmation = serializers.BooleanField(read_only=True)
    completion_note = serializers.SerializerMethodField()
    files = serializers.SerializerMethodField()
    own = serializers.SerializerMethodField()

    class Meta:
        model = MeetingTask
        fields = ["id", "description", "owner_kind", "owner_id", "owner_name", "own", "due_date",
                  "due_explanation_text", "overdue", "status", "status_display",
                  "awaiting_confirmation", "done_on", "completion_note", "files",
                  "confirmed_at", "reopen_reason", "reopened_at"]
        read_only_fields = fields

    def _user(self):
        return self.context["request"].user

    def get_owner_kind(self, obj: MeetingTask) -> str:
        return "agency" if obj.owner_agency_id else "staff"

    def get_owner_id(self, obj: MeetingTask) -> int:
        return obj.owner_agency_id or obj.owner_user_id

    def get_own(self, obj: MeetingTask) -> bool:
        return is_task_owner(self._user(), obj)

    def get_completion_note(self, obj: MeetingTask) -> str | None:
        return obj.completion_note if can_see_task_completion(self._user(), obj) else None

    def get_files(self, obj: MeetingTask) -> list[dict]:
        if not can_see_task_completion(self._user(), obj):
            return []
        return MeetingFileSerializer(obj.files.all(), many=True).data


class MeetingAgencySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MeetingListSerializer(serializers.ModelSerializer):
    procuratorate = serializers.CharField(source="procuratorate.name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    agencies = MeetingAgencySerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = JointMeeting
        fields = ["id", "url", "procuratorate", "kind", "kind_display", "title", "held_on",
                  "place", "status", "status_display", "agencies"]
        read_only_fields = fields

    def get_url(self, obj: JointMeeting) -> str:
        return reverse("api-duty-meeting-detail", args=[obj.pk])


class MeetingSerializer(MeetingListSerializer):
    """The meeting with its minutes, files and tasks; our participants and the related cases
    only to the procuratorate's staff (an agency reads the minutes, not our case file)."""

    participants = serializers.SerializerMethodField()
    cases = serializers.SerializerMethodField()
    files = serializers.SerializerMethodField()
    tasks = MeetingTaskSerializer(many=True, read_only=True)

    class Meta(MeetingListSerializer.Meta):
        fields = [*MeetingListSerializer.Meta.fields, "topics", "minutes", "recorded_at",
                  "participants", "cases", "files", "tasks"]
        read_only_fields = fields

    def _staff(self) -> bool:
        return self.context["request"].user.role in STAFF_ROLES

    def get_participants(self, obj: JointMeeting) -> list[str]:
        return [str(u) for u in obj.participants.all()] if self._staff() else []

    def get_cases(self, obj: JointMeeting) -> list[str]:
        return [c.number for c in obj.cases.all()] if self._staff() else []

    def get_files(self, obj: JointMeeting) -> list[dict]:
        return MeetingFileSerializer([f for f in obj.files.all() if f.task_id is None], many=True).data


class MeetingInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MeetingKind.choices)
    title = serializers.CharField(max_length=120)
    held_on = serializers.DateField(validators=DATE_BOUNDS)
    place = serializers.CharField(max_length=120)
    topics = serializers.CharField()
    agencies = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=2**62),
                                     min_length=1, max_length=50)
    participants = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**62), required=False,
        max_length=100)
    case_numbers = serializers.ListField(child=serializers.CharField(max_length=60),
                                         required=False, max_length=20)


class MeetingMinutesInputSerializer(serializers.Serializer):
    minutes = serializers.CharField(allow_blank=True)
    files = serializers.ListField(child=serializers.FileField(), required=False, max_length=10)
    record = serializers.BooleanField(required=False, default=False,
                                      help_text=_("同时定稿纪要并通知参会单位。"))


class MeetingTaskInputSerializer(serializers.Serializer):
    description = serializers.CharField()
    owner_agency = serializers.IntegerField(required=False, min_value=1, max_value=2**62,
                                            help_text=_("承办的参会单位 id（与 owner_user 二选一）"))
    owner_user = serializers.IntegerField(required=False, min_value=1, max_value=2**62,
                                          help_text=_("本院承办人 id（与 owner_agency 二选一）"))
    due_date = serializers.DateField(validators=DATE_BOUNDS)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=200)


class MeetingTaskCompleteInputSerializer(serializers.Serializer):
    done_on = serializers.DateField(validators=DATE_BOUNDS)
    note = serializers.CharField()
    files = serializers.ListField(child=serializers.FileField(), required=False, max_length=10)


class MeetingReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


# --- helpers -------------------------------------------------------------------------------

def _form(form_class: type[django_forms.Form], data: dict, files: dict | None = None,
          **kwargs: Any) -> dict:
    """The page's own form decides (its messages answer as field errors, 400)."""
    form = form_class(data=data, files=files, **kwargs)
    if not form.is_valid():
        raise ValidationError({("non_field_errors" if field == "__all__" else field):
                               [str(m) for m in messages] for field, messages in form.errors.items()})
    return form.cleaned_data


def _parsed(serializer_class, request: Request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = dict(serializer.validated_data)
    if hasattr(request.data, "getlist") and "files" in serializer_class().fields:
        data["files"] = request.FILES.getlist("files")
    return data


def _meeting_form_data(data: dict) -> dict:
    return {"kind": data["kind"], "title": data["title"], "held_on": data["held_on"],
            "place": data["place"], "topics": data["topics"], "agencies": data["agencies"],
            "participants": data.get("participants", []),
            "case_numbers": "\n".join(data.get("case_numbers", []))}


def _task_owner(data: dict) -> str:
    if data.get("owner_agency"):
        return f"a{data['owner_agency']}"
    return f"u{data['owner_user']}" if data.get("owner_user") else ""


class MeetingApiFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=MeetingKind.choices, label=_("类型"),
                                       help_text=_("joint（联席会议）或 consultation（案件会商）"))
    status = django_filters.ChoiceFilter(choices=MeetingStatus.choices, label=_("状态"),
                                         help_text=_("draft（纪要待定稿）或 recorded（纪要已定稿）"))
    agency = IdFilter(field_name="agencies__id", label=_("参会单位"), help_text=_("参会单位的 id"))
    held_from = django_filters.DateFilter(field_name="held_on", lookup_expr="gte",
                                          label=_("会议日期自"))
    held_to = django_filters.DateFilter(field_name="held_on", lookup_expr="lte",
                                        label=_("会议日期至"))

    class Meta:
        model = JointMeeting
        fields = ["kind", "status", "agency", "held_from", "held_to"]


# --- the viewset ---------------------------------------------------------------------------

@extend_schema_view(
    list=extend_schema(tags=TAG, summary=_("联席会议列表"), description=_(
        "本人可查看的联席会议和案件会商，最新的在前，游标分页：检察院工作人员为本院（上级院为辖区）"
        "召集的会议；联络员为本单位参加、纪要已定稿的会议。")),
    retrieve=extend_schema(tags=TAG, summary=_("联席会议详情"), description=_(
        "会议、纪要、纪要文件和全部议定事项。联络员只看到本单位承办事项的完成情况和证明材料；"
        "本院参会人员和涉及案件只对检察院工作人员列出。无权查看的会议得到 404。")),
)
class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, VisibleModelViewSet):
    """Joint meetings the caller may see; anything else answers 404."""

    visible_to = meetings_visible_to
    serializer_class = MeetingSerializer
    filterset_class = MeetingApiFilter
    parser_classes = [BoundedJSONParser, MultiPartParser, FormParser]

    def get_serializer_class(self):
        return MeetingListSerializer if self.action == "list" else MeetingSerializer

    def shape_queryset(self, queryset):
        queryset = queryset.select_related("procuratorate").prefetch_related("agencies")
        if self.action != "list":
            queryset = queryset.prefetch_related(
                "participants", "cases", "files",
                "tasks__owner_agency", "tasks__owner_user", "tasks__files", "tasks__meeting")
        return queryset.order_by("-pk")

    def _answer(self, meeting: JointMeeting, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().filter(pk=meeting.pk).first() or meeting
        return Response(MeetingSerializer(fresh, context=self.get_serializer_context()).data,
                        status=code)

    def _managed(self, request: Request) -> JointMeeting:
        require_role(request.user, STAFF_ROLES)
        meeting = self.get_object()
        if not can_manage_meeting(request.user, meeting):
            raise Http404
        return meeting

    def _task(self, request: Request, meeting: JointMeeting, task_pk: str) -> MeetingTask:
        number = int(task_pk)
        if not 0 < number < 2**63:
            raise Http404
        return get_task_for_user(request.user, meeting, number)

    # --- meetings (staff) ------------------------------------------------------------------

    @extend_schema(tags=TAG, summary=_("登记联席会议"), description=_(
        "本院召集的联席会议或案件会商（与登记页面相同的表单规则和服务），登记后为纪要待定稿。"
        "只有检察院工作人员可用，其他人得到 404。"),
        request=MeetingInputSerializer, responses={201: MeetingSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_role(request.user, STAFF_ROLES)
        if not can_create_meeting(request.user):
            raise Http404
        data = _form(MeetingForm, _meeting_form_data(_parsed(MeetingInputSerializer, request)),
                     user=request.user)
        meeting = services.meeting_create(
            actor=request.user, kind=data["kind"], title=data["title"], held_on=data["held_on"],
            place=data["place"], topics=data["topics"], agencies=list(data["agencies"]),
            participants=list(data["participants"]), cases=data["case_numbers"])
        return self._answer(meeting, status.HTTP_201_CREATED)

    @extend_schema(tags=TAG, summary=_("修改联席会议"), description=_(
        "修改会议信息（全部字段）。纪要定稿后不能改会议日期；有议定事项的单位不能移出。") + _REFUSALS,
        request=MeetingInputSerializer, responses={200: MeetingSerializer})
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        meeting = self._managed(request)
        data = _form(MeetingForm, _meeting_form_data(_parsed(MeetingInputSerializer, request)),
                     user=request.user)
        meeting = services.meeting_update(
            actor=request.user, meeting=meeting, kind=data["kind"], title=data["title"],
            held_on=data["held_on"], place=data["place"], topics=data["topics"],
            agencies=list(data["agencies"]), participants=list(data["participants"]),
            cases=data["case_numbers"])
        return self._answer(meeting)

    @extend_schema(tags=TAG, summary=_("删除联席会议"), description=_(
        "删除误登记的会议（纪要定稿前）。") + _REFUSALS, request=None, responses={204: None})
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        meeting = self._managed(request)
        services.meeting_delete(actor=request.user, meeting=meeting)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(tags=TAG, summary=_("保存会议纪要"), description=_(
        "保存纪要文字并添加纪要文件（multipart/form-data 时文件放在 files）；record 为 true 时同时"
        "定稿并通知参会单位，议定事项开始计算期限。") + _REFUSALS,
        request={"application/json": MeetingMinutesInputSerializer,
                 "multipart/form-data": MeetingMinutesInputSerializer},
        responses={200: MeetingSerializer})
    @action(detail=True, methods=["post"], url_path="minutes", url_name="minutes")
    def minutes(self, request: Request, pk: str) -> Response:
        meeting = self._managed(request)
        data = _parsed(MeetingMinutesInputSerializer, request)
        meeting = services.meeting_save_minutes(actor=request.user, meeting=meeting,
                                                minutes=data["minutes"],
                                                files=data.get("files") or [])
        if data.get("record"):
            meeting = services.meeting_record(actor=request.user, meeting=meeting)
        return self._answer(meeting)

    # --- tasks -----------------------------------------------------------------------------

    @extend_schema(tags=TAG, summary=_("添加议定事项"), description=_(
        "承办人为本院一名工作人员（owner_user）或一个参会单位（owner_agency），二者选一；完成期限"
        "为会议商定的日期。纪要已定稿的会议上添加即开始计算期限并通知承办人。") + _REFUSALS,
        request=MeetingTaskInputSerializer, responses={201: MeetingTaskSerializer})
    @action(detail=True, methods=["post"], url_path="tasks", url_name="tasks")
    def add_task(self, request: Request, pk: str) -> Response:
        meeting = self._managed(request)
        data = _parsed(MeetingTaskInputSerializer, request)
        cleaned = _form(TaskForm, {"description": data["description"],
                                   "owner": _task_owner(data), "due_date": data["due_date"]},
                        meeting=meeting)
        owner_user, owner_agency = cleaned["owner"]
        task = services.meeting_task_add(actor=request.user, meeting=meeting,
                                         description=cleaned["description"],
                                         due_date=cleaned["due_date"], owner_user=owner_user,
                                         owner_agency=owner_agency)
        return Response(MeetingTaskSerializer(task, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], tags=TAG, summary=_("议定事项详情"), description=_(
        "一项议定事项；联络员只看到本单位承办事项的完成情况。"), parameters=[TASK_PK],
        responses={200: MeetingTaskSerializer, 404: NOT_FOUND})
    @extend_schema(methods=["PUT"], tags=TAG, summary=_("修改议定事项"), description=_(
        "完成前可修改内容、承办人和完成期限；纪要定稿后调整期限须说明理由（reason）。") + _REFUSALS,
        parameters=[TASK_PK], request=MeetingTaskInputSerializer, responses={200: MeetingTaskSerializer})
    @action(detail=True, methods=["get", "put"], url_path=r"tasks/(?P<task_pk>[0-9]+)",
            url_name="task")
    def task(self, request: Request, pk: str, task_pk: str) -> Response:
        if request.method == "GET":
            task = self._task(request, self.get_object(), task_pk)
            return Response(MeetingTaskSerializer(task, context=self.get_serializer_context()).data)
        meeting = self._managed(request)
        task = self._task(request, meeting, task_pk)
        data = _parsed(MeetingTaskInputSerializer, request)
        cleaned = _form(TaskForm, {"description": data["description"],
                                   "owner": _task_owner(data), "due_date": data["due_date"],
                                   "reason": data.get("reason", "")}, meeting=meeting)
        owner_user, owner_agency = cleaned["owner"]
        task = services.meeting_task_update(
            actor=request.user, task=task, description=cleaned["description"],
            due_date=cleaned["due_date"], owner_user=owner_user, owner_agency=owner_agency,
            reason=cleaned.get("reason", ""))
        return Response(MeetingTaskSerializer(task, context=self.get_serializer_context()).data)

    @extend_schema(tags=TAG, summary=_("报告议定事项完成"), description=_(
        "承办单位联络员（或本院承办人、召集检察院工作人员）报告完成：完成日期、完成情况和证明材料"
        "（multipart/form-data 时放在 files）。单位报告的完成须经检察院确认，检察院随即收到通知。")
        + _REFUSALS, parameters=[TASK_PK],
        request={"application/json": MeetingTaskCompleteInputSerializer,
                 "multipart/form-data": MeetingTaskCompleteInputSerializer},
        responses={200: MeetingTaskSerializer})
    @action(detail=True, methods=["post"], url_path=r"tasks/(?P<task_pk>[0-9]+)/complete",
            url_name="task-complete")
    def complete_task(self, request: Request, pk: str, task_pk: str) -> Response:
        if request.user.role not in STAFF_ROLES:
            require_role(request.user, LIAISON_ROLES)
        task = self._task(request, self.get_object(), task_pk)
        data = _parsed(MeetingTaskCompleteInputSerializer, request)
        cleaned = _form(TaskCloseForm, {"done_on": data["done_on"], "note": data["note"]})
        task = services.meeting_task_close(actor=request.user, task=task,
                                           done_on=cleaned["done_on"], note=cleaned["note"],
                                           files=data.get("files") or [])
        return Response(MeetingTaskSerializer(task, context=self.get_serializer_context()).data)

    @extend_schema(tags=TAG, summary=_("确认议定事项完成"), description=_(
        "召集检察院确认单位报告的完成，承办单位随即收到通知。") + _REFUSALS, parameters=[TASK_PK],
        request=None, responses={200: MeetingTaskSerializer})
    @action(detail=True, methods=["post"], url_path=r"tasks/(?P<task_pk>[0-9]+)/confirm",
            url_name="task-confirm")
    def confirm_task(self, request: Request, pk: str, task_pk: str) -> Response:
        task = self._task(request, self._managed(request), task_pk)
        task = services.meeting_task_confirm(actor=request.user, task=task)
        return Response(MeetingTaskSerializer(task, context=self.get_serializer_context()).data)

    @extend_schema(tags=TAG, summary=_("议定事项重新办理"), description=_(
        "已完成的事项退回重新办理，须说明理由，承办人随即收到通知。") + _REFUSALS,
        parameters=[TASK_PK], request=MeetingReasonInputSerializer, responses={200: MeetingTaskSerializer})
    @action(detail=True, methods=["post"], url_path=r"tasks/(?P<task_pk>[0-9]+)/reopen",
            url_name="task-reopen")
    def reopen_task(self, request: Request, pk: str, task_pk: str) -> Response:
        task = self._task(request, self._managed(request), task_pk)
        data = _parsed(MeetingReasonInputSerializer, request)
        task = services.meeting_task_reopen(actor=request.user, task=task, reason=data["reason"])
        return Response(MeetingTaskSerializer(task, context=self.get_serializer_context()).data)

    # --- files -----------------------------------------------------------------------------

    @extend_schema(tags=TAG, summary=_("下载会议文件"), description=_(
        "纪要文件，或议定事项的证明材料（联络员：仅本单位承办事项的），按识别出的文件类型返回，"
        "每次下载记入审计日志。"), parameters=[FILE_PK],
        responses={**{(200, media): OpenApiTypes.BINARY
                      for media in sorted(set(ALLOWED_KINDS.values()))}, 404: NOT_FOUND})
    @action(detail=True, methods=["get"], url_path=r"files/(?P<file_pk>[0-9]+)",
            url_name="file", filter_backends=[])
    def file(self, request: Request, pk: str, file_pk: str) -> FileResponse:
        meeting = self.get_object()
        number = int(file_pk)
        if not 0 < number < 2**63:
            raise Http404
        row = MeetingFile.objects.select_related("task").filter(meeting=meeting, pk=number).first()
        if row is None or (row.task is not None and not can_see_task_completion(request.user,
                                                                                row.task)):
            raise Http404
        return stored_file_response(row.file, row.original_name, content_type_for(row.extension),
                                    reader=request.user, owner=meeting)


routes: list[tuple] = [("duty-meetings", MeetingViewSet, "api-duty-meeting")]
urlpatterns: list = []
