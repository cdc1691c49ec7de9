"""Agency scorecards (单位配合与落实情况评价) as JSON: the ranking page's table
(``GET /api/scorecards/``) and one agency's card (``GET /api/scorecards/{agency_id}/``).

Both read through the pages' own functions (``reporting.scorecard_views.ranking_for`` and
``card_for``) — the same parameters, defaults, period rule, scope and counting rules
(``reporting.permissions``): staff and the congress observer over their dashboard scope (a
supervisor their procuratorate and those below it), a liaison their own agency's card and no
ranking; anything else 404. A parameter the page would report and ignore is a 400 here.

The ranking is not paginated, as on the page: it holds the agencies of one type within the
viewer's scope, ranked against each other (a page of it would rank nothing)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.choices import AgencyType
from supervision.db import read_from_replica

from ..scorecard_views import card_for, ranking_for
from ..scorecards import all_figures


def _form_errors(form) -> serializers.ValidationError:
    """The page form's errors, a period error (a form-wide one) under ``end``."""
    return serializers.ValidationError(
        {("end" if field == "__all__" else field): list(errors)
         for field, errors in form.errors.items()})


class FigureDefinitionSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    definition = serializers.CharField()
    rate = serializers.BooleanField(help_text=_("是否为比率（0 至 1 之间的小数）"))


def _definitions() -> list[dict]:
    return [{"code": f.code, "label": str(f.label), "definition": str(f.explanation),
             "rate": f.rate} for f in all_figures()]


class ScorecardFiguresSerializer(serializers.Serializer):
    """Every scorecard figure (``reporting.scorecards.all_figures``: the fixed figures and the
    agencies' duties' counts): counts, and rates as a
    fraction with four decimals (null when the denominator is 0)."""

    def get_fields(self) -> dict:
        return {f.code: (serializers.FloatField(allow_null=True, help_text=f.definition)
                         if f.rate else serializers.IntegerField(help_text=f.definition))
                for f in all_figures()}


class RankingRowSerializer(ScorecardFiguresSerializer):
    def get_fields(self) -> dict:
        return {"rank": serializers.IntegerField(allow_null=True, help_text=_(
                    "名次（数值相同者并列；该项无数据的单位为 null，排在最后）")),
                "id": serializers.IntegerField(), "name": serializers.CharField(),
                "agency_type": serializers.CharField(),
                "procuratorate": serializers.CharField(help_text=_("监督检察院")),
                **super().get_fields()}


class RankingSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    agency_type = serializers.CharField(allow_blank=True)
    procuratorate = serializers.IntegerField(allow_null=True)
    sort = serializers.CharField()
    order = serializers.ChoiceField(choices=["asc", "desc"])
    figures = FigureDefinitionSerializer(many=True)
    results = RankingRowSerializer(many=True)


class AgencyRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    agency_type = serializers.CharField()
    procuratorate = serializers.CharField(help_text=_("监督检察院"))


class ScorecardSerializer(serializers.Serializer):
    agency = AgencyRefSerializer()
    start = serializers.DateField()
    end = serializers.DateField()
    figures = FigureDefinitionSerializer(many=True)
    values = ScorecardFiguresSerializer()


PERIOD_PARAMETERS = [
    OpenApiParameter("start", str, description=_("起始日期 YYYY-MM-DD（默认本年 1 月 1 日）")),
    OpenApiParameter("end", str, description=_("截止日期 YYYY-MM-DD（默认今日）；期间不超过五年")),
]


def _known_values(request: Request, allowed: dict[str, list[str]]) -> None:
    """A documented parameter sent with a value outside its set: 400 naming it (the page
    falls back to its default; a system is told)."""
    errors = {name: [_("取值无效，可选：%(values)s。") % {"values": "、".join(values)}]
              for name, values in allowed.items()
              if name in request.query_params and request.query_params[name] not in values}
    if errors:
        raise ValidationError(errors)


class RankingView(APIView):
    @extend_schema(
        operation_id="scorecards_list",
        summary=_("被监督单位评价排名"),
        description=_("本人范围内同一类型被监督单位的各项评价指标并列排名，与“单位评价”页面相同。"
                      "联络员、管理员得到 404；参数无效得到 400。"),
        parameters=[*PERIOD_PARAMETERS,
                    OpenApiParameter("type", str, enum=list(AgencyType.values), description=_(
                        "单位类型（默认本人范围内单位最多的第一种类型）")),
                    OpenApiParameter("procuratorate", int, description=_(
                        "监督检察院的 id（含其下级院），限于本人的范围")),
                    OpenApiParameter("sort", str, enum=[f.code for f in all_figures()], description=_(
                        "排序的指标（默认按期回复率）")),
                    OpenApiParameter("order", str, enum=["asc", "desc"], description=_(
                        "desc：高者在前（默认）；asc：低者在前"))],
        responses=RankingSerializer)
    def get(self, request: Request) -> Response:
        _known_values(request, {"type": AgencyType.values, "sort": [f.code for f in all_figures()],
                                "order": ["asc", "desc"]})
        with read_from_replica():
            ranking = ranking_for(request._request)
        if not ranking.valid:
            raise _form_errors(ranking.form)
        return Response({
            "start": ranking.start, "end": ranking.end, "agency_type": ranking.agency_type,
            "procuratorate": ranking.procuratorate.pk if ranking.procuratorate else None,
            "sort": ranking.sort, "order": "desc" if ranking.descending else "asc",
            "figures": _definitions(),
            "results": [{"rank": row["rank"], "id": row["id"], "name": row["name"],
                         "agency_type": row["agency_type"],
                         "procuratorate": row["supervising_procuratorate__name"],
                         **{f.code: row[f.code] for f in all_figures()}} for row in ranking.rows]})


class ScorecardView(APIView):
    @extend_schema(
        operation_id="scorecards_retrieve",
        summary=_("被监督单位评价"),
        description=_("一个被监督单位在期间内的各项评价指标，每项附口径说明，与单位评价页面相同。"
                      "检察院工作人员和人大观察员可看本人范围内的单位，联络员只能看本单位；"
                      "其他得到 404。"),
        parameters=PERIOD_PARAMETERS, responses=ScorecardSerializer)
    def get(self, request: Request, pk: int) -> Response:
        with read_from_replica():
            agency, form, start, end, card = card_for(request._request, pk)
        if form.is_bound and not form.is_valid():
            raise _form_errors(form)
        return Response({
            "agency": {"id": agency.pk, "name": agency.name, "agency_type": agency.agency_type,
                       "procuratorate": agency.supervising_procuratorate.name},
            "start": start, "end": end, "figures": _definitions(),
            "values": {f.code: card[f.code] for f in all_figures()}})
