"""Serializers of the transfer notices API (seed 003 §9): a notice as its readers see it, and the
inputs of filing, the police unit's decision and 立案监督."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from agencies.models import Agency
from supervision.input_dates import DATE_BOUNDS
from supervision.models import Matter

from ..models import PoliceDecision, SuspectKind, TransferNotice, TransferNoticeFile


class TransferNoticeFileSerializer(serializers.ModelSerializer):
    part_display = serializers.CharField(source="get_part_display")
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = TransferNoticeFile
        fields = ["id", "part", "part_display", "original_name", "extension", "size", "sha256",
                  "uploaded_at", "download_url"]
        read_only_fields = fields

    def get_download_url(self, obj: TransferNoticeFile) -> str:
        return reverse("api-transfer-notice-file", args=[obj.notice_id, obj.pk])


class TransferNoticeSerializer(serializers.ModelSerializer):
    """A notice with its police period explained, the police unit's decision and the case
    opened from it (its number)."""

    status_display = serializers.CharField(source="get_status_display")
    agency_name = serializers.CharField(source="agency.name")
    procuratorate_name = serializers.CharField(source="procuratorate.name")
    due_explanation_text = serializers.CharField()
    overdue = serializers.BooleanField(source="is_overdue")
    decided_late = serializers.BooleanField()
    case_number = serializers.CharField(source="case.number", default=None)
    police_decision_display = serializers.CharField(source="get_police_decision_display")
    files = TransferNoticeFileSerializer(many=True)

    class Meta:
        model = TransferNotice
        fields = ["id", "status", "status_display", "agency", "agency_name", "procuratorate",
                  "procuratorate_name", "case_name", "summary", "admin_case_number",
                  "suspect_kind", "suspect_name", "police_agency", "police_unit", "letter_number",
                  "transferred_on", "police_received_on", "filed_at", "received_at", "due_date",
                  "due_provisional", "due_explanation_text", "overdue", "police_decision",
                  "police_decision_display", "police_decided_on", "police_reason",
                  "police_document_number", "decided_late", "case", "case_number", "files"]
        read_only_fields = fields


class TransferNoticeInputSerializer(serializers.Serializer):
    """Filing (multipart, with the transfer letter's copy in ``files``)."""

    case_name = serializers.CharField(max_length=100)
    summary = serializers.CharField(max_length=4000)
    admin_case_number = serializers.CharField(max_length=60)
    suspect_kind = serializers.ChoiceField(choices=SuspectKind.choices)
    suspect_name = serializers.CharField(max_length=100)
    police_agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all(), required=False,
                                                       allow_null=True, default=None)
    police_unit = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    letter_number = serializers.CharField(max_length=60)
    transferred_on = serializers.DateField(validators=DATE_BOUNDS)
    police_received_on = serializers.DateField(validators=DATE_BOUNDS, required=False,
                                               allow_null=True, default=None)
    files = serializers.ListField(child=serializers.FileField(), min_length=1)


class PoliceDecisionInputSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=PoliceDecision.choices)
    decided_on = serializers.DateField(validators=DATE_BOUNDS)
    reason = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    document_number = serializers.CharField(max_length=60, required=False, allow_blank=True,
                                            default="")
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class TransferNoticeOpenCaseInputSerializer(serializers.Serializer):
    """立案监督: the matter (default 有案不立) and the supervised agency (default the police
    unit, else the organ), as the page offers them."""

    matter = serializers.PrimaryKeyRelatedField(queryset=Matter.objects.all(), required=False,
                                                allow_null=True, default=None)
    agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all(), required=False,
                                                allow_null=True, default=None)
    confirm_duplicate = serializers.BooleanField(default=False)


class TransferNoticeOpenCaseResultSerializer(serializers.Serializer):
    notice = TransferNoticeSerializer()
    case = serializers.IntegerField()
    case_number = serializers.CharField()
