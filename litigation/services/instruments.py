"""What became of a 督促起诉 or 支持起诉 instrument after it was served (seed 000 §5:
"督促起诉、支持起诉等监督方式").

The instruments themselves are ``recommendations.Recommendation`` rows of the types this app's
data migration adds (``pil_urge_suit``: to an organ that should sue, with a written answer in
the period of its rule; ``pil_support_suit``: the 支持起诉意见书 to the court, no reply); their
drafting, approval, numbering, service and reply are the instruments' own life. Their own life
here is the result: whether the organ urged to sue did, how the supported suit ended.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.permissions import can_work_on_case
from recommendations.choices import InstrumentStatus
from recommendations.models import Recommendation
from supervision.models import User
from supervision.services.audit import audit_record

from ..choices import OUTCOMES_BY_TYPE
from ..models import SuitInstrumentOutcome

#: An instrument not yet served (or withdrawn) has no result to record.
_NOT_SERVED = {InstrumentStatus.DRAFT, InstrumentStatus.PENDING_APPROVAL,
               InstrumentStatus.APPROVED, InstrumentStatus.ISSUED, InstrumentStatus.WITHDRAWN,
               InstrumentStatus.VOIDED}


@transaction.atomic
def instrument_outcome_record(*, actor: User, recommendation: Recommendation, outcome: str,
                              outcome_on: datetime.date, court: str = "",
                              note: str = "") -> SuitInstrumentOutcome:
    """Record (or correct) the result of a served 督促起诉 / 支持起诉 instrument."""
    recommendation = (Recommendation.objects.select_for_update(of=("self",))
                      .select_related("case", "instrument_type").get(pk=recommendation.pk))
    if not can_work_on_case(actor, recommendation.case):
        raise PermissionDenied(_("只有办理该案件的人员可以登记督促起诉、支持起诉的结果。"))
    allowed = OUTCOMES_BY_TYPE.get(recommendation.instrument_type.code)
    if allowed is None:
        raise ValidationError(_("只有督促起诉、支持起诉文书可以登记起诉结果。"))
    if recommendation.status in _NOT_SERVED or recommendation.served_on is None:
        raise ValidationError(_("文书送达后才能登记结果。"))
    if outcome not in allowed:
        raise ValidationError({"outcome": _("该结果不适用于此类文书。")})
    if outcome_on is None or outcome_on > timezone.localdate():
        raise ValidationError({"outcome_on": _("日期不能晚于今天。")})
    if outcome_on < recommendation.served_on:
        raise ValidationError({"outcome_on": _("日期不能早于文书送达日期。")})
    row, created = SuitInstrumentOutcome.objects.update_or_create(
        recommendation=recommendation,
        defaults={"procuratorate_id": recommendation.case.procuratorate_id, "outcome": outcome,
                  "outcome_on": outcome_on, "court": (court or "").strip(),
                  "note": (note or "").strip(), "recorded_by": actor})
    audit_record(actor=actor, action="pil_instrument_outcome", target=recommendation,
                 outcome=outcome, outcome_on=outcome_on.isoformat(), corrected=not created)
    return row
