"""Voiding an issued instrument (作废): its number is recorded on a VoidedNumber row and never
handed out again — the counter never goes back, so the sequence keeps a documented gap."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from recommendations.services.notices import tell_liaisons
from supervision.models import User
from supervision.services.audit import audit_record

from ..models import Recommendation, VoidedNumber
from ..transitions import enforce
from .locks import lock_recommendation


@transaction.atomic
def recommendation_void(*, actor: User, recommendation: Recommendation,
                        reason: str) -> Recommendation:
    """Void an issued, not yet served instrument with the reason; the frozen PDF is kept."""
    rec = lock_recommendation(recommendation)
    rec.status = enforce("void", actor, rec)
    if not reason.strip():
        raise ValidationError({"reason": _("作废必须写明理由。")})
    VoidedNumber.objects.create(number=rec.number, recommendation=rec, reason=reason.strip(),
                                voided_by=actor)
    rec.save(update_fields=["status"])
    audit_record(actor=actor, action="recommendation_void", target=rec, number=rec.number,
                 reason=reason.strip())
    tell_liaisons(rec, "instrument.voided", {"number": rec.number, "reason": reason.strip()})
    return rec
