"""Every read an inspections page or endpoint needs."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from supervision.models import User
from supervision.permissions import dashboard_scope

from .choices import Disposal, FindingStatus, InspectionStatus
from .models import Finding, Inspection


def inspection_list_rows(qs: QuerySet[Inspection]) -> QuerySet[Inspection]:
    """The list's rows (already what the viewer sees, filtered) with their finding counts."""
    return qs.select_related("institution", "leader", "procuratorate").annotate(
        finding_count=Count("findings"),
        open_count=Count("findings", filter=~Q(findings__status__in=[
            FindingStatus.RECTIFIED, FindingStatus.NOT_RECTIFIED])))


def status_counts(qs: QuerySet[Inspection]) -> dict[str, int]:
    """``{status: count}`` over ``qs`` (one query), every status present."""
    counts = dict(qs.order_by().values_list("status").annotate(n=Count("pk")))
    return {status: counts.get(status, 0) for status in InspectionStatus.values}


@dataclass
class InspectionPage:
    members: list[User]
    findings: list[Finding]


def inspection_page(inspection: Inspection) -> InspectionPage:
    """The team and the findings with what each became (its case, its instrument with the
    instrument's type): two queries."""
    members = list(inspection.members.order_by("role", "display_name", "pk"))
    findings = list(inspection.findings.select_related(
        "case", "recommendation", "recommendation__instrument_type", "verified_by",
        "disposed_by"))
    return InspectionPage(members=members, findings=findings)


# --- statistics ----------------------------------------------------------------------------

def period_figures(user: User, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    """Inspections conducted in the period (started — 进驻 — between ``start`` and ``end``, both
    included) in ``user``'s statistics scope (``supervision.permissions.dashboard_scope``),
    and their findings: how many, how many became cases or instruments or were corrected on
    the spot, how many were verified rectified or not. Two aggregate queries; for the period
    statistics (``reporting``) and the inspection list."""
    scope = dashboard_scope(user)
    empty = {"inspections": 0, "concluded": 0, "findings": 0, "to_case": 0,
             "to_instrument": 0, "oral": 0, "rectified": 0, "not_rectified": 0}
    if scope is None:
        return empty
    conducted = Inspection.objects.filter(
        scope, started_on__gte=start, started_on__lte=end,
        status__in=[InspectionStatus.IN_PROGRESS, InspectionStatus.CONCLUDED])
    figures = conducted.aggregate(
        inspections=Count("pk"),
        concluded=Count("pk", filter=Q(status=InspectionStatus.CONCLUDED)))
    findings = Finding.objects.filter(inspection__in=conducted.values("pk")).aggregate(
        findings=Count("pk"),
        to_case=Count("pk", filter=Q(disposal=Disposal.CASE)),
        to_instrument=Count("pk", filter=Q(disposal=Disposal.INSTRUMENT)),
        oral=Count("pk", filter=Q(disposal=Disposal.ORAL)),
        rectified=Count("pk", filter=Q(status=FindingStatus.RECTIFIED)),
        not_rectified=Count("pk", filter=Q(status=FindingStatus.NOT_RECTIFIED)))
    return {**figures, **findings}
