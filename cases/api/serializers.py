"""Case API representations. Personal ID numbers only ever leave masked."""

from __future__ import annotations

from typing import ClassVar

from rest_framework import serializers

from agencies.models import Agency
from cases.choices import (
    ClueSource,
    InterferenceManner,
    MeasureType,
    PartyKind,
    PartyRole,
    RelatedNumberKind,
    TransferRecipient,
)
from cases.models import (
    Attachment,
    ClueTransfer,
    EarlyInvolvement,
    InterferenceRecord,
    InvestigationMeasure,
    Party,
    RelatedCaseNumber,
    SupervisionCase,
    SupplementaryReturn,
)
from supervision.input_dates import DATE_BOUNDS
from supervision.models import Matter, User


class CaseSerializer(serializers.ModelSerializer):
    """A row of the case list: a juvenile case's title with its persons' names masked (seed
    003 §8; the detail gives the full title to the few who may see the case)."""

    #: ``kind`` and ``matter`` are the official Chinese names; ``*_en`` the English ones
    #: (blank where an administrator has entered none).
    kind = serializers.CharField(source="kind.name")
    kind_en = serializers.CharField(source="kind.name_en")
    matter = serializers.CharField(source="matter.full_name")
    matter_en = serializers.CharField(source="matter.full_name_en")
    agency = serializers.CharField(source="agency.name")
    handler = serializers.CharField(source="handler.__str__")
    status_display = serializers.CharField(source="get_status_display")
    title = serializers.CharField(source="list_title")

    class Meta:
        model = SupervisionCase
        fields = ["id", "number", "title", "kind", "kind_en", "matter", "matter_en", "agency",
                  "clue_source", "status",
                  "status_display", "handler", "accepted_on", "closed_on", "juvenile",
                  "record_sealed"]
        read_only_fields = fields


class PartySerializer(serializers.ModelSerializer):
    id_number = serializers.CharField(source="id_masked")

    class Meta:
        model = Party
        fields = ["kind", "role", "name", "id_number"]


class PartyFullIdSerializer(serializers.ModelSerializer):
    """A party with the full ID number: only through the audited read (``…/parties/ids/``)."""

    class Meta:
        model = Party
        fields = ["kind", "role", "name", "id_number"]
        read_only_fields = fields


class RelatedNumberSerializer(serializers.ModelSerializer):
    class Meta:
        model = RelatedCaseNumber
        fields = ["kind", "number"]


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    uploaded_by = serializers.CharField(source="uploaded_by.__str__", read_only=True)

    class Meta:
        model = Attachment
        fields = ["id", "original_name", "extension", "size", "sha256", "description", "url",
                  "uploaded_by", "uploaded_at", "measure", "transfer"]
        read_only_fields = fields


class MeasureSerializer(serializers.ModelSerializer):
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = InvestigationMeasure
        fields = ["id", "measure_type", "taken_on", "target", "agency", "result", "refused",
                  "refusal_note", "escalated_at", "escalation_note", "attachments"]
        read_only_fields = fields


class TransferSerializer(serializers.ModelSerializer):
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)
    due_explanation_text = serializers.CharField(read_only=True)
    feedback_late = serializers.BooleanField(read_only=True, allow_null=True)
    feedback_unread = serializers.BooleanField(read_only=True)

    class Meta:
        model = ClueTransfer
        fields = ["id", "recipient_kind", "recipient", "recipient_agency", "clue",
                  "letter_number", "transferred_on", "due_date", "due_explanation_text",
                  "overdue", "replied_on", "reply_summary", "feedback_late", "reply_recorded_at",
                  "feedback_unread", "reply_read_at"]
        read_only_fields = fields


class CaseDetailSerializer(CaseSerializer):
    title = serializers.CharField()
    parties = PartySerializer(many=True, read_only=True)
    related_numbers = RelatedNumberSerializer(many=True, read_only=True)
    measures = MeasureSerializer(many=True, read_only=True)
    transfers = TransferSerializer(many=True, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = CaseSerializer.Meta.fields + [
            "sealed_on", "seal_reason", "summary", "outcome_note", "parties", "related_numbers", "measures", "transfers",
            "attachments"]
        read_only_fields = fields


# --- input ---------------------------------------------------------------------------------

class PartyInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=PartyKind.choices, default=PartyKind.PERSON)
    role = serializers.ChoiceField(choices=PartyRole.choices, default=PartyRole.OTHER)
    id_number = serializers.CharField(max_length=25, required=False, allow_blank=True, default="")


class RelatedNumberInputSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=RelatedNumberKind.choices, default=RelatedNumberKind.COURT)


