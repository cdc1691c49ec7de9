"""Hearing API representations. A people's supervisor's contact number leaves masked."""

from __future__ import annotations

from rest_framework import serializers

from supervision.input_dates import DATE_BOUNDS
from supervision.models import User

from ..choices import NoticeMethod, Outcome, ParticipantRole, Stance
from ..models import Hearing, HearingNotice, HearingParticipant, PeopleSupervisor
from ..services.hearings import PRESIDING_ROLES


class PeopleSupervisorSerializer(serializers.ModelSerializer):
    procuratorate = serializers.CharField(source="procuratorate.name")
    phone = serializers.CharField(source="phone_masked")
    status_display = serializers.CharField(source="get_status_display")

    class Meta:
        model = PeopleSupervisor
        fields = ["id", "name", "procuratorate", "appointed_by", "region", "occupation",
                  "expertise", "phone", "term_start", "term_end", "status", "status_display"]
        read_only_fields = fields


class NoticeSerializer(serializers.ModelSerializer):
    sent_by = serializers.CharField(source="sent_by.__str__")

    class Meta:
        model = HearingNotice
        fields = ["id", "participant", "sent_on", "method", "scheduled_for", "place", "sent_by"]
        read_only_fields = fields


class ParticipantSerializer(serializers.ModelSerializer):
    role_display = serializers.CharField(source="get_role_display")

    class Meta:
        model = HearingParticipant
        fields = ["id", "role", "role_display", "name", "affiliation", "people_supervisor",
                  "attended", "opinion", "stance", "opinion_recorded_at"]
        read_only_fields = fields


class HearingSerializer(serializers.ModelSerializer):
    """A row of the hearing list."""

    case_number = serializers.CharField(source="case.number")
    presiding = serializers.CharField(source="presiding.__str__")
    status_display = serializers.CharField(source="get_status_display")

    class Meta:
        model = Hearing
        fields = ["id", "case", "case_number", "topic", "scheduled_at", "place", "presiding",
                  "public", "status", "status_display", "held_at", "outcome", "concluded_on"]
        read_only_fields = fields


class HearingDetailSerializer(HearingSerializer):
    """A hearing with its participants (and their opinions), notices, record and outcome."""

    participants = ParticipantSerializer(many=True, read_only=True)
    notices = NoticeSerializer(many=True, read_only=True)

    class Meta(HearingSerializer.Meta):
        fields = [*HearingSerializer.Meta.fields, "questions", "proposed_handling", "recorder",
                  "record", "outcome_reason", "decision", "cancel_reason", "participants",
                  "notices"]
        read_only_fields = fields


class HearingInputSerializer(serializers.Serializer):
    """Scheduling (with ``case``) or changing a hearing."""

    topic = serializers.CharField(max_length=200)
    questions = serializers.CharField()
    proposed_handling = serializers.CharField(required=False, allow_blank=True, default="")
    scheduled_at = serializers.DateTimeField(validators=DATE_BOUNDS)
    place = serializers.CharField(max_length=200)
    presiding = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(role__in=PRESIDING_ROLES, is_active=True))
    public = serializers.BooleanField(required=False, default=True)


class HearingCreateSerializer(HearingInputSerializer):
    case = serializers.IntegerField(min_value=1, help_text="案件的 id（须可办理该案件）")


class ParticipantInputSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=ParticipantRole.choices)
    name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    affiliation = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                        default="")
    people_supervisor = serializers.IntegerField(min_value=1, required=False, allow_null=True,
                                                 default=None)


class NoticeInputSerializer(serializers.Serializer):
    participants = serializers.ListField(child=serializers.IntegerField(min_value=1),
                                         allow_empty=False, max_length=200)
    sent_on = serializers.DateField(validators=DATE_BOUNDS)
    method = serializers.ChoiceField(choices=NoticeMethod.choices)


class HoldInputSerializer(serializers.Serializer):
    held_at = serializers.DateTimeField(validators=DATE_BOUNDS)
    attended = serializers.ListField(child=serializers.IntegerField(min_value=1),
                                     allow_empty=False, max_length=200)
    recorder = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    record = serializers.CharField()


class HearingOpinionInputSerializer(serializers.Serializer):
    opinion = serializers.CharField()
    stance = serializers.ChoiceField(choices=Stance.choices, required=False, allow_blank=True,
                                     default="")


class ConcludeInputSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    outcome_reason = serializers.CharField(required=False, allow_blank=True, default="")
    decision = serializers.CharField()
    concluded_on = serializers.DateField(validators=DATE_BOUNDS)


class CancelInputSerializer(serializers.Serializer):
    reason = serializers.CharField()
