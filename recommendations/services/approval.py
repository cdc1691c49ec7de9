"""Approval by level (审批层级, issue 18): approving, returning, and the procuratorial
committee's decision (检察委员会决定).

An instrument's type says who must approve it (``InstrumentType.approval_level``); the levels
it passes are ``choices.APPROVAL_CHAINS``. A submitted draft waits at the first level
(``Recommendation.approval_stage``). An approval below the last level of the chain records the
step and passes the instrument on (it stays 待审批, the next approvers are told); at the last
level it is approved. The chief's approval covers the department head's level too. At the
committee's level nobody approves: after the meeting the chief records the committee's
decision — 同意 approves the instrument; 修改后同意 and 不同意 return it to the drafter with the
committee's reasons (a draft revised after 修改后同意 then needs the chief, not the committee
again). Who may act at each level is the transition table's (``transitions.approver_refusal``,
``transitions.committee_refusal``); every step is an ``ApprovalStep`` row and an audit entry.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from supervision.choices import Role
from supervision.models import User
from supervision.services.audit import audit_record
from supervision.services.notifications import notify

from ..choices import (
    APPROVAL_CHAINS,
    APPROVAL_RANK,
    ApprovalLevel,
    ApprovalOutcome,
    CommitteeDecisionKind,
    InstrumentStatus,
    approval_chain_for,
)
from ..models import ApprovalStep, CommitteeDecision, Recommendation
from ..transitions import enforce
from .drafting import msgid, next_approvers
from .locks import lock_recommendation


def approval_chain(rec: Recommendation) -> tuple[str, ...]:
    """The levels ``rec`` passes, in order (``choices.approval_chain_for``). One query for a
    type decided by the committee (its latest decision), none otherwise."""
    level = rec.instrument_type.approval_level
    latest = ""
    if ApprovalLevel.COMMITTEE in APPROVAL_CHAINS.get(level, ()):
        latest = (rec.committee_decisions.order_by("-recorded_at", "-pk")
                  .values_list("decision", flat=True).first() or "")
    return approval_chain_for(level, latest)


def _capacity(actor: User) -> str:
    """The level at which ``actor`` approves: the chief's, else the department head's."""
    return ApprovalLevel.CHIEF if actor.role == Role.CHIEF else ApprovalLevel.DEPARTMENT


def _next_level(chain: tuple[str, ...], done: str) -> str:
    """The first level of ``chain`` above ``done`` ('' when ``done`` was the last)."""
    return next((level for level in chain if APPROVAL_RANK[level] > APPROVAL_RANK[done]), "")


def _tell_next(rec: Recommendation, actor: User) -> None:
    params = {"name": str(actor), "type": rec.instrument_type.name,
              "type_en": rec.instrument_type.name_en, "title": rec.title}
    code = ("approval.committee" if rec.approval_stage == ApprovalLevel.COMMITTEE
            else "approval.forwarded")
    notify(next_approvers(rec, exclude=actor), code, params, link=rec.get_absolute_url())


@transaction.atomic
def recommendation_approve(*, actor: User, recommendation: Recommendation,
                           opinion: str = "") -> Recommendation:
    """Approve at the level the instrument waits at (审批同意), with an optional opinion
    (审批意见). Below the last level of its chain it goes on to the next level — still pending,
    the next approvers told; at the last level it is approved for issue."""
    rec = lock_recommendation(recommendation)
    level = _capacity(actor)
    following = _next_level(approval_chain(rec), level)
    target = InstrumentStatus.PENDING_APPROVAL if following else InstrumentStatus.APPROVED
    rec.status = enforce("approve", actor, rec, target)
    ApprovalStep.objects.create(recommendation=rec, level=level,
                                outcome=ApprovalOutcome.APPROVED, decided_by=actor,
                                opinion=opinion.strip())
    if following:
        rec.approval_stage = following
        rec.save(update_fields=["status", "approval_stage"])
    else:
        rec.approval_stage = ""
        rec.approved_by, rec.approved_at = actor, timezone.now()
        rec.save(update_fields=["status", "approval_stage", "approved_by", "approved_at"])
    audit_record(actor=actor, action="recommendation_approve", target=rec, level=level,
                 **({"next": following} if following else {}),
                 **({"opinion": opinion.strip()} if opinion.strip() else {}))
    if following:
        _tell_next(rec, actor)
    return rec


@transaction.atomic
def recommendation_return(*, actor: User, recommendation: Recommendation,
                          reason: str) -> Recommendation:
    """Return an instrument to its drafter with a reason (退回修改), at whichever level it
    waits (the committee's excepted: there the chief records the committee's decision)."""
    rec = lock_recommendation(recommendation)
    rec.status = enforce("return", actor, rec)
    if not reason.strip():
        raise ValidationError({"reason": _("退回必须说明理由。")})
    ApprovalStep.objects.create(recommendation=rec, level=_capacity(actor),
                                outcome=ApprovalOutcome.RETURNED, decided_by=actor,
                                opinion=reason.strip())
    rec.return_reason = reason.strip()
    rec.approval_stage = ""
    rec.save(update_fields=["status", "return_reason", "approval_stage"])
    audit_record(actor=actor, action="recommendation_return", target=rec, reason=reason)
    return rec


@transaction.atomic
def committee_decision_record(*, actor: User, recommendation: Recommendation,
                              meeting_on: datetime.date, session_number: int, decision: str,
                              summary: str, minutes_reference: str = "") -> CommitteeDecision:
    """The chief records the procuratorial committee's decision on an instrument waiting for
    it: the meeting's date and number, the decision, the vote or summary (required), the
    minutes' reference. 同意 approves the instrument (the chief, who presided, is its
    approver); 修改后同意 and 不同意 return it to the drafter with the summary as the reason."""
    rec = lock_recommendation(recommendation)
    if decision not in CommitteeDecisionKind.values:
        raise ValidationError({"decision": _("请选择检察委员会的决定。")})
    agreed = decision == CommitteeDecisionKind.AGREE
    target = InstrumentStatus.APPROVED if agreed else InstrumentStatus.DRAFT
    rec.status = enforce("record_committee_decision", actor, rec, target)
    if not summary.strip():
        raise ValidationError({"summary": _("请写明表决情况和决定理由。")})
    if meeting_on > timezone.localdate():
        raise ValidationError({"meeting_on": _("会议日期不能晚于今天。")})
    if session_number is None or session_number <= 0:
        raise ValidationError({"session_number": _("会议次数必须大于零。")})
    row = CommitteeDecision.objects.create(
        recommendation=rec, meeting_on=meeting_on, session_number=session_number,
        decision=decision, summary=summary.strip(), minutes_reference=minutes_reference.strip(),
        recorded_by=actor)
    ApprovalStep.objects.create(
        recommendation=rec, level=ApprovalLevel.COMMITTEE, decided_by=actor,
        outcome=ApprovalOutcome.APPROVED if agreed else ApprovalOutcome.RETURNED,
        opinion=summary.strip())
    rec.approval_stage = ""
    fields = ["status", "approval_stage"]
    if agreed:
        rec.approved_by, rec.approved_at = actor, timezone.now()
        fields += ["approved_by", "approved_at"]
    else:
        rec.return_reason = summary.strip()
        fields.append("return_reason")
    rec.save(update_fields=fields)
    audit_record(actor=actor, action="committee_decision_record", target=rec, decision=decision,
                 meeting_on=meeting_on.isoformat(), session=session_number,
                 **({"minutes": row.minutes_reference} if row.minutes_reference else {}))
    notify([u for u in {rec.drafted_by, rec.case.handler} if u.pk != actor.pk],
           "approval.committee_decided",
           {"type": rec.instrument_type.name, "type_en": rec.instrument_type.name_en,
            "title": rec.title, "outcome": msgid(CommitteeDecisionKind(decision).label)},
           link=rec.get_absolute_url())
    return row