class CaseRegisterSerializer(serializers.Serializer):
    matter = serializers.PrimaryKeyRelatedField(queryset=Matter.objects.all())
    agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all())
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField()
    clue_source = serializers.ChoiceField(choices=ClueSource.choices, default=ClueSource.EX_OFFICIO)
    parties = PartyInputSerializer(many=True, required=False, default=list)
    related_numbers = RelatedNumberInputSerializer(many=True, required=False, default=list)
    juvenile = serializers.BooleanField(default=False)
    accepted_on = serializers.DateField(validators=DATE_BOUNDS, required=False)
    handler = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False)
    assistant = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False,
                                                   allow_null=True)
    confirm_duplicate = serializers.BooleanField(default=False)


class SealSerializer(serializers.Serializer):
    """犯罪记录封存 (``sealed_on`` defaults to today) or, without ``sealed_on``, 解除封存."""

    sealed_on = serializers.DateField(validators=DATE_BOUNDS, required=False, allow_null=True)
    reason = serializers.CharField(max_length=2000)


class TransitionSerializer(serializers.Serializer):
    action = serializers.CharField()
    decided_on = serializers.DateField(validators=DATE_BOUNDS, required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class MeasureInputSerializer(serializers.Serializer):
    measure_type = serializers.ChoiceField(choices=MeasureType.choices)
    taken_on = serializers.DateField(validators=DATE_BOUNDS, )
    target = serializers.CharField(max_length=200)
    agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all(), required=False,
                                                allow_null=True)
    result = serializers.CharField(required=False, allow_blank=True, default="")
    refused = serializers.BooleanField(default=False)
    refusal_note = serializers.CharField(required=False, allow_blank=True, default="")
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class TransferInputSerializer(serializers.Serializer):
    recipient_kind = serializers.ChoiceField(choices=TransferRecipient.choices)
    recipient_agency = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(), required=False, allow_null=True, default=None,
        help_text="接收机关在单位名录中时：由其联络员在平台书面反馈（须为本院名录中的单位）")
    recipient = serializers.CharField(max_length=100, required=False, allow_blank=True, default="",
                                      help_text="接收机关名称；选了 recipient_agency 时可空")
    clue = serializers.CharField()
    letter_number = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    transferred_on = serializers.DateField(validators=DATE_BOUNDS, )


class TransferReplySerializer(serializers.Serializer):
    replied_on = serializers.DateField(validators=DATE_BOUNDS, )
    summary = serializers.CharField()


class EarlyInvolvementSerializer(serializers.ModelSerializer):
    class Meta:
        model = EarlyInvolvement
        fields = ["id", "organ", "organ_agency", "requested_on", "scope", "procurator",
                  "involved_on", "opinion", "opinion_on", "recorded_by", "created_at"]
        read_only_fields = fields


class EarlyInvolvementInputSerializer(serializers.Serializer):
    organ_agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all(),
                                                      required=False, allow_null=True, default=None)
    organ = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    requested_on = serializers.DateField(validators=DATE_BOUNDS)
    scope = serializers.CharField(max_length=5000)
    procurator = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    involved_on = serializers.DateField(validators=DATE_BOUNDS, required=False, allow_null=True,
                                        default=None)
    opinion = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    opinion_on = serializers.DateField(validators=DATE_BOUNDS, required=False, allow_null=True,
                                       default=None)


class InvolvementOpinionSerializer(serializers.Serializer):
    opinion = serializers.CharField(max_length=5000)
    opinion_on = serializers.DateField(validators=DATE_BOUNDS)


class SupplementaryReturnSerializer(serializers.ModelSerializer):
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)
    due_explanation_text = serializers.CharField(read_only=True)

    class Meta:
        model = SupplementaryReturn
        fields = ["id", "organ", "organ_agency", "round", "returned_on", "reasons", "items",
                  "due_date", "due_explanation_text", "overdue", "resubmitted_on",
                  "resubmission_note", "recorded_by", "created_at"]
        read_only_fields = fields


class SupplementaryReturnInputSerializer(serializers.Serializer):
    organ_agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all(),
                                                      required=False, allow_null=True, default=None)
    organ = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    returned_on = serializers.DateField(validators=DATE_BOUNDS)
    reasons = serializers.CharField(max_length=5000)
    items = serializers.CharField(max_length=5000)


class ResubmissionSerializer(serializers.Serializer):
    resubmitted_on = serializers.DateField(validators=DATE_BOUNDS)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class AttachmentInputSerializer(serializers.Serializer):
    file = serializers.FileField()
    description = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class InterferenceSerializer(serializers.ModelSerializer):
    case_number = serializers.CharField(source="case.number", read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.__str__", read_only=True)
    manner = serializers.ChoiceField(choices=InterferenceManner.choices)

    class Meta:
        model = InterferenceRecord
        fields = ["id", "case", "case_number", "occurred_on", "intervener", "intervener_post",
                  "manner", "content", "recorded_by", "created_at"]
        read_only_fields = ["id", "case", "case_number", "recorded_by", "created_at"]
        extra_kwargs: ClassVar[dict] = {"occurred_on": {"validators": DATE_BOUNDS}}


class MeasureEscalateSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
