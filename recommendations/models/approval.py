"""Approval by level (审批层级, issue 18): each approver's step, and the procuratorial
committee's decision (检察委员会决定) the chief records. Both are history: written once by the
services in ``recommendations.services.approval``, never changed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from supervision.choices import choice_label

from ..choices import ApprovalLevel, ApprovalOutcome, CommitteeDecisionKind


class ApprovalStep(models.Model):
    """One approver's decision at one level of an instrument's chain: who, when, at which
    level, agreed (the instrument goes on to the next level, or is approved at the last) or
    returned it, with their opinion (审批意见)."""

    recommendation = models.ForeignKey("Recommendation", verbose_name=_("监督文书"),
                                       on_delete=models.CASCADE, related_name="approval_steps")
    level = models.CharField(_("审批层级"), max_length=20, choices=ApprovalLevel.choices)
    outcome = models.CharField(_("审批结果"), max_length=20, choices=ApprovalOutcome.choices)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审批人"),
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("审批时间"), auto_now_add=True)
    opinion = models.TextField(_("审批意见"), blank=True)

    class Meta:
        verbose_name = _("审批记录")
        verbose_name_plural = _("审批记录")
        ordering = ["decided_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(outcome=ApprovalOutcome.RETURNED) | ~models.Q(opinion=""),
                name="approval_step_return_has_opinion",
                violation_error_message=_("退回修改必须写明理由。")),
        ]

    def get_level_display(self) -> str:
        return choice_label(ApprovalLevel, self.level)

    def get_outcome_display(self) -> str:
        return choice_label(ApprovalOutcome, self.outcome)

    def __str__(self) -> str:
        return f"{self.recommendation_id} · {self.level} · {self.outcome}"


class CommitteeDecision(models.Model):
    """The procuratorial committee's decision on an instrument waiting for it, recorded by
    the chief (检察长) who presides: the meeting's date, its number in the year (第N次检察委员会
    会议), the decision, the vote or a summary of the discussion, and the minutes' reference.
    同意 approves the instrument; 修改后同意 and 不同意 return it to its drafter with the reason
    (after 修改后同意 the revised draft needs the chief's approval, not the committee again)."""

    recommendation = models.ForeignKey("Recommendation", verbose_name=_("监督文书"),
                                       on_delete=models.CASCADE,
                                       related_name="committee_decisions")
    meeting_on = models.DateField(_("会议日期"))
    session_number = models.PositiveSmallIntegerField(
        _("会议次数"), help_text=_("本年度第几次检察委员会会议。"))
    decision = models.CharField(_("决定"), max_length=30, choices=CommitteeDecisionKind.choices)
    summary = models.TextField(_("表决情况和决定理由"))
    minutes_reference = models.CharField(_("会议纪要编号"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"),
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("检察委员会决定")
        verbose_name_plural = _("检察委员会决定")
        ordering = ["recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(summary=""),
                                   name="committee_decision_has_summary",
                                   violation_error_message=_("请写明表决情况和决定理由。")),
            models.CheckConstraint(condition=models.Q(session_number__gt=0),
                                   name="committee_decision_session_positive",
                                   violation_error_message=_("会议次数必须大于零。")),
        ]

    def get_decision_display(self) -> str:
        return choice_label(CommitteeDecisionKind, self.decision)

    def __str__(self) -> str:
        return f"{self.recommendation_id} · {self.meeting_on} · {self.decision}"
