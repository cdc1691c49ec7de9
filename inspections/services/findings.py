"""The problems an inspection found, and their follow-through to the end.

A finding is dealt with in one step — the only step the procurator takes:

* made a supervision case (``finding_to_case``): the case is registered through
  ``cases.services.case_register`` with the institution as the supervised agency;
* made an instrument (``finding_to_instrument``): the case is registered AND the draft of a
  纠正违法通知书 / 检察建议 addressed to the institution is written on it
  (``recommendations.services.recommendation_draft``), in one transaction — the instrument
  then lives its own life (approval, issue, service, reply, evaluation), which the finding
  reads and never copies;
* corrected on the spot (``finding_correct_on_spot``, 口头纠正).

Then the rectification: the measures the institution reports (``finding_rectifying``, 整改中)
and the procurator's verification (``finding_verify``, 已整改 / 未整改). A finding that became
an instrument is verified only once the instrument is closed: its evaluation (整改到位 or not)
is what the verification confirms.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.choices import ClueSource
from cases.models import SupervisionCase
from cases.services import case_register
from recommendations.choices import InstrumentStatus
from recommendations.models import InstrumentType, Recommendation
from recommendations.services import recommendation_draft
from supervision.models import Matter, User
from supervision.services.audit import audit_record
from supervision.services.notifications import notify

from ..choices import (
    INSTRUMENT_CODES,
    Disposal,
    FindingCategory,
    FindingStatus,
    InspectionStatus,
    Severity,
)
from ..models import Finding, Inspection
from ..transitions import enforce, enforce_finding

#: The instrument states after which the finding's rectification can be verified.
INSTRUMENT_DONE = frozenset({InstrumentStatus.CLOSED, InstrumentStatus.WITHDRAWN,
                             InstrumentStatus.VOIDED})


def _locked(finding: Finding) -> Finding:
    return (Finding.objects.select_for_update(of=("self",))
            .select_related("inspection", "inspection__institution", "inspection__leader",
                            "recommendation")
            .get(pk=finding.pk))


def _text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _check_values(category: str, severity: str, description: str) -> str:
    if category not in FindingCategory.values:
        raise ValidationError({"category": _("问题类别无效。")})
    if severity not in Severity.values:
        raise ValidationError({"severity": _("严重程度无效。")})
    return _text(description, "description", _("请填写问题描述。"))


def _check_found_on(found_on: datetime.date | None, inspection: Inspection) -> None:
    if found_on is None or found_on > timezone.localdate():
        raise ValidationError({"found_on": _("发现日期不能晚于今天。")})
    if found_on < inspection.start_date:
        raise ValidationError({"found_on": _("发现日期不能早于检察开始日期（%(date)s）。") % {
            "date": inspection.start_date.isoformat()}})


def _in_progress(finding: Finding) -> None:
    if finding.inspection.status != InspectionStatus.IN_PROGRESS:
        raise ValidationError(_("巡回检察不在进行中，不能再处理问题。"))


def _following(finding: Finding) -> None:
    if finding.inspection.status not in (InspectionStatus.IN_PROGRESS,
                                         InspectionStatus.CONCLUDED):
        raise ValidationError(_("巡回检察已撤销，不能再跟踪整改。"))


def _check_date(value: datetime.date | None, field: str, finding: Finding) -> datetime.date:
    if value is None or value > timezone.localdate():
        raise ValidationError({field: _("日期不能晚于今天。")})
    if value < finding.found_on:
        raise ValidationError({field: _("日期不能早于问题的发现日期（%(date)s）。") % {
            "date": finding.found_on.isoformat()}})
    return value


# --- recording -----------------------------------------------------------------------------

@transaction.atomic
def finding_add(*, actor: User, inspection: Inspection, category: str, description: str,
                found_on: datetime.date, evidence: str = "",
                severity: str = Severity.GENERAL) -> Finding:
    """Record a problem found during a running inspection, numbered in order."""
    inspection = Inspection.objects.select_for_update(of=("self",)).select_related(
        "institution").get(pk=inspection.pk)
    enforce("add_finding", actor, inspection)
    description = _check_values(category, severity, description)
    _check_found_on(found_on, inspection)
    last = inspection.findings.aggregate(m=Max("number"))["m"]
    finding = Finding.objects.create(
        inspection=inspection, number=(last or 0) + 1, category=category,
        description=description, evidence=(evidence or "").strip(), severity=severity,
        found_on=found_on, created_by=actor)
    audit_record(actor=actor, action="finding_add", target=finding,
                 inspection=inspection.pk, number=finding.number, category=category)
    return finding


@transaction.atomic
def finding_update(*, actor: User, finding: Finding, category: str, description: str,
                   found_on: datetime.date, evidence: str = "",
                   severity: str = Severity.GENERAL) -> Finding:
    """Correct a finding not yet dealt with."""
    finding = _locked(finding)
    enforce_finding("edit", actor, finding)
    _in_progress(finding)
    values = {"category": category, "severity": severity,
              "description": _check_values(category, severity, description),
              "evidence": (evidence or "").strip(), "found_on": found_on}
    _check_found_on(found_on, finding.inspection)
    changes = {f: (getattr(finding, f), v) for f, v in values.items() if getattr(finding, f) != v}
    if not changes:
        return finding
    for field, (_old, new) in changes.items():
        setattr(finding, field, new)
    finding.save(update_fields=list(changes))
    audit_record(actor=actor, action="finding_update", target=finding, changes=changes)
    return finding


# --- dealing with it, in one step ----------------------------------------------------------

def _check_matter(matter: Matter | None) -> Matter:
    if matter is None:
        raise ValidationError({"matter": _("请选择监督事项。")})
    if matter.kind.code != "criminal":
        raise ValidationError({"matter": _("巡回检察发现的问题属于刑事执行监督，请选择刑事检察的监督事项。")})
    return matter


def _register(actor: User, finding: Finding, matter: Matter, title: str,
              summary: str) -> SupervisionCase:
    inspection = finding.inspection
    title = _text(title, "title", _("请填写案件名称。"))
    summary = (summary or "").strip() or _(
        "%(inspection)s中发现：%(description)s") % {
        "inspection": inspection.title, "description": finding.description}
    return case_register(actor=actor, matter=_check_matter(matter),
                         agency=inspection.institution, title=title, summary=summary,
                         clue_source=ClueSource.EX_OFFICIO)


def _dispose(finding: Finding, actor: User, target: str, disposal: str, **fields) -> None:
    finding.status, finding.disposal = target, disposal
    finding.disposed_on, finding.disposed_by = timezone.localdate(), actor
    for name, value in fields.items():
        setattr(finding, name, value)
    finding.save(update_fields=["status", "disposal", "disposed_on", "disposed_by", *fields])


def _tell_leader(finding: Finding, actor: User, what: str, ref: str) -> None:
    leader = finding.inspection.leader
    if leader.pk != actor.pk:
        notify([leader], "inspection.finding_converted",
               {"title": finding.inspection.title, "number": finding.number, "what": what,
                "ref": ref}, link=finding.get_absolute_url())


@transaction.atomic
def finding_to_case(*, actor: User, finding: Finding, matter: Matter, title: str,
                    summary: str = "") -> SupervisionCase:
    """Register a supervision case on the finding (the institution supervised, the matter
    chosen, 依职权发现), handled by ``actor``; the finding links to it."""
    finding = _locked(finding)
    target = enforce_finding("convert_case", actor, finding)
    _in_progress(finding)
    case = _register(actor, finding, matter, title, summary)
    _dispose(finding, actor, target, Disposal.CASE, case=case)
    audit_record(actor=actor, action="finding_to_case", target=finding, case=case.number)
    _tell_leader(finding, actor, "监督案件", case.number)
    return case


@transaction.atomic
def finding_to_instrument(*, actor: User, finding: Finding, matter: Matter,
                          instrument_type: InstrumentType, title: str, body: str,
                          case_title: str = "", legal_basis: str = "") -> Recommendation:
    """Register the case and draft the instrument addressed to the institution on it, in one
    transaction: the facts are the finding's, the 纠正意见 / 建议事项 are ``body``. The
    draft then goes through approval and issue as every instrument does."""
    finding = _locked(finding)
    target = enforce_finding("convert_instrument", actor, finding)
    _in_progress(finding)
    if instrument_type is None or instrument_type.code not in INSTRUMENT_CODES:
        raise ValidationError({"instrument_type": _("请选择纠正违法通知书或检察建议。")})
    title = _text(title, "title", _("请填写文书标题。"))
    body = _text(body, "body", _("请填写纠正意见或建议事项。"))
    inspection = finding.inspection
    case = _register(actor, finding, matter, case_title or title, "")
    facts = finding.description + (f"\n{finding.evidence}" if finding.evidence else "")
    rec = recommendation_draft(
        actor=actor, case=case, instrument_type=instrument_type, agency=inspection.institution,
        title=title, body=body, facts=_("本院在%(inspection)s中发现：%(facts)s") % {
            "inspection": inspection.title, "facts": facts},
        problems=finding.description, legal_basis=(legal_basis or "").strip(),
        case_source=_("本院开展巡回检察时发现"))
    _dispose(finding, actor, target, Disposal.INSTRUMENT, case=case, recommendation=rec)
    audit_record(actor=actor, action="finding_to_instrument", target=finding,
                 case=case.number, instrument=rec.pk, instrument_type=instrument_type.code)
    _tell_leader(finding, actor, instrument_type.name, case.number)
    return rec


@transaction.atomic
def finding_correct_on_spot(*, actor: User, finding: Finding, note: str,
                            corrected_on: datetime.date) -> Finding:
    """The problem was pointed out and corrected on the spot (口头纠正), as the note says."""
    finding = _locked(finding)
    target = enforce_finding("correct_on_spot", actor, finding)
    _in_progress(finding)
    note = _text(note, "note", _("请填写口头纠正的情况。"))
    corrected_on = _check_date(corrected_on, "corrected_on", finding)
    _dispose(finding, actor, target, Disposal.ORAL, oral_note=note)
    finding.disposed_on = corrected_on
    finding.save(update_fields=["disposed_on"])
    audit_record(actor=actor, action="finding_correct_on_spot", target=finding,
                 corrected_on=corrected_on.isoformat())
    return finding


# --- rectification, to the end -------------------------------------------------------------

@transaction.atomic
def finding_rectifying(*, actor: User, finding: Finding, measures: str,
                       due: datetime.date | None = None) -> Finding:
    """The institution reported its rectification measures (整改措施), to be done by ``due``."""
    finding = _locked(finding)
    target = enforce_finding("rectifying", actor, finding)
    _following(finding)
    measures = _text(measures, "measures", _("请填写整改措施。"))
    if due is not None and due < finding.found_on:
        raise ValidationError({"due": _("整改期限不能早于问题的发现日期。")})
    finding.status, finding.rectification_note, finding.rectification_due = target, measures, due
    finding.save(update_fields=["status", "rectification_note", "rectification_due"])
    audit_record(actor=actor, action="finding_rectifying", target=finding,
                 due=due.isoformat() if due else "")
    return finding


def instrument_closed(finding: Finding) -> bool:
    """A finding that became an instrument is verified once the instrument is done."""
    rec = finding.recommendation
    return rec is None or rec.status in INSTRUMENT_DONE


@transaction.atomic
def finding_verify(*, actor: User, finding: Finding, rectified: bool,
                   verified_on: datetime.date, note: str) -> Finding:
    """The procurator checked the rectification (整改核查, 回头看): rectified or not, on
    ``verified_on``, with what was seen. For a finding that became an instrument, only once
    the instrument is closed (its evaluation is the measure of the rectification)."""
    finding = _locked(finding)
    target = enforce_finding("verify", actor, finding,
                             FindingStatus.RECTIFIED if rectified else FindingStatus.NOT_RECTIFIED)
    _following(finding)
    if not instrument_closed(finding):
        raise ValidationError(_("问题已制发%(type)s，须待文书办结后再核查整改结果（文书当前状态：%(state)s）。") % {
            "type": finding.recommendation.instrument_type.name,
            "state": finding.recommendation.get_status_display()})
    note = _text(note, "note", _("请填写核查情况。"))
    verified_on = _check_date(verified_on, "verified_on", finding)
    finding.status, finding.verified_on, finding.verified_by = target, verified_on, actor
    finding.verification_note = note
    finding.save(update_fields=["status", "verified_on", "verified_by", "verification_note"])
    audit_record(actor=actor, action="finding_verify", target=finding, result=target,
                 verified_on=verified_on.isoformat())
    return finding
