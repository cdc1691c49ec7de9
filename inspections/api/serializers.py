"""Inspection API representations."""

from __future__ import annotations

from rest_framework import serializers

from supervision.input_dates import DATE_BOUNDS

from ..choices import FindingCategory, InspectionKind, InspectionMode, Severity
from ..models import Finding, Inspection


class FindingSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display")
    case_number = serializers.CharField(source="case.number", default=None)
    instrument_status = serializers.CharField(source="recommendation.status", default=None)

    class Meta:
        model = Finding
        fields = ["id", "number", "category", "description", "evidence", "severity",
                  "found_on", "status", "status_display", "disposal", "case", "case_number",
                  "recommendation", "instrument_status", "oral_note", "disposed_on",
                  "rectification_note", "rectification_due", "verified_on", "verified_by",
                  "verification_note"]
        read_only_fields = fields


class InspectionSerializer(serializers.ModelSerializer):
    """A row of the inspection list."""

    institution_name = serializers.CharField(source="institution.name")
    leader_name = serializers.CharField(source="leader.__str__")
    status_display = serializers.CharField(source="get_status_display")

    class Meta:
        model = Inspection
        fields = ["id", "title", "kind", "mode", "institution", "institution_name", "leader",
                  "leader_name", "start_date", "end_date", "status", "status_display",
                  "started_on", "report_issued_on"]
        read_only_fields = fields


class InspectionDetailSerializer(InspectionSerializer):
    findings = FindingSerializer(many=True, read_only=True)

    class Meta(InspectionSerializer.Meta):
        fields = [*InspectionSerializer.Meta.fields, "members", "scope", "report_summary",
                  "report_requests", "cancel_reason", "findings"]
        read_only_fields = fields


class InspectionInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=InspectionKind.choices)
    mode = serializers.ChoiceField(choices=InspectionMode.choices)
    institution = serializers.IntegerField(min_value=1, help_text="被检察单位的 id")
    leader = serializers.IntegerField(min_value=1, help_text="检察组组长的用户 id")
    members = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False,
                                    default=list, max_length=50)
    start_date = serializers.DateField(validators=DATE_BOUNDS)
    end_date = serializers.DateField(validators=DATE_BOUNDS)
    scope = serializers.CharField()


class StartInputSerializer(serializers.Serializer):
    started_on = serializers.DateField(validators=DATE_BOUNDS)


class InspectionConcludeInputSerializer(serializers.Serializer):
    report_summary = serializers.CharField()
    report_requests = serializers.CharField(required=False, allow_blank=True, default="")
    report_issued_on = serializers.DateField(validators=DATE_BOUNDS)


class InspectionCancelInputSerializer(serializers.Serializer):
    reason = serializers.CharField()


class FindingInputSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=FindingCategory.choices)
    severity = serializers.ChoiceField(choices=Severity.choices, required=False,
                                       default=Severity.GENERAL)
    description = serializers.CharField()
    evidence = serializers.CharField(required=False, allow_blank=True, default="")
    found_on = serializers.DateField(validators=DATE_BOUNDS)


class ConvertInputSerializer(serializers.Serializer):
    """``to``: ``case`` (a supervision case) or ``instrument`` (the case and the instrument
    draft on it, in one step)."""

    to = serializers.ChoiceField(choices=[("case", "case"), ("instrument", "instrument")])
    matter = serializers.IntegerField(min_value=1, help_text="监督事项的 id")
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    instrument_type = serializers.CharField(required=False, allow_blank=True, default="",
                                            help_text="文书种类代码，如 correction_notice")
    body = serializers.CharField(required=False, allow_blank=True, default="")
    legal_basis = serializers.CharField(required=False, allow_blank=True, default="")


class OralInputSerializer(serializers.Serializer):
    note = serializers.CharField()
    corrected_on = serializers.DateField(validators=DATE_BOUNDS)


class RectifyingInputSerializer(serializers.Serializer):
    measures = serializers.CharField()
    due = serializers.DateField(validators=DATE_BOUNDS, required=False, allow_null=True,
                                default=None)


class VerifyInputSerializer(serializers.Serializer):
    rectified = serializers.BooleanField()
    verified_on = serializers.DateField(validators=DATE_BOUNDS)
    note = serializers.CharField()
