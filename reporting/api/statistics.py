"""``GET /api/statistics/?from=&to=[&procuratorate=]``: the statistics page's figures as JSON,
the same as ``manage.py statistics --json`` (``reporting.statistics.as_json``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
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

    start = serializers.DateField(help_text=_("统计期间的第一天（含），YYYY-MM-DD。"))
    end = serializers.DateField(help_text=_("统计期间的最后一天（含），YYYY-MM-DD。"))
    procuratorate = serializers.PrimaryKeyRelatedField(
        queryset=Procuratorate.objects.none(), required=False, allow_null=True,
        help_text=_("只统计该检察院（编号；须在调用者的统计范围内）；省略时为调用者的全部统计范围。"))

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
    """Every figure of one period (``reporting.statistics.all_figures``: the fixed figures and
    the agencies' duties' counts): counts, and rates in per cent with one decimal (null when
    the denominator is 0)."""

    def get_fields(self) -> dict:
        fields = {"from": serializers.DateField(help_text=_("统计期间的第一天。")),
                  "to": serializers.DateField(help_text=_("统计期间的最后一天。")),
                  "as_of": serializers.DateField(
                      help_text=_("答复类数据的截止日：期间的最后一天，或尚未到该日时为今天。"))}
        for figure in S.all_figures():
            text = str(figure.definition)
            fields[figure.code] = (serializers.FloatField(allow_null=True, help_text=text)
                                   if figure.is_rate else serializers.IntegerField(help_text=text))
        return fields


class ProcuratorateRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(help_text=_("检察院名称。"))
    short_name = serializers.CharField(help_text=_("检察院简称。"))


class BreakdownSerializer(serializers.Serializer):
    type = serializers.CharField(required=False, help_text=_("文书种类的代码（按文书种类分列时）。"))
    name = serializers.CharField(required=False, help_text=_("文书种类的名称（按文书种类分列时）。"))
    kind = serializers.CharField(required=False, help_text=_("案件类别（按监督事项分列时）。"))
    matter = serializers.CharField(required=False, help_text=_("监督事项（按监督事项分列时）。"))
    current = serializers.DictField(child=serializers.IntegerField(), help_text=_(
        "本期间的各项数量。"))
    previous_year = serializers.DictField(child=serializers.IntegerField(), help_text=_(
        "上年同期的各项数量。"))


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

    @extend_schema(
        tags=["statistics"],
        summary=_("统计数据"),
        description=_(
            "一个期间（首尾两日都计入）的统计数据，与统计页面和 manage.py statistics --json 相同："
            "各项数量和比率（比率为百分数，保留一位小数；分母为 0 时为 null），上年同期的数据，"
            "以及按文书种类和按监督事项分列的表。范围为调用者在统计页面上能看的范围（可用 "
            "procuratorate 缩小到其中一个检察院）；没有统计范围的用户（被监督单位联络员、管理员）答 404。"),
        parameters=[StatisticsQuery],
        responses={200: StatisticsSerializer},
    )
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
