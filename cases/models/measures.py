"""Investigation and verification (调查核实): seed 000 §7 — "运用询问、查询、调取相关证据材料、
查阅案卷材料、勘验、鉴定等方式开展调查核实工作"; seed 002 §13 — units "应当协助配合", and for
those who refuse without good reason the procuratorate "可以建议监察机关或者该单位的上级主管机关
依法依规处理"."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import MeasureType


class InvestigationMeasure(models.Model):
    """One measure taken on a case: what, when, on whom, with what result; whether the unit or
    person refused to cooperate, and whether that refusal has been escalated."""

    case = models.ForeignKey("cases.SupervisionCase", on_delete=models.PROTECT, related_name="measures")
    measure_type = models.CharField(_("调查方式"), max_length=20, choices=MeasureType.choices)
    taken_on = models.DateField(_("调查日期"))
    target = models.CharField(_("调查对象"), max_length=200)
    agency = models.ForeignKey("agencies.Agency", verbose_name=_("协助配合单位"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+",
                               help_text=_("被调阅卷宗、被查询或被要求提供材料的单位"))
    result = models.TextField(_("调查结果"), blank=True)
    refused = models.BooleanField(_("拒不配合"), default=False)
    refusal_note = models.TextField(_("拒不配合情况"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    escalated_at = models.DateTimeField(_("报告时间"), null=True, blank=True)
    escalated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    escalation_note = models.TextField(_("报告意见"), blank=True)

    class Meta:
        verbose_name = _("调查核实措施")
        verbose_name_plural = _("调查核实措施")
        ordering = ["case", "taken_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(refused=True, refusal_note=""),
                name="measure_refusal_described",
                violation_error_message=_("记录拒不配合时必须说明具体情况。"),
            ),
            models.CheckConstraint(
                condition=models.Q(escalated_at__isnull=True) | models.Q(refused=True),
                name="measure_escalated_only_if_refused",
                violation_error_message=_("只有拒不配合的情形才能报告处理。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_measure_type_display()} · {self.target}"
