"""What-if preview of a due date: the same computation as ``manage.py deadline``."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
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
    rule = _RuleField(slug_field="code", queryset=PeriodRule.objects.all())
    start = serializers.DateField()
    days = serializers.IntegerField(required=False, min_value=1, max_value=3650)
    months = serializers.IntegerField(required=False, min_value=1, max_value=120)

    def validate_start(self, value: datetime.date) -> datetime.date:
        if not EARLIEST_START <= value <= LATEST_START:
            raise serializers.ValidationError(_("起算日期应在 %(first)s 至 %(last)s 之间。") % {
                "first": EARLIEST_START.isoformat(), "last": LATEST_START.isoformat()})
        return value

    def validate(self, data: dict) -> dict:
        if "days" in data and "months" in data:
            raise serializers.ValidationError(_("days 和 months 只能给出一个。"))
        return data


class DeadlinePreviewView(APIView):
    """GET ?rule=default&start=2026-08-01[&days=N | &months=N] → the due date with its
    explanation; ``days``/``months`` stand for a period the document states instead of the
    rule's. ``provisional`` is true when the date rests on a year whose holiday notice is not
    entered yet."""

    @extend_schema(parameters=[DeadlinePreviewQuery], responses=OpenApiTypes.OBJECT)
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
