from rest_framework import serializers

from cases.models import SupervisionCase


class CaseSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(source="kind.name")
    matter = serializers.CharField(source="matter.name")
    agency = serializers.CharField(source="agency.name")
    handler = serializers.CharField(source="handler.__str__")

    class Meta:
        model = SupervisionCase
        fields = ["id", "number", "title", "kind", "matter", "agency", "status", "handler",
                  "accepted_on", "closed_on", "juvenile"]
        read_only_fields = fields
