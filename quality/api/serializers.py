"""Quality review API representations."""

from __future__ import annotations

from rest_framework import serializers

from ..models import Review, ReviewResult


class ResultSerializer(serializers.ModelSerializer):
    item_code = serializers.CharField(source="item.code")
    item = serializers.CharField(source="item.localized_name")
    key = serializers.BooleanField(source="item.key")
    result_display = serializers.CharField(source="get_result_display")

    class Meta:
        model = ReviewResult
        fields = ["item_code", "item", "key", "result", "result_display", "note"]
        read_only_fields = fields


class ReviewSerializer(serializers.ModelSerializer):
    """A row of the review list."""

    case_number = serializers.CharField(source="case.number")
    instrument_number = serializers.CharField(source="recommendation.number", default=None)
    handler = serializers.CharField(source="handler.__str__")
    status_display = serializers.CharField(source="get_status_display")
    grade_display = serializers.CharField(source="get_grade_display")
    reviewers = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = ["id", "kind", "case", "case_number", "recommendation", "instrument_number",
                  "handler", "reviewers", "status", "status_display", "grade", "grade_display",
                  "created_at", "graded_at", "feedback_due_on", "concluded_at"]
        read_only_fields = fields

    def get_reviewers(self, review: Review) -> list[str]:
        return [str(u) for u in review.reviewers.all()]


class ReviewDetailSerializer(ReviewSerializer):
    """A review with its checklist results, opinion, grade, the handler's answer and the
    decision on it."""

    results = ResultSerializer(many=True, read_only=True)

    class Meta(ReviewSerializer.Meta):
        fields = [*ReviewSerializer.Meta.fields, "focus", "results", "findings", "opinion",
                  "suggested_grade", "grade_reason", "feedback_kind", "feedback", "decision",
                  "decision_reason", "reviewer_grade", "cancel_reason"]
        read_only_fields = fields
