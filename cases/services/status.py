"""Moving a case through 受理 → 审查 → 监督中 → 结案 (or 不支持监督 / 终结审查)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from supervision.models import User
from supervision.services.audit import audit_record

from ..hooks import close_refusals
from ..models import SupervisionCase
from ..transitions import FINISHING_ACTIONS, enforce


@transaction.atomic
def case_transition(*, actor: User, case: SupervisionCase, action: str,
                    decided_on: datetime.date | None = None, reason: str = "") -> SupervisionCase:
    """Apply ``action`` (see ``cases.transitions.TRANSITIONS``) to ``case``.

    Finishing actions (结案, 不支持监督, 终结审查) need a written reason and a date between
    acceptance and today, and are refused while a close guard registered in ``cases.hooks``
    objects (an instrument of the case still open: ``recommendations.case_hooks``).
    """
    case = SupervisionCase.objects.select_for_update().get(pk=case.pk)
    target = enforce(action, actor, case)  # who (PermissionDenied), then from which state
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
        refusals = close_refusals(case)
        if refusals:
            raise ValidationError(refusals)
        case.closed_on = decided_on
        case.outcome_note = reason.strip()
        fields += ["closed_on", "outcome_note"]
    case.status = target
    case.save(update_fields=fields)
    audit_record(actor=actor, action=f"case_{action}", target=case, status=target,
                 **({"closed_on": decided_on.isoformat()} if action in FINISHING_ACTIONS else {}))
    return case
