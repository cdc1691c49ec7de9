"""What-if preview of a due date: the same computation as ``manage.py deadline``."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from supervision.deadlines import compute_due_date
from supervision.input_dates import EARLIEST, LATEST
from supervision.models import PeriodRule

#: The start dates a preview accepts: those of every date field people fill in
#: (``supervision.input_dates``; 9999-12-31 + 2 months was a 500).
EARLIEST_START, LATEST_START = EARLIEST, LATEST


class _RuleField(serializers.SlugRelatedField):
    """A rule's code; one with a NUL byte is invalid here, before PostgreSQL refuses the
    query (a 500)."""

    def to_internal_value(self, data):
        if "\x00" in str(data):
            self.fail("invalid")
        return super().to_internal_value(data)


class DeadlinePreviewQuery(serializers.Serializer):
    rule = _RuleField(slug_field="code", queryset=PeriodRule.objects.all(), help_text=gettext_lazy(
        "期限规则的代码，如 default、recommendation、pil_pre_litigation（系统管理 → 期限规则）。"))
    start = serializers.DateField(help_text=gettext_lazy(
        "起算日期（送达、收到或公告之日，当日不计入），YYYY-MM-DD。"))
    days = serializers.IntegerField(required=False, min_value=1, max_value=3650, help_text=gettext_lazy(
        "文书载明的期限（日），代替规则的期限；不能与 months 同时给出。"))
    months = serializers.IntegerField(required=False, min_value=1, max_value=120, help_text=gettext_lazy(
        "文书载明的期限（月），代替规则的期限；不能与 days 同时给出。"))

    def validate_start(self, value: datetime.date) -> datetime.date:
        if not EARLIEST_START <= value <= LATEST_START:
            raise serializers.ValidationError(_("起算日期应在 %(first)s 至 %(last)s 之间。") % {
                "first": EARLIEST_START.isoformat(), "last": LATEST_START.isoformat()})
        return value

    def validate(self, data: dict) -> dict:
        if "days" in data and "months" in data:
            raise serializers.ValidationError(_("days 和 months 只能给出一个。"))
        return data


class DeadlinePeriodSerializer(serializers.Serializer):
    amount = serializers.IntegerField(help_text=gettext_lazy("所用期限的数量。"))
    unit = serializers.ChoiceField(choices=[("days", "days"), ("months", "months")],
                                   help_text=gettext_lazy("所用期限的单位：days（日）或 months（月）。"))
    overridden = serializers.BooleanField(help_text=gettext_lazy(
        "是否使用了请求中 days 或 months 给出的期限，而不是规则的期限。"))


class DeadlinePreviewSerializer(serializers.Serializer):
    due_date = serializers.DateField(help_text=gettext_lazy("到期日（已按节假日顺延）。"))
    provisional = serializers.BooleanField(help_text=gettext_lazy(
        "到期日所在年度的节假日安排尚未录入时为 true：日期为暂定，录入后可能变化。"))
    raw_end = serializers.DateField(help_text=gettext_lazy("顺延前的期限届满日。"))
    shifted_for = serializers.CharField(allow_null=True, help_text=gettext_lazy(
        "因何顺延（节假日名称，或“休息日”）；未顺延时为 null。"))
    period = DeadlinePeriodSerializer()
    explanation = serializers.DictField(help_text=gettext_lazy(
        "计算过程，与文书保存的期限说明相同（起算日、规则、期限、届满日、顺延、法律依据等）。"))
    explanation_text = serializers.CharField(help_text=gettext_lazy(
        "计算过程的文字说明，使用请求者的语言。"))


class DeadlinePreviewView(APIView):
    """GET ?rule=default&start=2026-08-01[&days=N | &months=N] → the due date with its
    explanation; ``days``/``months`` stand for a period the document states instead of the
    rule's. ``provisional`` is true when the date rests on a year whose holiday notice is not
    entered yet."""

    @extend_schema(
        tags=["deadlines"],
        summary=gettext_lazy("期限计算预览"),
        description=gettext_lazy(
            "按期限规则从起算日期计算到期日，与 manage.py deadline 的计算相同：期间开始之日不计入，"
            "届满日为节假日的顺延至节假日后的第一个工作日。可用 days 或 months 给出文书载明的"
            "期限代替规则的期限。到期日所在年度的节假日安排尚未录入时，provisional 为 true。"
            "不写入任何数据。"),
        parameters=[DeadlinePreviewQuery],
        responses={200: DeadlinePreviewSerializer},
    )
    def get(self, request: Request) -> Response:
        query = DeadlinePreviewQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        start: datetime.date = data["start"]
        amount, unit = ((data["days"], "days") if "days" in data else
                        (data["months"], "months") if "months" in data else (None, None))
        due = compute_due_date(data["rule"], start, amount=amount, unit=unit)
        return Response({"due_date": due.due_date, "provisional": due.provisional,
                         "raw_end": due.raw_end, "shifted_for": due.shifted_for,
                         "period": {"amount": due.amount, "unit": due.unit,
                                    "overridden": amount is not None},
                         "explanation": due.as_dict(), "explanation_text": due.explain()})
