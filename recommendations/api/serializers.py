from django.urls import reverse
from rest_framework import serializers

from recommendations.models import (
    InternalDeadline,
    Recommendation,
    RecommendationExtension,
    Reply,
    ReplyItemAnswer,
)
from recommendations.permissions import can_see_internal_deadlines
from supervision.choices import PeriodUnit


class ExtensionSerializer(serializers.ModelSerializer):
    """One extension of the reply period, requested or decided, with its reasons."""

    class Meta:
        model = RecommendationExtension
        fields = ["status", "requested_at", "requested_due", "request_reason", "old_due",
                  "new_due", "reason", "decided_at"]
        read_only_fields = fields


class InternalDeadlineSerializer(serializers.ModelSerializer):
    """One of the procuratorate's own deadlines on the instrument, explained like the reply's."""

    kind_display = serializers.CharField(source="get_kind_display")
    due_explanation_text = serializers.CharField()
    overdue = serializers.BooleanField(source="is_overdue")

    class Meta:
        model = InternalDeadline
        fields = ["kind", "kind_display", "start", "due_date", "due_provisional",
                  "due_explanation", "due_explanation_text", "overdue", "closed_at"]
        read_only_fields = fields


class ReplyItemAnswerSerializer(serializers.ModelSerializer):
    item_number = serializers.IntegerField(source="item.number")
    answer_display = serializers.CharField(source="get_answer_display")
    evidence_url = serializers.SerializerMethodField()

    class Meta:
        model = ReplyItemAnswer
        fields = ["item_number", "answer", "answer_display", "measures", "completed_on",
                  "evidence_name", "evidence_url"]
        read_only_fields = fields

    def get_evidence_url(self, obj: ReplyItemAnswer) -> str | None:
        """The API's download (a token may use it), through the same check as the page's."""
        if not obj.evidence:
            return None
        return reverse("api-recommendation-reply-evidence",
                       args=[obj.item.recommendation_id, obj.reply_id, obj.item.number])


class ReplySerializer(serializers.ModelSerializer):
    """A reply as sent (drafts are never in the API): supplements name the reply before."""

    author = serializers.CharField(source="author.__str__")
    signed_off_by = serializers.CharField(source="signed_off_by.__str__", default=None)
    attachment_url = serializers.SerializerMethodField()
    item_answers = ReplyItemAnswerSerializer(many=True, read_only=True)

    class Meta:
        model = Reply
        fields = ["id", "submitted_at", "author", "signed_off_by", "supplement_to", "content",
                  "measures", "attachment_name", "attachment_url", "item_answers"]
        read_only_fields = fields

    def get_attachment_url(self, obj: Reply) -> str | None:
        """The API's download (a token may use it), through the same check as the page's."""
        if not obj.attachment:
            return None
        return reverse("api-recommendation-reply-attachment", args=[obj.recommendation_id, obj.pk])


class RecommendationListSerializer(serializers.ModelSerializer):
    """One row of the instrument list: what a list shows and filters on, and the ``url`` of the
    whole instrument (:class:`RecommendationSerializer`). Nothing nested, nothing computed per
    row beyond its own columns, so a page of 50 costs one query and little Python — the
    replies, extensions, own deadlines and the due date's explanation are the detail's."""

    url = serializers.HyperlinkedIdentityField(view_name="api-recommendation-detail")
    #: The official Chinese name; ``instrument_type_en`` the English one (blank if none).
    instrument_type = serializers.CharField(source="instrument_type.name")
    instrument_type_en = serializers.CharField(source="instrument_type.name_en")
    agency = serializers.CharField(source="agency.name")
    status_display = serializers.CharField(source="get_status_display")
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Recommendation
        fields = ["id", "url", "number", "title", "instrument_type", "instrument_type_en", "agency", "status",
                  "status_display", "issued_on", "served_on", "due_date", "due_provisional",
                  "overdue"]
        read_only_fields = fields

    def get_overdue(self, obj: Recommendation) -> bool:
        return obj.is_overdue()


class RecommendationSerializer(RecommendationListSerializer):
    """An instrument as an agency or a procurator sees it: the list's row, with its due date
    explained, its case, extensions, own deadlines and replies."""

    case_number = serializers.CharField(source="case.number")
    due_explanation_text = serializers.CharField()
    extensions = ExtensionSerializer(many=True, read_only=True)
    internal_deadlines = serializers.SerializerMethodField()
    replies = ReplySerializer(many=True, read_only=True)
    #: Blank when the instrument states no shorter period (a model field's blank is lost on a
    #: read-only field, and the schema would then allow only the units).
    period_unit = serializers.ChoiceField(choices=PeriodUnit.choices, allow_blank=True,
                                          read_only=True)

    class Meta:
        model = Recommendation
        fields = ["id", "url", "number", "title", "instrument_type", "instrument_type_en", "agency", "case_number", "status",
                  "status_display", "issued_on", "served_on", "due_date", "due_provisional",
                  "due_explanation", "due_explanation_text", "overdue", "pdf_sha256",
                  "period_amount", "period_unit", "period_reason", "extensions",
                  "internal_deadlines", "replies"]
        read_only_fields = fields

    def to_representation(self, instance: Recommendation) -> dict:
        data = super().to_representation(instance)
        user = getattr(self.context.get("request"), "user", None)
        if data.get("due_explanation") and not (user and can_see_internal_deadlines(user)):
            # Whether a rule's basis is checked is the procuratorate's own note (DEADLINES.md).
            data["due_explanation"] = {k: v for k, v in data["due_explanation"].items()
                                       if k != "verified"}
        return data

    def get_internal_deadlines(self, obj: Recommendation) -> list[dict]:
        """The procuratorate's own deadlines the viewset let through
        (``recommendations.permissions.can_see_internal_deadlines``); none unless it did."""
        return InternalDeadlineSerializer(getattr(obj, "visible_internal_deadlines", []),
                                          many=True).data
