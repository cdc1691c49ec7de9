"""Adjudication API representations and inputs."""

from __future__ import annotations

from rest_framework import serializers

from supervision.input_dates import DATE_BOUNDS

from ..choices import Adoption, Category, Initiative
from ..models import Attendance


class AttendanceSerializer(serializers.ModelSerializer):
    """A row of the list."""

    court_name = serializers.CharField(source="court.name")
    case_number = serializers.CharField(source="case.number", default=None)
    attendee_name = serializers.CharField(source="attendee.__str__", default=None)
    status_display = serializers.CharField(source="get_status_display")
    short_notice = serializers.BooleanField()

    class Meta:
        model = Attendance
        fields = ["id", "court", "court_name", "case", "case_number", "court_case_number",
                  "subject", "category", "initiative", "notice_received_on", "meeting_at",
                  "short_notice", "status", "status_display", "attendee", "attendee_name",
                  "attended_at", "adoption", "decided_on"]
        read_only_fields = fields


class AttendanceDetailSerializer(AttendanceSerializer):
    """The record with its preparation, the opinion, the decision and the follow-up."""

    class Meta(AttendanceSerializer.Meta):
        fields = [*AttendanceSerializer.Meta.fields, "place", "agenda", "materials",
                  "draft_opinion", "deputy", "entrusted_by", "entrusted_on", "opinion",
                  "decision", "follow_up", "follow_up_instrument", "end_reason"]
        read_only_fields = fields


class AttendanceInputSerializer(serializers.Serializer):
    """Recording (with an optional ``case``) or changing a notice and its preparation."""

    court = serializers.IntegerField(min_value=1, help_text="同级人民法院（被监督单位）的 id")
    case = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None,
                                    help_text="关联的本院监督案件的 id（可选）")
    court_case_number = serializers.CharField(max_length=100, required=False, allow_blank=True,
                                              default="")
    subject = serializers.CharField(max_length=200)
    category = serializers.ChoiceField(choices=Category.choices)
    initiative = serializers.ChoiceField(choices=Initiative.choices, required=False,
                                         default=Initiative.COURT_NOTICE)
    notice_received_on = serializers.DateField(validators=DATE_BOUNDS)
    meeting_at = serializers.DateTimeField(validators=DATE_BOUNDS)
    place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    agenda = serializers.CharField(required=False, allow_blank=True, default="")
    materials = serializers.CharField(required=False, allow_blank=True, default="")
    draft_opinion = serializers.CharField(required=False, allow_blank=True, default="")


class EntrustInputSerializer(serializers.Serializer):
    deputy = serializers.IntegerField(min_value=1, allow_null=True,
                                      help_text="受委托的副检察长的用户 id；null 撤回委托")
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class AttendInputSerializer(serializers.Serializer):
    attendee = serializers.IntegerField(min_value=1, help_text="列席人的用户 id")
    attended_at = serializers.DateTimeField(validators=DATE_BOUNDS)
    opinion = serializers.CharField()


class DecideInputSerializer(serializers.Serializer):
    adoption = serializers.ChoiceField(choices=Adoption.choices)
    decision = serializers.CharField()
    decided_on = serializers.DateField(validators=DATE_BOUNDS)
    follow_up = serializers.CharField(required=False, allow_blank=True, default="")
    follow_up_instrument = serializers.IntegerField(min_value=1, required=False,
                                                    allow_null=True, default=None)


class FollowUpInputSerializer(serializers.Serializer):
    follow_up = serializers.CharField()
    follow_up_instrument = serializers.IntegerField(min_value=1, required=False,
                                                    allow_null=True, default=None)


class AttendanceReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
