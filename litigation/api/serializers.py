"""Public-interest suit API representations (read-only)."""

from __future__ import annotations

from rest_framework import serializers

from ..models import AppealPeriod, CourtSession, PilAnnouncement, PublicInterestSuit


class AnnouncementSerializer(serializers.ModelSerializer):
    medium_display = serializers.CharField(source="get_medium_display")
    due_explanation = serializers.CharField(source="due_explanation_text")

    class Meta:
        model = PilAnnouncement
        fields = ["medium", "medium_display", "published_on", "due_date", "due_provisional",
                  "due_explanation", "result", "result_on", "plaintiff"]
        read_only_fields = fields


class AppealPeriodSerializer(serializers.ModelSerializer):
    due_explanation = serializers.CharField(source="due_explanation_text")

    class Meta:
        model = AppealPeriod
        fields = ["served_on", "due_date", "due_provisional", "due_explanation", "outcome",
                  "ended_on"]
        read_only_fields = fields


class SessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CourtSession
        fields = ["id", "instance", "kind", "scheduled_at", "place", "attending", "note"]
        read_only_fields = fields


class SuitSerializer(serializers.ModelSerializer):
    """A row of the suit list."""

    case_number = serializers.CharField(source="case.number")
    status_display = serializers.CharField(source="get_status_display")
    kind_display = serializers.CharField(source="get_kind_display")
    court = serializers.CharField(source="court.name", default="")

    class Meta:
        model = PublicInterestSuit
        fields = ["id", "case", "case_number", "kind", "kind_display", "status",
                  "status_display", "defendant", "court", "filed_on", "judgment_result",
                  "judgment_on", "effective_on", "closed_on"]
        read_only_fields = fields


class SuitDetailSerializer(SuitSerializer):
    announcement = AnnouncementSerializer(default=None)
    appeal_period = AppealPeriodSerializer(default=None)
    sessions = SessionSerializer(many=True)
    decided_by = serializers.CharField(source="decided_by.__str__", default="")

    class Meta(SuitSerializer.Meta):
        fields = [*SuitSerializer.Meta.fields, "decided_by", "decided_on", "claims", "facts",
                  "court_case_number", "judgment_served_on", "judgment_summary", "appellant",
                  "appealed_on", "second_result", "second_on", "enforcement_on", "performance",
                  "withdraw_reason", "announcement", "appeal_period", "sessions"]
        read_only_fields = fields
