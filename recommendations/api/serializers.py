from rest_framework import serializers

from recommendations.models import Recommendation


class RecommendationSerializer(serializers.ModelSerializer):
    """An instrument as an agency or a procurator sees it, with its due date explained."""

    instrument_type = serializers.CharField(source="instrument_type.name")
    agency = serializers.CharField(source="agency.name")
    case_number = serializers.CharField(source="case.number")
    status_display = serializers.CharField(source="get_status_display")
    overdue = serializers.SerializerMethodField()
    due_explanation_text = serializers.CharField()

    class Meta:
        model = Recommendation
        fields = ["id", "number", "title", "instrument_type", "agency", "case_number", "status",
                  "status_display", "issued_on", "served_on", "due_date", "due_provisional",
                  "due_explanation", "due_explanation_text", "overdue", "pdf_sha256"]
        read_only_fields = fields

    def get_overdue(self, obj: Recommendation) -> bool:
        return obj.is_overdue()
