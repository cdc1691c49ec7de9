"""The case's dealings with the supervisory commission (seed 002 §7): early involvement
(提前介入) and returns for supplementary investigation (退回补充调查)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agencies.models import Agency
from supervision.deadlines import compute_due_date
from supervision.models import PeriodRule, User
from supervision.services.audit import audit_record

from ..models import EarlyInvolvement, SupervisionCase, SupplementaryReturn
from ..models.liaison import MAX_RETURNS
from ..permissions import can_work_on_case
from ._common import check_date, require_open_case_worker

#: 补充调查: one month from the return (``cases/migrations/0010_early_involvement_returns``).
SUPPLEMENTARY_PERIOD_RULE = "supplementary_investigation"


def _organ(organ: str, organ_agency: Agency | None, case: SupervisionCase) -> str:
    if organ_agency is not None:
        if organ_agency.supervising_procuratorate_id != case.procuratorate_id:
            raise ValidationError({"organ_agency": _("该单位不在本院的单位名录中。")})
        organ = organ.strip() or organ_agency.name
    if not organ.strip():
        raise ValidationError({"organ": _("请填写监察机关名称。")})
    return organ.strip()


@transaction.atomic
def early_involvement_record(*, actor: User, case: SupervisionCase, organ: str,
                             requested_on: datetime.date, scope: str, procurator: User,
                             organ_agency: Agency | None = None,
                             involved_on: datetime.date | None = None, opinion: str = "",
                             opinion_on: datetime.date | None = None) -> EarlyInvolvement:
    """Record the supervisory commission's request that a procurator take part early in a
    job-related crime case (商请派员提前介入), who was sent, and — now or later
    (:func:`early_involvement_opinion`) — the procurator's opinion."""
    require_open_case_worker(actor, case)
    organ = _organ(organ, organ_agency, case)
    check_date(requested_on, field="requested_on", case=case)
    if not scope.strip():
        raise ValidationError({"scope": _("请填写介入事项。")})
    if procurator.procuratorate_id != case.procuratorate_id or not can_work_on_case(procurator, case):
        raise ValidationError({"procurator": _("派员检察官须为本院办案人员。")})
    if involved_on is not None:
        check_date(involved_on, field="involved_on", case=case)
        if involved_on < requested_on:
            raise ValidationError({"involved_on": _("介入日期不能早于商请日期。")})
    opinion, opinion_on = _opinion(opinion, opinion_on, requested_on, case)
    row = EarlyInvolvement.objects.create(
        case=case, organ=organ, organ_agency=organ_agency, requested_on=requested_on,
        scope=scope.strip(), procurator=procurator, involved_on=involved_on, opinion=opinion,
        opinion_on=opinion_on, recorded_by=actor)
    audit_record(actor=actor, action="early_involvement_record", target=row, organ=organ,
                 requested_on=requested_on.isoformat(), procurator=procurator.pk)
    return row


def _opinion(opinion: str, opinion_on: datetime.date | None, requested_on: datetime.date,
             case: SupervisionCase) -> tuple[str, datetime.date | None]:
    opinion = opinion.strip()
    if bool(opinion) != (opinion_on is not None):
        raise ValidationError({"opinion_on" if opinion else "opinion":
                               _("检察官意见和提出意见日期须一并填写。")})
    if opinion_on is not None:
        check_date(opinion_on, field="opinion_on", case=case)
        if opinion_on < requested_on:
            raise ValidationError({"opinion_on": _("提出意见日期不能早于商请日期。")})
    return opinion, opinion_on


