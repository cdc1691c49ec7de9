"""Evaluating a reply (跟踪问效) per instrument and per item, and verifying rectification later
(回头看 / 跟踪回访).

Outcomes and where they lead (DOMAIN.md §4):

* 采纳并整改到位 → closed, or rectification pending when the procurator wants to check later;
* 采纳正在整改, 部分采纳 → rectification pending, with the verification deadline (rule
  ``rectification_verification``, an InternalDeadline of kind verification);
* 不采纳 (reasons required) → follow-up (催告, 跟进监督, 通报, 报告人大, 起诉);
* 异议成立 (reasons required) → closed.

Evaluating closes the procuratorate's evaluation deadline (opened by the reply); the agency's
liaisons are told the outcome, and later the result of the verification. The outcome
and, after verification, whether rectification is done are stored on the instrument, the
evaluation and each item: the statistics' adoption and rectification rates read them.
"""

from __future__ import annotations

from dataclasses import dataclass

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

from ..choices import EvaluationOutcome as O
from ..choices import InstrumentStatus as S
from ..choices import InternalDeadlineKind
from ..models import Evaluation, ItemEvaluation, Recommendation
from ..transitions import enforce
from .drafting import msgid
from .locks import lock_recommendation


@dataclass(frozen=True)
class ItemEvaluationInput:
    item_id: int
    outcome: str
    note: str = ""


#: Outcomes that need written reasons (不采纳 must be explained; so must upholding an objection).
NEEDS_REASONS = frozenset({O.NOT_ADOPTED, O.PARTLY_ADOPTED, O.OBJECTION_UPHELD})


def evaluation_target(outcome: str, *, verify: bool) -> str:
    """The state an evaluation with ``outcome`` leads to."""
    if outcome == O.NOT_ADOPTED:
        return S.FOLLOW_UP
    if outcome in {O.ADOPTED_IN_PROGRESS, O.PARTLY_ADOPTED}:
        return S.RECTIFICATION_PENDING
    if outcome == O.ADOPTED_RECTIFIED and verify:
        return S.RECTIFICATION_PENDING
    return S.CLOSED


@transaction.atomic
def recommendation_evaluate(*, actor: User, recommendation: Recommendation, outcome: str,
                            reasons: str = "", verify: bool = False,
                            items: list[ItemEvaluationInput] | None = None) -> Evaluation:
    """Evaluate the latest reply. ``verify`` asks for a later check (回头看) even when the
    agency reports rectification done; ``items`` evaluate each numbered item (all of them)."""
    rec = lock_recommendation(recommendation)
    if outcome not in O.values:
        raise ValidationError({"outcome": _("请选择评估结论。")})
    target = enforce("evaluate", actor, rec, evaluation_target(outcome, verify=verify))
    if outcome in NEEDS_REASONS and not reasons.strip():
        raise ValidationError({"reasons": _("评估为不采纳、部分采纳或异议成立时必须写明理由。")})
    reply = rec.replies.last()
    rectified = {S.CLOSED: outcome == O.ADOPTED_RECTIFIED or None,
                 S.FOLLOW_UP: False}.get(target)
    evaluation = Evaluation.objects.create(
        recommendation=rec, reply=reply, outcome=outcome, reasons=reasons.strip(),
        evaluated_by=actor, rectified=rectified if target != S.RECTIFICATION_PENDING else None)
    if items is not None:
        _evaluate_items(rec, evaluation, items)
    rec.status, rec.adoption, rec.rectified = target, outcome, evaluation.rectified
    rec.last_evaluated_on = timezone.localdate(evaluation.evaluated_at)
    rec.save(update_fields=["status", "adoption", "rectified", "last_evaluated_on"])
    internal_deadline_close(actor=actor, recommendation=rec, kind=InternalDeadlineKind.EVALUATION)
    if target == S.RECTIFICATION_PENDING:
        internal_deadline_open(actor=actor, recommendation=rec,
                               kind=InternalDeadlineKind.VERIFICATION)
    audit_record(actor=actor, action="recommendation_evaluate", target=rec, outcome=outcome,
                 status=target)
    tell_liaisons(rec, "reply.evaluated", {
        "procuratorate": rec.case.procuratorate.name, "number": rec.number or "",
        "outcome": msgid(O(outcome).label)})
    return evaluation


def _evaluate_items(rec: Recommendation, evaluation: Evaluation,
                    items: list[ItemEvaluationInput]) -> None:
    known = set(rec.items.values_list("pk", flat=True))
    if sorted(i.item_id for i in items) != sorted(known):
        raise ValidationError({"items": _("请逐项评估每一项建议事项。")})
    rows = []
    for i in items:
        if i.outcome not in O.values:
            raise ValidationError({"items": _("请选择每一项的评估结论。")})
        rectified = True if i.outcome == O.ADOPTED_RECTIFIED else (
            False if i.outcome == O.NOT_ADOPTED else None)
        rows.append(ItemEvaluation(evaluation=evaluation, item_id=i.item_id, outcome=i.outcome,
                                   note=i.note.strip(), rectified=rectified))
    ItemEvaluation.objects.bulk_create(rows)


@transaction.atomic
def rectification_verify(*, actor: User, recommendation: Recommendation, rectified: bool,
                         note: str) -> Evaluation:
    """Record the later check of rectification (回头看 / 跟踪回访): done → closed; not done →
    follow-up. Closes the verification deadline; items still open take the same result."""
    rec = lock_recommendation(recommendation)
    target = enforce("verify", actor, rec, S.CLOSED if rectified else S.FOLLOW_UP)
    if not note.strip():
        raise ValidationError({"note": _("请写明核查情况。")})
    evaluation = rec.evaluations.order_by("-evaluated_at", "-pk").first()
    evaluation.rectified = rectified
    evaluation.verification_note = note.strip()
    evaluation.verified_by, evaluation.verified_at = actor, timezone.now()
    evaluation.save(update_fields=["rectified", "verification_note", "verified_by", "verified_at"])
    evaluation.item_evaluations.filter(rectified__isnull=True).update(rectified=rectified)
    rec.status, rec.rectified = target, rectified
    rec.save(update_fields=["status", "rectified"])
    internal_deadline_close(actor=actor, recommendation=rec,
                            kind=InternalDeadlineKind.VERIFICATION)
    audit_record(actor=actor, action="rectification_verify", target=rec, rectified=rectified)
    tell_liaisons(rec, "rectification.verified" if rectified else "rectification.not_verified",
                  {"procuratorate": rec.case.procuratorate.name, "number": rec.number or ""})
    return evaluation
