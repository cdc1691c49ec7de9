"""Moving a case through 受理 → 审查 → 监督中 → 结案 (or 不支持监督 / 终结审查)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from recommendations.choices import InstrumentStatus
from supervision.models import User
from supervision.services.audit import audit_record

from ..models import SupervisionCase
from ..permissions import can_decide_case
from ..transitions import FINISHING_ACTIONS, check_transition

#: Instruments on their way to, or waiting for, the agency's answer: a case with one of these
#: cannot be finished (the clock of seed 000 §8 is still running) — nor while rectification
#: is still to be verified (回头看) or a follow-up is under way (issue 6).
OPEN_INSTRUMENT_STATUSES = frozenset({
    InstrumentStatus.PENDING_APPROVAL, InstrumentStatus.APPROVED, InstrumentStatus.ISSUED,
    InstrumentStatus.AWAITING_REPLY, InstrumentStatus.UNDER_REVIEW,
    InstrumentStatus.RECTIFICATION_PENDING, InstrumentStatus.FOLLOW_UP,
})


@transaction.atomic
def case_transition(*, actor: User, case: SupervisionCase, action: str,
                    decided_on: datetime.date | None = None, reason: str = "") -> SupervisionCase:
    """Apply ``action`` (see ``cases.transitions.TRANSITIONS``) to ``case``.

    Finishing actions (结案, 不支持监督, 终结审查) need a written reason and a date between
    acceptance and today, and are refused while an instrument of the case is still open.
    """
    case = SupervisionCase.objects.select_for_update().get(pk=case.pk)
    if not can_decide_case(actor, case):
        raise PermissionDenied(_("只有承办检察官或本院审批人可以变更案件状态。"))
    target = check_transition(action, case.status)
    fields = ["status"]
    if action in FINISHING_ACTIONS:
        decided_on = decided_on or timezone.localdate()
        if decided_on > timezone.localdate():
            raise ValidationError({"decided_on": _("结案日期不能晚于今天。")})
        if decided_on < case.accepted_on:
            raise ValidationError({"decided_on": _("结案日期不能早于受理日期（%(date)s）。") % {
                "date": case.accepted_on.isoformat()}})
        if not reason.strip():
            raise ValidationError({"reason": _("请填写结案或终结的意见。")})
        open_numbers = [rec.number or str(rec.instrument_type) for rec in case.recommendations.filter(
            status__in=OPEN_INSTRUMENT_STATUSES).select_related("instrument_type")]
        if open_numbers:
            raise ValidationError(_("案件尚有未办结的监督文书（%(items)s），不能结案或终结。") % {
                "items": "、".join(open_numbers)})
        case.closed_on = decided_on
        case.outcome_note = reason.strip()
        fields += ["closed_on", "outcome_note"]
    case.status = target
    case.save(update_fields=fields)
    audit_record(actor=actor, action=f"case_{action}", target=case, status=target,
                 **({"closed_on": decided_on.isoformat()} if action in FINISHING_ACTIONS else {}))
    return case
