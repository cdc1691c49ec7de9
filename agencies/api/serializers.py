"""The agency directory's representations (staff only): an agency, its type, its superior,
and in the detail the names of its active liaisons. No contact phone (personal data, stored
encrypted: issue 15) and no liaison's e-mail or account."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from agencies.choices import AgencyLevel
from agencies.models import Agency, LiaisonMembership


class SupervisingProcuratorateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class AgencySerializer(serializers.ModelSerializer):
    """A row of the directory."""

    agency_type_display = serializers.CharField(source="get_agency_type_display")
    #: Blank when not recorded (a read-only model field loses its ``blank`` in the schema).
    level = serializers.ChoiceField(choices=AgencyLevel.choices, allow_blank=True, read_only=True)
    level_display = serializers.CharField(source="get_level_display")
    supervising_procuratorate = SupervisingProcuratorateSerializer()
    superior = serializers.CharField(
        source="superior_name",
        help_text=_("上级机关或主管部门：系统内的上级单位名称，否则为登记的名称（拒不整改时通报的对象）。"))
    superior_in_directory = serializers.SerializerMethodField(
        help_text=_("上级机关是否也是本系统中的单位。"))

    class Meta:
        model = Agency
        fields = ["id", "name", "agency_type", "agency_type_display", "level", "level_display",
                  "region", "sector", "supervising_procuratorate", "superior",
                  "superior_in_directory", "reply_requires_signoff"]
        read_only_fields = fields

    def get_superior_in_directory(self, instance: Agency) -> bool:
        return instance.superior_id is not None


class LiaisonSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.__str__")
    is_responsible = serializers.BooleanField(help_text=_("单位负责人：可签发本单位的回复。"))

    class Meta:
        model = LiaisonMembership
        fields = ["name", "is_responsible"]
        read_only_fields = fields


class AgencyDetailSerializer(AgencySerializer):
    """One agency: the row, its address and contact, and its active liaisons' names."""

    liaisons = LiaisonSerializer(source="active_memberships", many=True)
    #: As recorded: blank when none (not an ``email`` value then).
    contact_email = serializers.CharField(read_only=True)

    class Meta(AgencySerializer.Meta):
        fields = AgencySerializer.Meta.fields + ["address", "contact_name", "contact_email",
                                                 "liaisons"]
        read_only_fields = fields