@transaction.atomic
def early_involvement_opinion(*, actor: User, involvement: EarlyInvolvement, opinion: str,
                              opinion_on: datetime.date) -> EarlyInvolvement:
    """Record the procurator's opinion on the case taken part in (once)."""
    row = (EarlyInvolvement.objects.select_for_update(of=("self",)).select_related("case")
           .get(pk=involvement.pk))
    if not can_work_on_case(actor, row.case):
        raise PermissionDenied(_("您不能在此案件上办理此事项。"))
    if row.opinion:
        raise ValidationError(_("已记录检察官意见。"))
    row.opinion, row.opinion_on = _opinion(opinion, opinion_on, row.requested_on, row.case)
    if not row.opinion:
        raise ValidationError({"opinion": _("请填写检察官意见。")})
    row.save(update_fields=["opinion", "opinion_on"])
    audit_record(actor=actor, action="early_involvement_opinion", target=row,
                 opinion_on=row.opinion_on.isoformat())
    return row


@transaction.atomic
def supplementary_return_record(*, actor: User, case: SupervisionCase, organ: str,
                                returned_on: datetime.date, reasons: str, items: str,
                                organ_agency: Agency | None = None) -> SupplementaryReturn:
    """Record that the case was returned to the supervisory commission for supplementary
    investigation: the reasons, the items to supplement, and the one-month period computed
    from the return date (rule ``supplementary_investigation``); at most twice."""
    require_open_case_worker(actor, case)
    SupervisionCase.objects.select_for_update().filter(pk=case.pk).first()  # rounds in order
    organ = _organ(organ, organ_agency, case)
    check_date(returned_on, field="returned_on", case=case)
    if not reasons.strip() or not items.strip():
        raise ValidationError(_("请填写退回理由和需要补充调查的事项。"))
    earlier = list(case.supplementary_returns.order_by("round"))
    if len(earlier) >= MAX_RETURNS:
        raise ValidationError(_("补充调查以二次为限，本案已退回 %(n)s 次。") % {"n": len(earlier)})
    if earlier and earlier[-1].resubmitted_on is None:
        raise ValidationError(_("上一次退回补充调查尚未重新移送。"))
    if earlier and returned_on < earlier[-1].resubmitted_on:
        raise ValidationError({"returned_on": _("退回日期不能早于上次重新移送日期。")})
    due = compute_due_date(PeriodRule.objects.get(code=SUPPLEMENTARY_PERIOD_RULE), returned_on)
    row = SupplementaryReturn.objects.create(
        case=case, organ=organ, organ_agency=organ_agency, round=len(earlier) + 1,
        returned_on=returned_on, reasons=reasons.strip(), items=items.strip(),
        due_date=due.due_date, due_provisional=due.provisional, due_explanation=due.as_dict(),
        recorded_by=actor)
    audit_record(actor=actor, action="supplementary_return_record", target=row, organ=organ,
                 round=row.round, due_date=row.due_date.isoformat())
    return row


@transaction.atomic
def supplementary_return_resubmitted(*, actor: User, supplementary_return: SupplementaryReturn,
                                     resubmitted_on: datetime.date,
                                     note: str = "") -> SupplementaryReturn:
    """Record that the commission sent the case back after supplementary investigation: the
    period's clock stops (late if after the due date)."""
    row = (SupplementaryReturn.objects.select_for_update(of=("self",)).select_related("case")
           .get(pk=supplementary_return.pk))
    if not can_work_on_case(actor, row.case):
        raise PermissionDenied(_("您不能在此案件上办理此事项。"))
    if row.resubmitted_on is not None:
        raise ValidationError(_("已登记重新移送。"))
    check_date(resubmitted_on, field="resubmitted_on", case=row.case)
    if resubmitted_on < row.returned_on:
        raise ValidationError({"resubmitted_on": _("重新移送日期不能早于退回日期。")})
    row.resubmitted_on = resubmitted_on
    row.resubmission_note = note.strip()
    row.resubmission_recorded_by = actor
    row.save(update_fields=["resubmitted_on", "resubmission_note", "resubmission_recorded_by"])
    audit_record(actor=actor, action="supplementary_return_resubmitted", target=row,
                 resubmitted_on=resubmitted_on.isoformat(), late=resubmitted_on > row.due_date)
    return row
