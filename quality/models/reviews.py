"""A quality review (案件评查) of one finished case or one closed instrument, its reviewers,
its result on each checklist item and its grade — after 《人民检察院案件质量评查工作规定》
(最高人民检察院).

States and who may change them: ``quality/transitions.py``; the grading rule: ``grading.py``;
who may be a reviewer (never the handler, the assistant, the drafter or the approver):
``permissions.reviewer_conflict``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from supervision.choices import choice_label

from ..choices import (
    Decision,
    FeedbackKind,
    Grade,
    ItemResult,
    ReviewKind,
    ReviewStatus,
)

_GRADED = [ReviewStatus.GRADED, ReviewStatus.CONCLUDED]


class Review(models.Model):
    """A review of ``case`` — or, when ``recommendation`` is set, of that instrument of the
    case. ``procuratorate`` and ``handler`` copy the case's (they never change), so the lists,
    the visibility and the figures per handler filter on the row itself."""

    kind = models.CharField(_("评查类型"), max_length=20, choices=ReviewKind.choices)
    case = models.ForeignKey("cases.SupervisionCase", on_delete=models.PROTECT,
                             related_name="quality_reviews", verbose_name=_("案件"))
    recommendation = models.ForeignKey("recommendations.Recommendation", on_delete=models.PROTECT,
                                       null=True, blank=True, related_name="quality_reviews",
                                       verbose_name=_("监督文书"))
    procuratorate = models.ForeignKey("supervision.Procuratorate", on_delete=models.PROTECT,
                                      related_name="+", editable=False)
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("承办检察官"), editable=False)
    focus = models.TextField(_("评查重点"), blank=True)
    reviewers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="quality_reviews",
                                       verbose_name=_("评查人"))
    status = models.CharField(_("状态"), max_length=20, choices=ReviewStatus.choices,
                              default=ReviewStatus.PENDING)
    # Graded (已评定): the reviewer's findings, opinion and grade.
    findings = models.TextField(_("发现的问题"), blank=True)
    opinion = models.TextField(_("评查意见"), blank=True)
    grade = models.CharField(_("评定等次"), max_length=20, choices=Grade.choices, blank=True)
    suggested_grade = models.CharField(_("按评查结果应评等次"), max_length=20,
                                       choices=Grade.choices, blank=True)
    grade_reason = models.TextField(_("评定理由"), blank=True)
    graded_at = models.DateTimeField(_("评定时间"), null=True, blank=True)
    graded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="+")
    # The handler's answer, due by ``feedback_due_on`` (the rule ``quality_feedback``).
    feedback_due_on = models.DateField(_("反馈期限"), null=True, blank=True)
    feedback_kind = models.CharField(_("承办检察官反馈"), max_length=20,
                                     choices=FeedbackKind.choices, blank=True)
    feedback = models.TextField(_("反馈意见"), blank=True)
    feedback_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    # Concluded (已办结): on an objection, the grade maintained or changed, and why.
    decision = models.CharField(_("对异议的决定"), max_length=20, choices=Decision.choices,
                                blank=True)
    decision_reason = models.TextField(_("决定理由"), blank=True)
    reviewer_grade = models.CharField(_("评查人评定的等次"), max_length=20, choices=Grade.choices,
                                      blank=True, help_text=_("变更评定等次前的等次"))
    concluded_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    concluded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    cancel_reason = models.TextField(_("撤销理由"), blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("发起人"))
    created_at = models.DateTimeField(_("发起时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("案件评查")
        verbose_name_plural = _("案件评查")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["procuratorate", "status", "created_at"],
                         name="quality_scope_status"),
            # The period figures: reviews graded in a period, in a scope.
            models.Index(fields=["procuratorate", "graded_at"], name="quality_scope_graded"),
            models.Index(fields=["handler", "status"], name="quality_handler_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status__in=_GRADED) & ~Q(grade="") & Q(graded_at__isnull=False))
                | (~Q(status__in=_GRADED) & Q(grade="")),
                name="quality_grade_when_graded",
                violation_error_message=_("已评定的评查须有评定等次，未评定的不能有。")),
            models.CheckConstraint(
                condition=~Q(status=ReviewStatus.CANCELLED) | ~Q(cancel_reason=""),
                name="quality_cancel_reason",
                violation_error_message=_("撤销评查应当说明理由。")),
            models.CheckConstraint(
                condition=~Q(feedback_kind=FeedbackKind.OBJECT) | ~Q(feedback=""),
                name="quality_objection_reason",
                violation_error_message=_("提出异议应当说明理由。")),
            models.CheckConstraint(
                condition=Q(decision="") | (Q(status=ReviewStatus.CONCLUDED)
                                            & Q(feedback_kind=FeedbackKind.OBJECT)
                                            & ~Q(decision_reason="")),
                name="quality_decision_on_objection",
                violation_error_message=_("对异议的决定须在办结时作出并说明理由。")),
        ]

    def __str__(self) -> str:
        return str(self.subject_number)

    def get_absolute_url(self) -> str:
        return reverse("quality:detail", args=[self.pk])

    def get_status_display(self) -> str:
        return choice_label(ReviewStatus, self.status)

    def get_grade_display(self) -> str:
        return choice_label(Grade, self.grade) if self.grade else ""

    @property
    def of_instrument(self) -> bool:
        return self.recommendation_id is not None

    @property
    def subject_number(self) -> str:
        """The case number, or the instrument's document number (its case's number before
        one is given, which a closed instrument always has)."""
        if self.recommendation_id is not None:
            return self.recommendation.number or self.case.number
        return self.case.number

    @property
    def status_tone(self) -> str:
        return {ReviewStatus.PENDING: "ours", ReviewStatus.IN_PROGRESS: "ours",
                ReviewStatus.GRADED: "theirs", ReviewStatus.CONCLUDED: "done",
                ReviewStatus.CANCELLED: "ended"}[self.status]


class ReviewResult(models.Model):
    """The finding on one checklist item: a result and, for a problem (瑕疵, 不符合), what was
    found — each such note is one of the review's problems (问题)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="results")
    item = models.ForeignKey("quality.ChecklistItem", on_delete=models.PROTECT,
                             related_name="results", verbose_name=_("评查项目"))
    result = models.CharField(_("评查结果"), max_length=20, choices=ItemResult.choices)
    note = models.TextField(_("说明"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("评查结果")
        verbose_name_plural = _("评查结果")
        ordering = ["review", "item__order", "item_id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "item"], name="quality_result_once",
                                    violation_error_message=_("该项目已有评查结果。")),
            models.CheckConstraint(
                condition=~Q(result__in=[ItemResult.FLAW, ItemResult.NONCONFORMING]) | ~Q(note=""),
                name="quality_problem_has_note",
                violation_error_message=_("评查结果为瑕疵或不符合的，应当写明发现的问题。")),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.result}"

    def get_result_display(self) -> str:
        return choice_label(ItemResult, self.result)
