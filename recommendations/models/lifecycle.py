"""What happens to an instrument after issue besides the reply: review requests (异议/复议,
复查), the evaluation of a reply and its verification, follow-up, voided numbers, and the
similar-case recommendation (类案检察建议) that fans out to many addressees."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import EvaluationOutcome, FollowUpKind, ReviewKind, ReviewOutcome


class ReviewRequest(models.Model):
    """An agency's objection / reconsideration request (异议/复议, seed 002 §13) or request for
    review of a correction opinion (复查, 刑事诉讼规则 art. 554). The procuratorate decides
    within 7 days (rule ``review_request``, tracked as an InternalDeadline), with reasons."""

    recommendation = models.ForeignKey("Recommendation", verbose_name=_("监督文书"),
                                       on_delete=models.CASCADE, related_name="review_requests")
    kind = models.CharField(_("类型"), max_length=20, choices=ReviewKind.choices)
    reason = models.TextField(_("理由"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("申请人"),
                                     on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    outcome = models.CharField(_("决定"), max_length=20, choices=ReviewOutcome.choices, blank=True)
    decision_reason = models.TextField(_("决定理由"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("决定人"), null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("异议/复查申请")
        verbose_name_plural = _("异议/复查申请")
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["recommendation"], condition=models.Q(outcome=""),
                                    name="review_one_open_request",
                                    violation_error_message=_("该文书已有一项待决定的异议或复查申请。")),
            models.CheckConstraint(
                condition=models.Q(outcome="") | (models.Q(decided_by__isnull=False,
                                                           decided_at__isnull=False)
                                                  & ~models.Q(decision_reason="")),
                name="review_decided_with_reasons",
                violation_error_message=_("对异议或复查申请的决定必须写明理由。")),
        ]

    def __str__(self) -> str:
        return f"{self.recommendation} · {self.get_kind_display()}"


class Evaluation(models.Model):
    """The procurator's evaluation of a reply (跟踪问效) and, where rectification is still to be
    checked, its verification (回头看 / 跟踪回访, an InternalDeadline of kind verification)."""

    recommendation = models.ForeignKey("Recommendation", verbose_name=_("监督文书"),
                                       on_delete=models.CASCADE, related_name="evaluations")
    reply = models.ForeignKey("Reply", verbose_name=_("回复"), on_delete=models.PROTECT,
                              related_name="evaluations")
    outcome = models.CharField(_("评估结论"), max_length=30, choices=EvaluationOutcome.choices)
    reasons = models.TextField(_("理由"), blank=True)
    evaluated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("评估人"),
                                     on_delete=models.PROTECT, related_name="+")
    evaluated_at = models.DateTimeField(_("评估时间"), auto_now_add=True)
    rectified = models.BooleanField(_("整改到位"), null=True, blank=True)
    verification_note = models.TextField(_("核查情况"), blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("核查人"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    verified_at = models.DateTimeField(_("核查时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("回复评估")
        verbose_name_plural = _("回复评估")
        ordering = ["evaluated_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(outcome__in=["not_adopted", "partly_adopted"]) | ~models.Q(reasons=""),
                name="evaluation_refusal_has_reasons",
                violation_error_message=_("评估为不采纳或部分采纳时必须写明理由。")),
        ]

    def __str__(self) -> str:
        return f"{self.recommendation} · {self.get_outcome_display()}"


class FollowUp(models.Model):
    """One follow-up step after an unsatisfactory or missing reply (seed 000 §7–8; 刑事诉讼规则
    art. 553): 催告, a 跟进监督 request to the higher procuratorate (which then sees the
    instrument and records its own action here), notification of the superior or competent
    authority, a report to the people's congress standing committee, or the decision to sue.
    A step that is itself an instrument links it in ``new_recommendation``."""

    recommendation = models.ForeignKey("Recommendation", verbose_name=_("原文书"),
                                       on_delete=models.CASCADE, related_name="follow_ups")
    kind = models.CharField(_("跟进方式"), max_length=30, choices=FollowUpKind.choices)
    taken_on = models.DateField(_("日期"))
    recipient = models.CharField(_("对象"), max_length=200, blank=True)
    note = models.TextField(_("情况说明"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("经办人"),
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    new_recommendation = models.ForeignKey("Recommendation", verbose_name=_("新的文书"), null=True,
                                           blank=True, on_delete=models.SET_NULL,
                                           related_name="follow_up_of")
    higher_procuratorate = models.ForeignKey("supervision.Procuratorate", verbose_name=_("上级院"),
                                             null=True, blank=True, on_delete=models.PROTECT,
                                             related_name="follow_up_requests")
    higher_action = models.TextField(_("上级院跟进监督情况"), blank=True)
    higher_action_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上级院经办人"),
                                         null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="+")
    higher_action_at = models.DateTimeField(_("上级院记录时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("跟进监督")
        verbose_name_plural = _("跟进监督")
        ordering = ["taken_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="higher_procuratorate") | models.Q(
                    higher_procuratorate__isnull=False),
                name="follow_up_higher_names_procuratorate",
                violation_error_message=_("提请上级院跟进监督必须指明上级院。")),
        ]
        indexes = [
            # recommendations.permissions: which instruments a higher procuratorate may see.
            models.Index(fields=["higher_procuratorate"], name="follow_up_higher_idx",
                         condition=models.Q(kind="higher_procuratorate")),
        ]

    def __str__(self) -> str:
        return f"{self.recommendation} · {self.get_kind_display()}"


class VoidedNumber(models.Model):
    """A document number voided after issue (作废). Kept so it is never handed out again: the
    counter never goes back, and this row records why the gap exists."""

    number = models.CharField(_("文号"), max_length=60, unique=True)
    recommendation = models.OneToOneField("Recommendation", verbose_name=_("监督文书"),
                                          on_delete=models.PROTECT, related_name="voided_number")
    reason = models.TextField(_("作废理由"))
    voided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("作废人"),
                                  on_delete=models.PROTECT, related_name="+")
    voided_at = models.DateTimeField(_("作废时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("作废文号")
        verbose_name_plural = _("作废文号")
        ordering = ["-voided_at"]

    def __str__(self) -> str:
        return self.number


class RecommendationBatch(models.Model):
    """A similar-case recommendation (类案检察建议, seed 004 §3) to many agencies: one draft and
    one approval (on the lead instrument), then at issue one instrument per addressee, each
    with its own number, PDF, service and clock."""

    addressees = models.ManyToManyField("agencies.Agency", verbose_name=_("主送单位"),
                                        related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("拟稿人"),
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("类案检察建议")
        verbose_name_plural = _("类案检察建议")

    def __str__(self) -> str:
        return f"{_('类案检察建议')} #{self.pk}"
