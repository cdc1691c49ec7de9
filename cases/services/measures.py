"""Investigation and verification (调查核实, seed 000 §7; seed 002 §13)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency
from supervision.models import User
from supervision.services.audit import audit_record
from supervision.services.notifications import notify

from ..choices import MeasureType
from ..models import InvestigationMeasure, SupervisionCase
from ..permissions import can_work_on_case
from ._common import (
    approvers_to_tell,
    check_date,
    check_supervised_agency,
    require_open_case_worker,
)
from .attachments import attachment_add


@transaction.atomic
def measure_record(*, actor: User, case: SupervisionCase, measure_type: str, taken_on: datetime.date,
                   target: str, result: str = "", agency: Agency | None = None, refused: bool = False,
                   refusal_note: str = "", files: Sequence[UploadedFile] = ()) -> InvestigationMeasure:
    """Record one measure taken on ``case``, with its files. A refusal to cooperate (seed 002
    §13: "有关单位和个人应当协助配合") is recorded with what happened."""
    require_open_case_worker(actor, case)
    if measure_type not in MeasureType.values:
        raise ValidationError({"measure_type": _("未知的调查方式。")})
    check_date(taken_on, field="taken_on", case=case)
    if not target.strip():
        raise ValidationError({"target": _("请填写调查对象。")})
    if refused and not refusal_note.strip():
        raise ValidationError({"refusal_note": _("记录拒不配合时必须说明具体情况。")})
    if agency is not None:
        check_supervised_agency(agency, case.procuratorate_id)
    measure = InvestigationMeasure.objects.create(
        case=case, measure_type=measure_type, taken_on=taken_on, target=target.strip(),
        agency=agency, result=result.strip(), refused=refused,
        refusal_note=refusal_note.strip() if refused else "", recorded_by=actor)
    audit_record(actor=actor, action="measure_record", target=measure, type=measure_type,
                 taken_on=taken_on.isoformat(), refused=refused)
    for upload in files:
        attachment_add(actor=actor, case=case, upload=upload, measure=measure)
    return measure


@transaction.atomic
def measure_escalate_refusal(*, actor: User, measure: InvestigationMeasure,
                             note: str = "") -> InvestigationMeasure:
    """Escalate a refusal to cooperate, as an unanswered instrument is escalated.

    seed 000 §8: for a unit that "无正当理由拒不协助和配合", the procuratorate "应当通报有关上级机关
    或者主管部门"; seed 002 §13: it "可以建议监察机关或者该单位的上级主管机关依法依规处理". This step
    records the decision to escalate and puts it before the procuratorate's approvers (in-app
    notification, audit entry); the letter to the superior authority itself is an instrument
    drafted on the case. Once per measure.
    """
    measure = InvestigationMeasure.objects.select_for_update(of=("self",)).select_related(
        "case", "agency").get(pk=measure.pk)
    case = measure.case
    if not can_work_on_case(actor, case):
        raise PermissionDenied(_("您不能在此案件上办理此事项。"))
    if not measure.refused:
        raise ValidationError(_("该调查措施没有拒不配合的记录，无需报告。"))
    if measure.escalated_at is not None:
        raise ValidationError(_("该拒不配合情形已于 %(when)s 报告。") % {
            "when": timezone.localtime(measure.escalated_at).strftime("%Y-%m-%d %H:%M")})
    return _escalate(measure, actor=actor, note=note, code="case.refusal_escalated",
                     params={"case": case.number, "target": measure.target})


def _escalate(measure: InvestigationMeasure, *, actor: User | None, note: str, code: str,
              params: dict) -> InvestigationMeasure:
    """The one escalation of a refusal (the rule of :func:`measure_escalate_refusal`): mark
    it, put it before the procuratorate's approvers, audit it. ``actor`` None: the system did
    it (an unanswered material request, :func:`measure_refusal_by_silence`). ``measure`` is
    locked, refused and not yet escalated."""
    case = measure.case
    measure.escalated_at = timezone.now()
    measure.escalated_by = actor
    measure.escalation_note = note.strip()
    measure.save(update_fields=["escalated_at", "escalated_by", "escalation_note"])
    superior = measure.agency.superior_name if measure.agency_id else ""
    notify(approvers_to_tell(case, actor), code, params, link=case.get_absolute_url())
    audit_record(actor=actor, action="measure_escalate_refusal", target=measure,
                 superior=superior, note=measure.escalation_note)
    return measure


@transaction.atomic
def measure_refusal_by_silence(*, measure: InvestigationMeasure, refusal_note: str,
                               escalation_note: str, params: dict) -> InvestigationMeasure:
    """The system's side of seed 002 §13: a unit that left a request of this measure
    unanswered past its due date is recorded as refusing to cooperate ("无正当理由拒绝协助
    调查"), and the refusal is escalated as :func:`measure_escalate_refusal` does — once per
    measure: a measure already escalated gets the new refusal noted, no second escalation.
    No person acts (the audit entries have no actor); ``params`` name the request in the
    approvers' notification (``case.refusal_unanswered``)."""
    measure = InvestigationMeasure.objects.select_for_update(of=("self",)).select_related(
        "case", "agency").get(pk=measure.pk)
    note = refusal_note.strip()
    if note not in measure.refusal_note:
        measure.refusal_note = f"{measure.refusal_note}\n{note}".strip() if measure.refused else note
        measure.refused = True
        measure.save(update_fields=["refused", "refusal_note"])
        audit_record(actor=None, action="measure_refusal_recorded", target=measure, note=note)
    if measure.escalated_at is None:
        _escalate(measure, actor=None, note=escalation_note, code="case.refusal_unanswered",
                  params={"case": measure.case.number, "target": measure.target, **params})
    return measure
