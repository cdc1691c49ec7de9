"""An agency's objection / reconsideration request (异议/复议, seed 002 §13) or request for
review of a correction opinion (复查, 刑事诉讼规则 art. 554), and the procuratorate's decision.

The request puts the instrument under review and starts the procuratorate's 7-day deadline
(rule ``review_request``, an InternalDeadline of kind review decision). The decision, with
reasons, either maintains the instrument — back to awaiting reply, clock unchanged, and the
decider may extend it in the same step — or upholds the objection and withdraws it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from recommendations.services.internal_deadlines import (
    internal_deadline_close,
    internal_deadline_open,
)
from recommendations.services.notices import tell_liaisons
from supervision.models import User
from supervision.services.audit import audit_record
from supervision.services.notifications import notify

from ..choices import InternalDeadlineKind, ReviewKind, ReviewOutcome
from ..models import Recommendation, ReviewRequest
from ..transitions import enforce
from .drafting import msgid
from .locks import lock_recommendation


@transaction.atomic
def review_request(*, actor: User, recommendation: Recommendation, kind: str,
                   reason: str) -> ReviewRequest:
    """The liaison objects or asks for review within the reply period, with reasons."""
    rec = lock_recommendation(recommendation)
    target = enforce("request_review", actor, rec)
    if kind not in ReviewKind.values:
        raise ValidationError({"kind": _("请选择异议/复议或复查。")})
    if not reason.strip():
        raise ValidationError({"reason": _("提出异议或申请复查必须写明理由。")})
    request = ReviewRequest.objects.create(recommendation=rec, kind=kind, reason=reason.strip(),
                                           requested_by=actor)
    rec.status = target
    rec.save(update_fields=["status"])
    internal_deadline_open(actor=actor, recommendation=rec,
                           kind=InternalDeadlineKind.REVIEW_DECISION)
    audit_record(actor=actor, action="review_request", target=rec, kind=kind)
    notify([rec.case.handler], "review.requested",
           {"agency": rec.agency.name, "number": rec.number or "",
            "kind": msgid(ReviewKind(kind).label)}, link=rec.get_absolute_url())
    return request


@transaction.atomic
def review_decide(*, actor: User, request: ReviewRequest, outcome: str,
                  reason: str) -> ReviewRequest:
    """Decide the pending request with reasons: ``rejected`` maintains the instrument (the
    agency must reply by the due date), ``upheld`` withdraws it (异议成立)."""
    rec = lock_recommendation(request.recommendation)
    if outcome not in ReviewOutcome.values:
        raise ValidationError({"outcome": _("请选择决定。")})
    action = "uphold_review" if outcome == ReviewOutcome.UPHELD else "reject_review"
    target = enforce(action, actor, rec)
    if not reason.strip():
        raise ValidationError({"reason": _("决定必须写明理由。")})
    try:
        req = ReviewRequest.objects.select_for_update().get(pk=request.pk, recommendation=rec,
                                                            outcome="")
    except ReviewRequest.DoesNotExist:
        raise ValidationError(_("该申请已经决定。")) from None
    req.outcome, req.decision_reason = outcome, reason.strip()
    req.decided_by, req.decided_at = actor, timezone.now()
    req.save(update_fields=["outcome", "decision_reason", "decided_by", "decided_at"])
    rec.status = target
    rec.save(update_fields=["status"])
    internal_deadline_close(actor=actor, recommendation=rec,
                            kind=InternalDeadlineKind.REVIEW_DECISION)
    audit_record(actor=actor, action="review_decide", target=rec, outcome=outcome,
                 reason=reason.strip())
    tell_liaisons(rec, "review.decided",
                  {"number": rec.number or "", "kind": msgid(ReviewKind(req.kind).label),
                   "outcome": msgid(ReviewOutcome(outcome).label), "reason": reason.strip()})
    return req
