"""What-if preview of a due date: the same computation as ``manage.py deadline``."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from supervision.deadlines import compute_due_date
from supervision.models import PeriodRule


class DeadlinePreviewQuery(serializers.Serializer):
    rule = serializers.SlugRelatedField(slug_field="code", queryset=PeriodRule.objects.all())
    start = serializers.DateField()


class DeadlinePreviewView(APIView):
    """GET ?rule=default&start=2026-08-01 → the due date with its explanation."""

    def get(self, request: Request) -> Response:
        query = DeadlinePreviewQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        start: datetime.date = query.validated_data["start"]
        due = compute_due_date(query.validated_data["rule"], start)
        return Response({"due_date": due.due_date, "provisional": due.provisional,
                         "explanation": due.as_dict(), "explanation_text": due.explain()})
