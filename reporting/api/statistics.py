"""``GET /api/statistics/?from=&to=[&procuratorate=]``: the statistics page's figures as JSON,
the same as ``manage.py statistics --json`` (``reporting.statistics.as_json``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from supervision.db import read_from_replica
from supervision.models import Procuratorate
from supervision.permissions import dashboard_procuratorates, dashboard_scope

from .. import statistics as S


class StatisticsQuery(serializers.Serializer):
    """The period (both days included) and, optionally, a procuratorate of the caller's scope
    (its id; with those below it for a supervisor or observer)."""

    start = serializers.DateField(help_text="YYYY-MM-DD")
    end = serializers.DateField(help_text="YYYY-MM-DD")
    procuratorate = serializers.PrimaryKeyRelatedField(
        queryset=Procuratorate.objects.none(), required=False, allow_null=True)

    def get_fields(self) -> dict:
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["procuratorate"].queryset = dashboard_procuratorates(request.user)
        # ``from`` is a Python keyword: the fields are ``start``/``end``, the parameters not.
        fields["from"], fields["to"] = fields.pop("start"), fields.pop("end")
        fields["from"].source, fields["to"].source = "start", "end"
        return fields

    def validate(self, data: dict) -> dict:
        try:
            S.validate_period(data["start"], data["end"])
        except DjangoValidationError as error:
            raise serializers.ValidationError({"to": error.messages}) from None
        return data


class FiguresSerializer(serializers.Serializer):
    """Every figure of one period (``reporting.statistics.FIGURES``): counts, and rates in
    per cent with one decimal (null when the denominator is 0)."""

    def get_fields(self) -> dict:
        fields = {"from": serializers.DateField(), "to": serializers.DateField(),
                  "as_of": serializers.DateField(
                      help_text="The last day the reply figures look at: the end or today.")}
        for figure in S.FIGURES:
            text = str(figure.definition)
            fields[figure.code] = (serializers.FloatField(allow_null=True, help_text=text)
                                   if figure.is_rate else serializers.IntegerField(help_text=text))
        return fields


class ProcuratorateRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    short_name = serializers.CharField()


class BreakdownSerializer(serializers.Serializer):
    type = serializers.CharField(required=False)
    name = serializers.CharField(required=False)
    kind = serializers.CharField(required=False)
    matter = serializers.CharField(required=False)
    current = serializers.DictField(child=serializers.IntegerField())
    previous_year = serializers.DictField(child=serializers.IntegerField())


class StatisticsSerializer(FiguresSerializer):
    """This period's figures, the same period a year before, and the two tables."""

    def get_fields(self) -> dict:
        return {"procuratorate": ProcuratorateRefSerializer(allow_null=True),
                **super().get_fields(),
                "previous_year": FiguresSerializer(),
                "issued_by_type": BreakdownSerializer(many=True),
                "cases_by_matter": BreakdownSerializer(many=True)}


class StatisticsView(APIView):
    """The figures over what the caller may see (their dashboard scope); anyone without one
    (liaisons, administrators) gets 404, as on the page."""

    @extend_schema(parameters=[StatisticsQuery], responses=StatisticsSerializer)
    def get(self, request: Request) -> Response:
        if dashboard_scope(request.user) is None:
            raise Http404
        query = StatisticsQuery(data=request.query_params, context={"request": request})
        query.is_valid(raise_exception=True)
        data = query.validated_data
        with read_from_replica():
            stats = S.statistics(request.user, data["start"], data["end"],
                                 procuratorate=data.get("procuratorate"),
                                 today=timezone.localdate())
        return Response(S.as_json(stats))
