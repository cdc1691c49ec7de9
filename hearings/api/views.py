"""The hearing API: the same visibility, services and refusals as the pages.

Visibility comes from the base viewset (``supervision.api.viewsets``) with
``hearings_visible_to`` / ``supervisors_visible_to``; a write needs a hearing (or a case) the
caller may handle, else 404; the service's refusals answer 400 / 403."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
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

from cases.permissions import case_to_work_on
from supervision.api.viewsets import VisibleModelViewSet, VisibleReadOnlyModelViewSet

from .. import services
from ..filtersets import HearingFilter, SupervisorFilter
from ..models import Hearing, HearingParticipant, PeopleSupervisor
from ..permissions import (
    get_participant,
    hearing_to_handle,
    hearings_visible_to,
    invitable_supervisors,
    supervisors_visible_to,
)
from . import serializers as s

NOT_FOUND = OpenApiResponse(description=_("听证不存在、无权查看或无权办理"))
PARTICIPANT_PK = OpenApiParameter("participant_pk", int, OpenApiParameter.PATH,
                                  description=_("参加人的 id（须属于该听证）"))


def _detail(hearing: Hearing) -> dict:
    hearing = (Hearing.objects.select_related("case", "presiding")
               .prefetch_related("participants", "notices__sent_by").get(pk=hearing.pk))
    return s.HearingDetailSerializer(hearing).data


def _participants(hearing: Hearing, ids: list[int]) -> list[HearingParticipant]:
    found = list(hearing.participants.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise ValidationError({"participants": [_("该参加人不属于本次听证。")]})
    return found


@extend_schema_view(
    list=extend_schema(summary=_("检察听证列表"),
                       description=_("本人可查看的案件的听证，按听证时间新→旧，游标分页；"
                                     "可按状态、日期和关键词筛选。")),
    retrieve=extend_schema(summary=_("一次听证"),
                           description=_("听证及其参加人、意见、通知、记录和结论；无权查看的得到 404。"),
                           responses={200: s.HearingDetailSerializer, 404: NOT_FOUND}),
)
class HearingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, VisibleModelViewSet):
    """Hearings of the cases the caller may see; writes for those who may work on the case."""

    visible_to = hearings_visible_to
    filterset_class = HearingFilter
    ordering = ("-scheduled_at", "-pk")

    def get_serializer_class(self) -> type:
        return s.HearingDetailSerializer if self.action == "retrieve" else s.HearingSerializer

    def shape_queryset(self, queryset: QuerySet[Hearing]) -> QuerySet[Hearing]:
        qs = queryset.select_related("case", "presiding").order_by("-scheduled_at", "-pk")
        if self.action == "retrieve":
            qs = qs.prefetch_related("participants", Prefetch("notices"), "notices__sent_by")
        return qs

    def _handled(self, pk: str) -> Hearing:
        self.get_object()  # 404 for a hearing the caller may not see, first
        return hearing_to_handle(self.request.user, int(pk))

    @extend_schema(summary=_("安排听证"),
                   description=_("与案件页面的“安排听证”相同：可办理该案件的人员对未办结的案件安排；"
                                 "案件不可见或无权办理得到 404。"),
                   request=s.HearingCreateSerializer,
                   responses={201: s.HearingDetailSerializer, 404: NOT_FOUND})
    def create(self, request: Request) -> Response:
        values = self.validated(s.HearingCreateSerializer)
        case = case_to_work_on(request.user, values.pop("case"))
        hearing = services.hearing_schedule(actor=request.user, case=case, **values)
        return Response(_detail(hearing), status=status.HTTP_201_CREATED)

    @extend_schema(summary=_("修改听证安排"),
                   description=_("以 PUT 提交完整的听证安排（与修改页面相同）：已安排的听证可以修改时间、"
                                 "地点、事项和主持人；改期后已邀请的人民监督员须仍在任期内。"),
                   request=s.HearingInputSerializer,
                   responses={200: s.HearingDetailSerializer, 404: NOT_FOUND})
    def update(self, request: Request, pk: str) -> Response:
        hearing = self._handled(pk)
        data = self.validated(s.HearingInputSerializer)
        hearing = services.hearing_update(actor=request.user, hearing=hearing,
                                          **data)
        return Response(_detail(hearing))

    @extend_schema(summary=_("添加参加人"),
                   description=_("人民监督员以名册中的 id（people_supervisor）添加，须在任且听证当日在"
                                 "任期内；其他参加人填写姓名。"),
                   request=s.ParticipantInputSerializer,
                   responses={201: s.ParticipantSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["post"])
    def participants(self, request: Request, pk: str) -> Response:
        hearing = self._handled(pk)
        values = self.validated(s.ParticipantInputSerializer)
        supervisor_id = values.pop("people_supervisor")
        supervisor = None
        if supervisor_id is not None:
            supervisor = invitable_supervisors(hearing.case.procuratorate).filter(
                pk=supervisor_id).first()
            if supervisor is None:
                raise ValidationError({"people_supervisor": [
                    _("该人民监督员不在本院可邀请的名册中。")]})
        participant = services.participant_add(actor=request.user, hearing=hearing,
                                                people_supervisor=supervisor, **values)
        return Response(s.ParticipantSerializer(participant).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary=_("登记听证通知"),
                   description=_("登记已向所列参加人发出听证通知书（日期、方式）。"),
                   request=s.NoticeInputSerializer,
                   responses={201: s.NoticeSerializer(many=True), 404: NOT_FOUND})
    @action(detail=True, methods=["post"])
    def notices(self, request: Request, pk: str) -> Response:
        hearing = self._handled(pk)
        values = self.validated(s.NoticeInputSerializer)
        people = _participants(hearing, values.pop("participants"))
        notices = services.notice_record(actor=request.user, hearing=hearing,
                                         participants=people, **values)
        return Response(s.NoticeSerializer(notices, many=True).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary=_("登记举行情况"),
                   description=_("实际举行时间、到场参加人（id 列表）、记录人和听证记录；至少一名听证员"
                                 "到场，到场的人民监督员须当日在任期内。"),
                   request=s.HoldInputSerializer,
                   responses={200: s.HearingDetailSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["post"])
    def hold(self, request: Request, pk: str) -> Response:
        hearing = self._handled(pk)
        data = self.validated(s.HoldInputSerializer)
        hearing = services.hearing_hold(actor=request.user, hearing=hearing, **data)
        return Response(_detail(hearing))

    @extend_schema(summary=_("记录参加人意见"),
                   description=_("听证举行后记录到场参加人的意见；听证员须选择对拟处理意见的态度"
                                 "（agree 同意、partly 部分同意、disagree 不同意）。"),
                   parameters=[PARTICIPANT_PK], request=s.HearingOpinionInputSerializer,
                   responses={200: s.ParticipantSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["post"], url_path=r"participants/(?P<participant_pk>\d+)/opinion",
            url_name="opinion")
    def opinion(self, request: Request, pk: str, participant_pk: str) -> Response:
        hearing = self._handled(pk)
        participant = get_participant(hearing, int(participant_pk))
        data = self.validated(s.HearingOpinionInputSerializer)
        participant = services.opinion_record(actor=request.user, hearing=hearing,
                                              participant=participant, **data)
        return Response(s.ParticipantSerializer(participant).data)

    @extend_schema(summary=_("登记听证结论"),
                   description=_("听证意见采纳情况（adopted 采纳、partly 部分采纳、not_adopted 未采纳）和"
                                 "处理决定；部分采纳或未采纳须说明理由，未采纳须由检察长登记。"),
                   request=s.ConcludeInputSerializer,
                   responses={200: s.HearingDetailSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["post"])
    def conclude(self, request: Request, pk: str) -> Response:
        hearing = self._handled(pk)
        data = self.validated(s.ConcludeInputSerializer)
        hearing = services.hearing_conclude(actor=request.user, hearing=hearing,
                                            **data)
        return Response(_detail(hearing))

    @extend_schema(summary=_("取消听证"), description=_("取消已安排的听证，须说明理由。"),
                   request=s.CancelInputSerializer,
                   responses={200: s.HearingDetailSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        hearing = self._handled(pk)
        data = self.validated(s.CancelInputSerializer)
        hearing = services.hearing_cancel(actor=request.user, hearing=hearing,
                                          **data)
        return Response(_detail(hearing))


@extend_schema_view(
    list=extend_schema(summary=_("人民监督员名册"),
                       description=_("本院及上级院名册中的人民监督员（上级院案件管理人员另见下级院），"
                                     "联系电话已遮蔽；可按履职状态和关键词筛选。")),
    retrieve=extend_schema(summary=_("一名人民监督员"),
                           description=_("无权查看的得到 404。")),
)
class PeopleSupervisorViewSet(VisibleReadOnlyModelViewSet):
    visible_to = supervisors_visible_to
    serializer_class = s.PeopleSupervisorSerializer
    filterset_class = SupervisorFilter

    def shape_queryset(self, queryset: QuerySet[PeopleSupervisor]) -> QuerySet[PeopleSupervisor]:
        return queryset.select_related("procuratorate").order_by("name", "pk")


__all__ = ["HearingViewSet", "PeopleSupervisorViewSet"]
