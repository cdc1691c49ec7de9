"""The inspections' part in a case's page, registered with :mod:`cases.hooks`: for a case that
came from an inspection's finding, a panel saying so ("源自巡回检察"), and the finding's steps
on the case timeline. Registered by :meth:`InspectionsConfig.ready`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from cases import hooks
from cases.hooks import CaseSection, TimelineSource
from cases.models import SupervisionCase
from cases.selectors import audit_targets

from .choices import INSTITUTION_TYPES
from .models import Finding

ACTION_LABELS = {
    "inspection_plan": gettext_lazy("安排巡回检察"),
    "inspection_update": gettext_lazy("修改巡回检察"),
    "inspection_start": gettext_lazy("开始巡回检察"),
    "inspection_conclude": gettext_lazy("结束巡回检察并反馈"),
    "inspection_cancel": gettext_lazy("撤销巡回检察"),
    "finding_add": gettext_lazy("登记巡回检察发现的问题"),
    "finding_update": gettext_lazy("修改巡回检察发现的问题"),
    "finding_to_case": gettext_lazy("巡回检察发现的问题转为监督案件"),
    "finding_to_instrument": gettext_lazy("巡回检察发现的问题制发监督文书"),
    "finding_correct_on_spot": gettext_lazy("口头纠正巡回检察发现的问题"),
    "finding_rectifying": gettext_lazy("登记整改措施"),
    "finding_verify": gettext_lazy("核查整改结果"),
}

_CASE_CACHE = "_inspection_findings_of_case"


def case_findings(case: SupervisionCase) -> list[Finding]:
    """The findings the case came from (usually one), with their inspection: one query, read
    once per case object — and none for a case whose supervised agency is not a place of
    custody or execution (a finding's case is always on the inspected institution), so the
    case page of every other case costs nothing more (its agency is read with the case)."""
    cached = case.__dict__.get(_CASE_CACHE)
    if cached is None and case.agency.agency_type not in INSTITUTION_TYPES:
        cached = case.__dict__[_CASE_CACHE] = []
    if cached is None:
        cached = list(Finding.objects.filter(case=case)
                      .select_related("inspection", "inspection__institution"))
        case.__dict__[_CASE_CACHE] = cached
    return cached


def _audit_targets(case: SupervisionCase) -> QuerySet:
    return audit_targets(Finding.objects.filter(case=case))


TIMELINE = TimelineSource(audit_targets=_audit_targets, labels=ACTION_LABELS)


def section_context(case: SupervisionCase, user: Any,
                    can_work: bool) -> dict[str, Any] | None:
    """Shown only on a case that came from a finding (one query)."""
    findings = case_findings(case)
    return {"findings": findings, "case": case} if findings else None


SECTION = CaseSection(template="inspections/_case_section.html", context=section_context)


def register() -> None:
    """Called once by ``InspectionsConfig.ready()``."""
    hooks.timeline_sources.register(TIMELINE)
    hooks.case_sections.register(SECTION)
