"""The case API: the same filters, visibility, services and exports as the pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from cases import exports, services
from cases.filtersets import CaseFilter, sort_ordering
from cases.models import Attachment, ClueTransfer, InvestigationMeasure, SupervisionCase
from cases.pagination import CaseCursorPagination
from cases.permissions import (can_decide_case, case_to_work_on, cases_visible_to,
                               interference_visible_to)

from . import serializers as s


def run_service(action: Callable[[], Any]) -> Any:
    """Django's ValidationError from a service becomes DRF's (400); PermissionDenied is
    already answered 403 by DRF."""
    try:
        return action()
    except DjangoValidationError as exc:
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        raise serializers.ValidationError(detail) from exc


class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Cases the caller may see (``cases_visible_to``), filtered by ``CaseFilter``, keyset
    paginated and sorted by ``sort``; what the caller may not see answers 404."""

    filterset_class = CaseFilter
    pagination_class = CaseCursorPagination
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> QuerySet[SupervisionCase]:
        qs = cases_visible_to(self.request.user).select_related(
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
            case = run_service(lambda: services.case_register(actor=request.user, **v))
        except serializers.ValidationError as exc:
            cause = exc.__cause__
            if isinstance(cause, services.DuplicateCase):
                visible = set(cases_visible_to(request.user).values_list("pk", flat=True)
                              .filter(pk__in=[c.pk for c in cause.duplicates]))
                return Response({"detail": cause.messages[0], "duplicates": [
                    {"number": c.number, "id": c.pk if c.pk in visible else None}
                    for c in cause.duplicates]}, status=status.HTTP_409_CONFLICT)
            raise
        return Response(s.CaseDetailSerializer(case).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        if not can_decide_case(request.user, case):
            raise Http404
        data = s.TransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = run_service(lambda: services.case_transition(actor=request.user, case=case,
                                                            **data.validated_data))
        return Response(s.CaseSerializer(case).data)

    @action(detail=True, methods=["get", "post"])
    def measures(self, request: Request, pk: str) -> Response:
        if request.method == "GET":
            case = self.get_object()
            items = case.measures.prefetch_related("attachments__uploaded_by")
            return Response(s.MeasureSerializer(items, many=True).data)
        case = case_to_work_on(self.request.user, pk)
        data = s.MeasureInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        measure = run_service(lambda: services.measure_record(actor=request.user, case=case,
                                                              **data.validated_data))
        return Response(s.MeasureSerializer(measure).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], url_path=r"measures/(?P<measure_pk>\d+)/escalate",
            url_name="measure-escalate")
    def measure_escalate(self, request: Request, pk: str, measure_pk: str) -> Response:
        case = case_to_work_on(self.request.user, pk)
        measure = get_object_or_404(InvestigationMeasure, pk=measure_pk, case=case)
        measure = run_service(lambda: services.measure_escalate_refusal(
            actor=request.user, measure=measure, note=str(request.data.get("note", ""))))
        return Response(s.MeasureSerializer(measure).data)

    @action(detail=True, methods=["get", "post"])
    def attachments(self, request: Request, pk: str) -> Response:
        if request.method == "GET":
            case = self.get_object()
            return Response(s.AttachmentSerializer(
                case.attachments.select_related("uploaded_by"), many=True).data)
        case = case_to_work_on(self.request.user, pk)
        data = s.AttachmentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        attachment = run_service(lambda: services.attachment_add(
            actor=request.user, case=case, upload=data.validated_data["file"],
            description=data.validated_data["description"]))
        return Response(s.AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["get", "post"])
    def transfers(self, request: Request, pk: str) -> Response:
        if request.method == "GET":
            return Response(s.TransferSerializer(self.get_object().transfers.all(), many=True).data)
        case = case_to_work_on(self.request.user, pk)
        data = s.TransferInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        transfer = run_service(lambda: services.clue_transfer_create(actor=request.user, case=case,
                                                                     **data.validated_data))
        return Response(s.TransferSerializer(transfer).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], url_path=r"transfers/(?P<transfer_pk>\d+)/reply",
            url_name="transfer-reply")
    def transfer_reply(self, request: Request, pk: str, transfer_pk: str) -> Response:
        case = case_to_work_on(self.request.user, pk)
        transfer = get_object_or_404(ClueTransfer, pk=transfer_pk, case=case)
        data = s.TransferReplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        transfer = run_service(lambda: services.clue_transfer_record_reply(
            actor=request.user, transfer=transfer, **data.validated_data))
        return Response(s.TransferSerializer(transfer).data)

    @action(detail=True, methods=["post"])
    def interference(self, request: Request, pk: str) -> Response:
        """Record only: the answer does not echo the content back (see InterferenceRecord)."""
        case = case_to_work_on(self.request.user, pk)
        data = s.InterferenceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        record = run_service(lambda: services.interference_record_create(
            actor=request.user, case=case, **data.validated_data))
        return Response({"id": record.pk}, status=status.HTTP_201_CREATED)

    @action(detail=False, methods=["get"], url_path=r"export/(?P<fmt>csv|xlsx)", url_name="export")
    def export(self, request: Request, fmt: str) -> HttpResponse:
        """The current filter as CSV or XLSX (the same rows the list would page through)."""
        qs = self.filter_queryset(self.get_queryset()).order_by(
            *sort_ordering(request.query_params.get("sort")))
        return exports.csv_response(qs) if fmt == "csv" else exports.xlsx_response(qs)


class InterferenceViewSet(viewsets.ReadOnlyModelViewSet):
    """过问干预记录 for the approvers, the chief and the audit administrator only."""

    serializer_class = s.InterferenceSerializer

    def get_queryset(self) -> QuerySet:
        return interference_visible_to(self.request.user).select_related("case", "recorded_by")
