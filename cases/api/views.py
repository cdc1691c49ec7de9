"""The case API: the same filters, visibility, services and exports as the pages.

Visibility and the answer to a service's refusal come from the base viewset
(``supervision.api.viewsets``); child rows from ``cases.permissions.get_<child>_for_user``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model, Prefetch, QuerySet
from django.http import Http404, HttpResponse
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from cases import exports, services
from cases.filtersets import CaseFilter, sort_ordering
from cases.models import Attachment, InterferenceRecord, InvestigationMeasure, SupervisionCase
from cases.pagination import CaseCursorPagination
from cases.permissions import (
    can_decide_case,
    case_to_work_on,
    cases_visible_to,
    get_measure_for_user,
    get_transfer_for_user,
    interference_visible_to,
)
from supervision.api.parsers import BoundedJSONParser
from supervision.api.viewsets import VisibleModelViewSet, VisibleReadOnlyModelViewSet
from supervision.db import read_from_replica

from . import serializers as s


class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, VisibleModelViewSet):
    """Cases the caller may see (``cases_visible_to``), filtered by ``CaseFilter``, keyset
    paginated and sorted by ``sort``; what the caller may not see answers 404. Writes need a
    case the caller may work on (``case_to_work_on``: 404 otherwise)."""

    visible_to = cases_visible_to
    filterset_class = CaseFilter
    pagination_class = CaseCursorPagination
    parser_classes = [BoundedJSONParser, MultiPartParser, FormParser]

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
        data = s.CaseRegisterSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        v["parties"] = [services.PartyInput(**p) for p in v.get("parties", [])]
        v["related_numbers"] = [services.RelatedNumberInput(**n) for n in v.get("related_numbers", [])]
        try:
            case = services.case_register(actor=request.user, **v)
        except services.DuplicateCase as exc:
            # 409 naming the cases already open; only those the caller may see by id.
            visible = set(cases_visible_to(request.user).values_list("pk", flat=True)
                          .filter(pk__in=[c.pk for c in exc.duplicates]))
            return Response({"detail": exc.messages[0], "duplicates": [
                {"number": c.number, "id": c.pk if c.pk in visible else None}
                for c in exc.duplicates]}, status=status.HTTP_409_CONFLICT)
        return Response(s.CaseDetailSerializer(case).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        if not can_decide_case(request.user, case):
            raise Http404
        data = s.TransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.case_transition(actor=request.user, case=case, **data.validated_data)
        return Response(s.CaseSerializer(case).data)

    def _create_child(self, request: Request, pk: str, input_class: type[Serializer],
                      output_class: type[Serializer],
                      create: Callable[[SupervisionCase, dict[str, Any]], Model]) -> Response:
        """POST on a case's measures, attachments or transfers: the case the user may work
        on, the input validated, the service called, the new row answered with 201."""
        case = case_to_work_on(request.user, pk)
        data = input_class(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(output_class(create(case, data.validated_data)).data,
                        status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["get", "post"])
    def measures(self, request: Request, pk: str) -> Response:
        if request.method == "GET":
            case = self.get_object()
            items = case.measures.prefetch_related("attachments__uploaded_by")
            return Response(s.MeasureSerializer(items, many=True).data)
        return self._create_child(request, pk, s.MeasureInputSerializer, s.MeasureSerializer,
                                  lambda case, data: services.measure_record(
                                      actor=request.user, case=case, **data))

    @action(detail=True, methods=["post"], url_path=r"measures/(?P<measure_pk>\d+)/escalate",
            url_name="measure-escalate")
    def measure_escalate(self, request: Request, pk: str, measure_pk: str) -> Response:
        case = case_to_work_on(self.request.user, pk)
        measure = get_measure_for_user(request.user, measure_pk, case_pk=case.pk)
        data = s.MeasureEscalateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        measure = services.measure_escalate_refusal(actor=request.user, measure=measure,
                                                    **data.validated_data)
        return Response(s.MeasureSerializer(measure).data)

    @action(detail=True, methods=["get", "post"])
    def attachments(self, request: Request, pk: str) -> Response:
        if request.method == "GET":
            case = self.get_object()
            return Response(s.AttachmentSerializer(
                case.attachments.select_related("uploaded_by"), many=True).data)
        return self._create_child(request, pk, s.AttachmentInputSerializer, s.AttachmentSerializer,
                                  lambda case, data: services.attachment_add(
                                      actor=request.user, case=case, upload=data["file"],
                                      description=data["description"]))

    @action(detail=True, methods=["get", "post"])
    def transfers(self, request: Request, pk: str) -> Response:
        if request.method == "GET":
            return Response(s.TransferSerializer(self.get_object().transfers.all(), many=True).data)
        return self._create_child(request, pk, s.TransferInputSerializer, s.TransferSerializer,
                                  lambda case, data: services.clue_transfer_create(
                                      actor=request.user, case=case, **data))

    @action(detail=True, methods=["post"], url_path=r"transfers/(?P<transfer_pk>\d+)/reply",
            url_name="transfer-reply")
    def transfer_reply(self, request: Request, pk: str, transfer_pk: str) -> Response:
        case = case_to_work_on(self.request.user, pk)
        transfer = get_transfer_for_user(request.user, transfer_pk, case_pk=case.pk)
        data = s.TransferReplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        transfer = services.clue_transfer_record_reply(
            actor=request.user, transfer=transfer, **data.validated_data)
        return Response(s.TransferSerializer(transfer).data)

    @action(detail=True, methods=["post"])
    def interference(self, request: Request, pk: str) -> Response:
        """Record only: the answer does not echo the content back (see InterferenceRecord)."""
        case = case_to_work_on(self.request.user, pk)
        data = s.InterferenceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        record = services.interference_record_create(
            actor=request.user, case=case, **data.validated_data)
        return Response({"id": record.pk}, status=status.HTTP_201_CREATED)

    @action(detail=False, methods=["get"], url_path=r"export/(?P<fmt>csv|xlsx)", url_name="export")
    @read_from_replica
    def export(self, request: Request, fmt: str) -> HttpResponse:
        """The current filter as CSV or XLSX (the same rows the list would page through)."""
        qs = self.filter_queryset(self.get_queryset()).order_by(
            *sort_ordering(request.query_params.get("sort")))
        return exports.csv_response(qs) if fmt == "csv" else exports.xlsx_response(qs)


class InterferenceViewSet(VisibleReadOnlyModelViewSet):
    """过问干预记录 for the approvers, the chief and the audit administrator only."""

    visible_to = interference_visible_to
    serializer_class = s.InterferenceSerializer

    def shape_queryset(self, queryset: QuerySet[InterferenceRecord]) -> QuerySet[InterferenceRecord]:
        return queryset.select_related("case", "recorded_by")
