"""Reads of the material requests flow (issue 19): the staff intake list with its counts, a
request's page, the liaison's list. Every read starts from the rows the viewer may see
(``duties.permissions.material_requests``)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from ..models import MaterialRequest, MaterialRequestStatus

S = MaterialRequestStatus


def list_rows(qs: QuerySet[MaterialRequest]) -> QuerySet[MaterialRequest]:
    """What a list row shows, in one query (no per-row query)."""
    return qs.select_related("case", "agency", "procuratorate").order_by("-sent_on", "-pk")


def status_counts(qs: QuerySet[MaterialRequest], today: datetime.date | None = None) -> dict:
    """The counts the intake page heads its list with, in one aggregate over ``qs``: per
    status, and the overdue ones (still waiting, due date passed)."""
    today = today or timezone.localdate()
    figures = qs.order_by().aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=MaterialRequest.overdue_q(today)),
        refused=Count("pk", filter=Q(refusal_recorded_at__isnull=False)),
        **{status: Count("pk", filter=Q(status=status)) for status in S.values})
    return figures


def request_files(request: MaterialRequest) -> dict[str, list]:
    """The request's files by kind ("request", "answer"), one query."""
    files: dict[str, list] = {"request": [], "answer": []}
    for row in request.files.select_related("uploaded_by"):
        files.setdefault(row.kind, []).append(row)
    return files


def follow_ups(request: MaterialRequest) -> list[MaterialRequest]:
    return list(request.follow_ups.order_by("pk"))
