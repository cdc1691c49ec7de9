"""The adjudication API: the same visibility, services and refusals as the pages.

Visibility comes from the base viewset (``supervision.api.viewsets``) with
``attendances_visible_to``; a write needs a record the caller may take part in, else 404;
the service's refusals answer 400 / 403. Ids in a body (court, case, users, instrument) are
resolved here to rows; what they may be is the service's to decide."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from agencies.models import Agency
from cases.permissions import cases_visible_to
from recommendations.permissions import recommendations_visible_to
from supervision.api.viewsets import VisibleModelViewSet
from supervision.models import User

from .. import services
from ..filtersets import AttendanceFilter
from ..models import Attendance
from ..permissions import attendance_to_handle, attendances_visible_to
from . import serializers as s

NOT_FOUND = OpenApiResponse(description=_("列席记录不存在、无权查看或无权办理"))


def _detail(attendance: Attendance) -> dict:
    attendance = Attendance.objects.select_related("court", "case", "attendee").get(
        pk=attendance.pk)
    return s.AttendanceDetailSerializer(attendance).data


def _row(model, pk: int | None, field: str, message, queryset=None):
    if pk is None:
        return None
    found = (queryset if queryset is not None else model.objects).filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: [message]})
    return found


def _notice_values(request: Request, data: dict) -> dict:
    values = dict(data)
    values["court"] = _row(Agency, values["court"], "court", _("人民法院不存在。"))
    values["case"] = _row(None, values["case"], "case", _("关联的监督案件须是本院的案件。"),
                          cases_visible_to(request.user))
    return values


def _instrument(request: Request, pk: int | None):
    return _row(None, pk, "follow_up_instrument", _("后续监督文书须是本院的文书。"),
                recommendations_visible_to(request.user))


@extend_schema_view(
    list=extend_schema(summary=_("检察长列席审判委员会记录"),
                       description=_("本人可查看的列席记录，按会议时间新→旧，游标分页；可按状态、法院、"
                                     "年度、意见采纳情况和关键词筛选。")),
    retrieve=extend_schema(summary=_("一次列席"),
                           description=_("通知、准备、发表的意见、审判委员会决定和后续监督；无权查看的得到 404。"),
                           responses={200: s.AttendanceDetailSerializer, 404: NOT_FOUND}),
)
class AttendanceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, VisibleModelViewSet):
    """Attendances the caller may see; writes for the chief, the entrusted deputy, the
    department heads and the linked case's handler, as the transition table says."""

    visible_to = attendances_visible_to
    filterset_class = AttendanceFilter
    ordering = ("-meeting_at", "-pk")

    def get_serializer_class(self) -> type:
        return (s.AttendanceDetailSerializer if self.action == "retrieve"
                else s.AttendanceSerializer)

    def shape_queryset(self, queryset: QuerySet[Attendance]) -> QuerySet[Attendance]:
        return queryset.select_related("court", "case", "attendee").order_by("-meeting_at",
                                                                              "-pk")

    def _handled(self, pk: str) -> Attendance:
        self.get_object()  # 404 for a record the caller may not see, first
        return attendance_to_handle(self.request.user, int(pk))

    @extend_schema(summary=_("登记审判委员会会议通知"),
                   description=_("本院检察长、部门负责人可以登记；关联本院案件的，承办人员也可以登记。"
                                 "法院须是本院同级（本院监督）的人民法院。"),
                   request=s.AttendanceInputSerializer,
                   responses={201: s.AttendanceDetailSerializer})
    def create(self, request: Request) -> Response:
        data = self.validated(s.AttendanceInputSerializer)
        attendance = services.attendance_create(actor=request.user,
                                                **_notice_values(request, data))
        return Response(_detail(attendance), status=status.HTTP_201_CREATED)

    @extend_schema(summary=_("修改通知和准备情况"),
                   description=_("以 PUT 提交完整的通知和准备情况；仅在“已收到通知”状态下可以修改。"),
                   request=s.AttendanceInputSerializer,
                   responses={200: s.AttendanceDetailSerializer, 404: NOT_FOUND})
    def update(self, request: Request, pk: str) -> Response:
        attendance = self._handled(pk)
        data = self.validated(s.AttendanceInputSerializer)
        attendance = services.attendance_update(
            actor=request.user, attendance=attendance,
            **_notice_values(request, data))
        return Response(_detail(attendance))

    @extend_schema(summary=_("委托副检察长列席"),
                   description=_("检察长不能列席时委托本院副检察长列席；deputy 为 null 撤回委托。"),
                   request=s.EntrustInputSerializer,
                   responses={200: s.AttendanceDetailSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["post"])
    def entrust(self, request: Request, pk: str) -> Response:
        attendance = self._handled(pk)
        values = self.validated(s.EntrustInputSerializer)
        values["deputy"] = _row(User, values["deputy"], "deputy",
                                _("受委托列席的应当是本院的副检察长（本院院领导）。"))
        attendance = services.attendance_entrust(actor=request.user, attendance=attendance,
                                                 **values)
        return Response(_detail(attendance))

    @extend_schema(summary=_("登记列席情况"),
                   description=_("列席人（检察长或受委托的副检察长）、列席时间和发表的意见。"),
                   request=s.AttendInputSerializer,
                   responses={200: s.AttendanceDetailSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["post"])
    def attend(self, request: Request, pk: str) -> Response:
        attendance = self._handled(pk)
        values = self.validated(s.AttendInputSerializer)
        values["attendee"] = _row(User, values["attendee"], "attendee",
                                  _("列席人应当是本院检察长或受检察长委托的副检察长。"))
        attendance = services.attendance_attend(actor=request.user, attendance=attendance,
                                                **values)
        return Response(_detail(attendance))

    @extend_schema(summary=_("登记审判委员会决定"),
                   description=_("意见采纳情况（adopted 采纳、partly 部分采纳、not_adopted 未采纳、"
                                 "undecided 未作决定）、决定和决定日期，以及后续监督。"),
                   request=s.DecideInputSerializer,
                   responses={200: s.AttendanceDetailSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        attendance = self._handled(pk)
        values = self.validated(s.DecideInputSerializer)
        values["follow_up_instrument"] = _instrument(request, values["follow_up_instrument"])
        attendance = services.attendance_decide(actor=request.user, attendance=attendance,
                                                **values)
        return Response(_detail(attendance))

    @extend_schema(summary=_("登记后续监督"),
                   description=_("意见未被采纳或部分采纳的，登记本院的后续监督措施及文书。"),
                   request=s.FollowUpInputSerializer,
                   responses={200: s.AttendanceDetailSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["post"], url_path="follow-up", url_name="follow-up")
    def follow_up(self, request: Request, pk: str) -> Response:
        attendance = self._handled(pk)
        values = self.validated(s.FollowUpInputSerializer)
        values["follow_up_instrument"] = _instrument(request, values["follow_up_instrument"])
        attendance = services.attendance_follow_up(actor=request.user, attendance=attendance,
                                                   **values)
        return Response(_detail(attendance))

    @extend_schema(summary=_("登记未列席"), description=_("检察长未列席的，说明理由。"),
                   request=s.AttendanceReasonInputSerializer,
                   responses={200: s.AttendanceDetailSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["post"])
    def absent(self, request: Request, pk: str) -> Response:
        attendance = self._handled(pk)
        data = self.validated(s.AttendanceReasonInputSerializer)
        attendance = services.attendance_absent(actor=request.user, attendance=attendance,
                                                **data)
        return Response(_detail(attendance))

    @extend_schema(summary=_("取消"), description=_("会议取消或案件撤出议程的，说明理由。"),
                   request=s.AttendanceReasonInputSerializer,
                   responses={200: s.AttendanceDetailSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        attendance = self._handled(pk)
        data = self.validated(s.AttendanceReasonInputSerializer)
        attendance = services.attendance_cancel(actor=request.user, attendance=attendance,
                                                **data)
        return Response(_detail(attendance))


__all__ = ["AttendanceViewSet"]
