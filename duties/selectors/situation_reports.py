"""Reads of the situation reports flow: the intake queue and its counts, the agency's list, one
report with what hangs off it, the figures the statistics count, and the matter a case opened
from a report is suggested under."""

from __future__ import annotations

import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from agencies.choices import AgencyType
from supervision.models import Matter, User

from ..models import SituationKind, SituationReport, SituationReportFile, SituationSupplement
from ..models.situation_reports import URGENT_KINDS, SituationStatus
from ..permissions.situation_reports import staff_reports_visible_to

#: Waiting for the procuratorate: not yet signed for, or signed for and not yet decided.
PENDING = (SituationStatus.REPORTED, SituationStatus.ACKNOWLEDGED)


def staff_pending(user: User) -> QuerySet[SituationReport]:
    """The reports waiting for ``user``'s procuratorate (the dashboards count them)."""
    return staff_reports_visible_to(user).filter(status__in=PENDING)


def queue_rows(reports: QuerySet[SituationReport]) -> QuerySet[SituationReport]:
    """The intake queue or the agency's list: what each row shows, the newest first."""
    return reports.select_related("agency", "case").order_by("-reported_at", "-pk")


def counts(reports: QuerySet[SituationReport]) -> dict:
    """The queue's counts in one query: by status, by kind, and the total."""
    aggregates = {f"status_{s}": Count("pk", filter=Q(status=s)) for s in SituationStatus.values}
    aggregates |= {f"kind_{k}": Count("pk", filter=Q(kind=k)) for k in SituationKind.values}
    row = reports.order_by().aggregate(total=Count("pk"), **aggregates)
    return {
        "total": row["total"],
        "status": [(s, label, row[f"status_{s}"]) for s, label in SituationStatus.choices],
        "kind": [(k, label, row[f"kind_{k}"]) for k, label in SituationKind.choices],
    }


def report_detail(reports: QuerySet[SituationReport], pk: int) -> SituationReport | None:
    """One report of ``reports`` (already limited to the viewer) with its supplements and
    files, or None."""
    return (reports.filter(pk=pk)
            .select_related("agency", "procuratorate", "reporter", "acknowledged_by", "closed_by",
                            "case")
            .prefetch_related(
                Prefetch("supplements", SituationSupplement.objects.select_related("reporter")
                         .prefetch_related("files")),
                Prefetch("files", SituationReportFile.objects.filter(supplement__isnull=True),
                         to_attr="own_files"))
            .first())


# --- figures (duties.registry.FlowFigure: rows of the period, not yet limited to a viewer) ---

def filed_between(start: datetime.date, end: datetime.date) -> QuerySet[SituationReport]:
    return SituationReport.objects.filter(reported_at__date__range=(start, end))


def urgent_filed_between(start: datetime.date, end: datetime.date) -> QuerySet[SituationReport]:
    return filed_between(start, end).filter(kind__in=URGENT_KINDS)


def acknowledged_between(start: datetime.date, end: datetime.date) -> QuerySet[SituationReport]:
    return SituationReport.objects.filter(acknowledged_at__date__range=(start, end))


def cases_opened_between(start: datetime.date, end: datetime.date) -> QuerySet[SituationReport]:
    return SituationReport.objects.filter(case__isnull=False,
                                          case__accepted_on__range=(start, end))


# --- the matter a case opened from a report is suggested under ----------------------------

#: Agencies that hold people in custody or carry out sentences: a situation there is a matter
#: of 刑事执行监督 (seed 002 §8).
CUSTODY_AGENCIES = frozenset({AgencyType.PRISON, AgencyType.DETENTION,
                              AgencyType.COMPULSORY_MEDICAL, AgencyType.COMMUNITY_CORRECTION})
DEATH_MATTER = ("criminal", "刑事执行监督", "在押人员非正常死亡")
CUSTODY_MATTER = ("criminal", "刑事执行监督", "监管活动违法")
ENFORCEMENT_MATTER = ("administrative", None, "行政违法行为监督")
SAFETY_MATTER = ("public_interest", None, "安全生产")


def suggested_matter(report: SituationReport) -> Matter | None:
    """The matter the open-case form offers first (the procurator may choose another):
    a death in custody is 在押人员非正常死亡; an escape, and a mass incident or accident in a
    custody place, 监管活动违法; a mass incident in other enforcement 行政违法行为监督; a
    safety accident elsewhere 安全生产; nothing for "other". The names are the taxonomy's
    (reference data): a renamed matter is simply not suggested."""
    custody = report.agency.agency_type in CUSTODY_AGENCIES
    key = {
        SituationKind.DEATH_IN_CUSTODY: DEATH_MATTER,
        SituationKind.ESCAPE: CUSTODY_MATTER,
        SituationKind.MASS_INCIDENT: CUSTODY_MATTER if custody else ENFORCEMENT_MATTER,
        SituationKind.SAFETY_ACCIDENT: CUSTODY_MATTER if custody else SAFETY_MATTER,
    }.get(report.kind)
    if key is None:
        return None
    kind, parent, name = key
    return (Matter.objects.filter(kind__code=kind, name=name, children__isnull=True,
                                  **({"parent__name": parent} if parent else {"parent": None}))
            .select_related("parent", "kind").first())


def leaf_matters() -> QuerySet[Matter]:
    """Every matter a case may be registered under (a leaf), in the taxonomy's order."""
    return Matter.objects.filter(children__isnull=True).select_related("parent", "kind")


# --- the case a report was turned into (cases.hooks: the case page's timeline) --------------

#: The report's steps the case's timeline shows (labels of the audit actions).
TIMELINE_LABELS = {
    "situation_report_file": _("被监督单位报送重大情况通报"),
    "situation_report_supplement": _("被监督单位续报"),
    "situation_report_acknowledge": _("签收重大情况通报"),
}


def case_report_targets(case) -> QuerySet:
    """``(target_type, pk)`` of the reports the case was opened from (the timeline's query)."""
    from cases.selectors import audit_targets

    return audit_targets(SituationReport.objects.filter(case=case))


def case_timeline_detail(action: str, data: dict) -> str:
    if action == "situation_report_file" and data.get("kind") in SituationKind.values:
        return str(SituationKind(data["kind"]).label)
    return ""


def case_report_items(case) -> list[dict]:
    """One timeline line per report the case was opened from, linking to the report."""
    return [{"when": r.reported_at, "who": r.reporter, "what": _("依重大情况通报立案"),
             "detail": f"{r.agency.name}：{r.title}", "action": "situation_report",
             "link": r.get_absolute_url()}
            for r in SituationReport.objects.filter(case=case).select_related("agency", "reporter")]
