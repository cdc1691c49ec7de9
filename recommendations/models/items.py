"""Numbered items of an instrument (建议事项), the agency's answer to each and the procurator's
evaluation of each (DOMAIN.md §4: "the agency answers each one, and the procurator evaluates
each one")."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import EvaluationOutcome, ItemAnswer


class RecommendationItem(models.Model):
    """One numbered item (建议事项) of an instrument, e.g. "一、严格执行公告送达的适用条件"."""

    recommendation = models.ForeignKey("Recommendation", verbose_name=_("监督文书"),
                                       on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(_("序号"))
    text = models.TextField(_("建议事项"))

    class Meta:
        verbose_name = _("建议事项")
        verbose_name_plural = _("建议事项")
        ordering = ["recommendation", "number"]
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "number"], name="rec_item_number_unique",
                                    violation_error_message=_("建议事项的序号不能重复。")),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:30]}"


class ReplyItemAnswer(models.Model):
    """The agency's answer to one item in a reply: adopted / partly / not, the measures taken,
    evidence and the date rectification was (or will be) completed."""

    reply = models.ForeignKey("Reply", verbose_name=_("回复"), on_delete=models.CASCADE,
                              related_name="item_answers")
    item = models.ForeignKey(RecommendationItem, verbose_name=_("建议事项"),
                             on_delete=models.CASCADE, related_name="answers")
    answer = models.CharField(_("采纳情况"), max_length=20, choices=ItemAnswer.choices)
    measures = models.TextField(_("整改措施"), blank=True)
    evidence = models.FileField(_("证明材料"), upload_to="replies/%Y/", blank=True)
    evidence_name = models.CharField(_("证明材料文件名"), max_length=200, blank=True)
    completed_on = models.DateField(_("整改完成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("逐项回复")
        verbose_name_plural = _("逐项回复")
        ordering = ["item__number"]
        constraints = [
            models.UniqueConstraint(fields=["reply", "item"], name="reply_item_answer_once",
                                    violation_error_message=_("每个建议事项只能回复一次。")),
        ]


class ItemEvaluation(models.Model):
    """The procurator's evaluation of one item; ``rectified`` is set by the verification
    (回头看). Feeds the per-item adoption and rectification rates."""

    evaluation = models.ForeignKey("Evaluation", verbose_name=_("评估"), on_delete=models.CASCADE,
                                   related_name="item_evaluations")
    item = models.ForeignKey(RecommendationItem, verbose_name=_("建议事项"),
                             on_delete=models.CASCADE, related_name="evaluations")
    outcome = models.CharField(_("评估结论"), max_length=30, choices=EvaluationOutcome.choices)
    note = models.TextField(_("说明"), blank=True)
    rectified = models.BooleanField(_("整改到位"), null=True, blank=True)

    class Meta:
        verbose_name = _("逐项评估")
        verbose_name_plural = _("逐项评估")
        ordering = ["item__number"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "item"], name="item_evaluation_once",
                                    violation_error_message=_("每个建议事项只能评估一次。")),
        ]
