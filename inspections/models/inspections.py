"""A circuit or resident inspection (巡回检察 / 派驻检察) of a prison, detention centre,
community-correction body or compulsory-medical institution, and the problems it found.

Seed 000 §2: "加强刑罚执行和监管活动监督，健全派驻检察与巡回检察相结合的监督模式，完善对监狱、
看守所、社区矫正机构和强制医疗场所的巡回检察制度"; seed 000 §8: the organs of execution and
custody "支持巡回检察改革". The practice follows 《人民检察院监狱巡回检察规定》 (最高人民检察院,
2018): a team led by a procurator inspects for a period, with a scope; each problem found is
corrected on the spot, or by a 纠正违法通知书 / 检察建议, or becomes a case; the findings are fed
back to the institution in writing, and their rectification is followed to the end.

States and who may change them: ``inspections/transitions.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..choices import (
    Disposal,
    FindingCategory,
    FindingStatus,
    InspectionKind,
    InspectionMode,
    InspectionStatus,
    Severity,
)


class Inspection(models.Model):
    """One inspection of ``institution`` by a team of ``procuratorate`` over a period. The
    team is ``leader`` (a procurator, department head or chief) and ``members`` (procurators
    and assistants of the same procuratorate)."""

    procuratorate = models.ForeignKey("supervision.Procuratorate", on_delete=models.PROTECT,
                                      related_name="+", verbose_name=_("检察院"))
    kind = models.CharField(_("检察方式"), max_length=20, choices=InspectionKind.choices,
                            default=InspectionKind.CIRCUIT)
    mode = models.CharField(_("巡回形式"), max_length=20, choices=InspectionMode.choices,
                            default=InspectionMode.REGULAR)
    title = models.CharField(_("名称"), max_length=200)
    institution = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT,
                                    related_name="inspections", verbose_name=_("被检察单位"))
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("检察组组长"))
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True,
                                     related_name="inspection_teams",
                                     verbose_name=_("检察组成员"))
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    scope = models.TextField(_("检察内容"), help_text=_("如监管执法、刑罚执行、安全防范、被监管人权益保障，每行一项"))
    status = models.CharField(_("状态"), max_length=20, choices=InspectionStatus.choices,
                              default=InspectionStatus.PLANNED)
    started_on = models.DateField(_("进驻日期"), null=True, blank=True)
    # Concluded (已结束): the written feedback to the institution.
    report_summary = models.TextField(_("检察情况及总体评价"), blank=True)
    report_requests = models.TextField(_("整改要求"), blank=True)
    report_issued_on = models.DateField(_("反馈日期"), null=True, blank=True)
    concluded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    cancel_reason = models.TextField(_("撤销理由"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("巡回检察")
        verbose_name_plural = _("巡回检察")
        ordering = ["-start_date", "-pk"]
        indexes = [
            models.Index(fields=["procuratorate", "status", "start_date"],
                         name="inspection_scope_status"),
            models.Index(fields=["institution", "start_date"], name="inspection_institution"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="inspection_has_title",
                                   violation_error_message=_("请填写巡回检察名称。")),
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")),
                                   name="inspection_period_in_order",
                                   violation_error_message=_("结束日期不能早于开始日期。")),
            models.CheckConstraint(
                condition=~Q(status=InspectionStatus.CONCLUDED)
                | (Q(report_issued_on__isnull=False) & ~Q(report_summary="")),
                name="inspection_concluded_has_report",
                violation_error_message=_("结束巡回检察须填写检察情况并登记反馈日期。")),
            models.CheckConstraint(
                condition=~Q(status=InspectionStatus.CANCELLED) | ~Q(cancel_reason=""),
                name="inspection_cancel_reason",
                violation_error_message=_("撤销巡回检察应当说明理由。")),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("inspections:detail", args=[self.pk])

    @property
    def status_tone(self) -> str:
        return {InspectionStatus.PLANNED: "neutral", InspectionStatus.IN_PROGRESS: "ours",
                InspectionStatus.CONCLUDED: "done", InspectionStatus.CANCELLED: "ended"}[self.status]


class Finding(models.Model):
    """A problem the inspection found (发现的问题), and what became of it: a supervision case
    (``case``), an instrument on such a case (``case`` and ``recommendation``), or an oral
    correction on the spot; then its rectification, verified by a procurator (整改核查)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    number = models.PositiveSmallIntegerField(_("序号"))
    category = models.CharField(_("问题类别"), max_length=20, choices=FindingCategory.choices)
    description = models.TextField(_("问题描述"))
    evidence = models.TextField(_("证据情况"), blank=True,
                                help_text=_("如调阅的台账、监控录像、谈话记录"))
    severity = models.CharField(_("严重程度"), max_length=20, choices=Severity.choices,
                                default=Severity.GENERAL)
    found_on = models.DateField(_("发现日期"))
    status = models.CharField(_("状态"), max_length=20, choices=FindingStatus.choices,
                              default=FindingStatus.PENDING)
    disposal = models.CharField(_("处理方式"), max_length=20, choices=Disposal.choices,
                                blank=True)
    case = models.ForeignKey("cases.SupervisionCase", on_delete=models.PROTECT, null=True,
                             blank=True, related_name="inspection_findings",
                             verbose_name=_("监督案件"))
    recommendation = models.ForeignKey("recommendations.Recommendation",
                                       on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="inspection_findings",
                                       verbose_name=_("监督文书"))
    oral_note = models.TextField(_("口头纠正情况"), blank=True)
    disposed_on = models.DateField(_("处理日期"), null=True, blank=True)
    disposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    rectification_note = models.TextField(_("整改措施"), blank=True)
    rectification_due = models.DateField(_("整改期限"), null=True, blank=True)
    verified_on = models.DateField(_("核查日期"), null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("核查人"))
    verification_note = models.TextField(_("核查情况"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("发现的问题")
        verbose_name_plural = _("发现的问题")
        ordering = ["inspection", "number"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "number"], name="finding_number_once",
                                    violation_error_message=_("该序号的问题已存在。")),
            models.CheckConstraint(condition=~Q(description=""), name="finding_has_description",
                                   violation_error_message=_("请填写问题描述。")),
            models.CheckConstraint(
                condition=(Q(disposal="") & Q(case__isnull=True) & Q(recommendation__isnull=True)
                           & Q(status=FindingStatus.PENDING))
                | (Q(disposal=Disposal.CASE) & Q(case__isnull=False)
                   & Q(recommendation__isnull=True))
                | (Q(disposal=Disposal.INSTRUMENT) & Q(case__isnull=False)
                   & Q(recommendation__isnull=False))
                | (Q(disposal=Disposal.ORAL) & ~Q(oral_note="") & Q(case__isnull=True)
                   & Q(recommendation__isnull=True)),
                name="finding_disposal_links",
                violation_error_message=_("问题的处理方式与所转的案件、文书或口头纠正情况不一致。")),
            models.CheckConstraint(
                condition=~Q(status__in=[FindingStatus.RECTIFIED, FindingStatus.NOT_RECTIFIED])
                | (Q(verified_on__isnull=False) & Q(verified_by__isnull=False)),
                name="finding_verified_when_final",
                violation_error_message=_("整改结果须登记核查日期和核查人。")),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.get_category_display()}"

    def get_absolute_url(self) -> str:
        return f"{self.inspection.get_absolute_url()}#finding-{self.pk}"

    @property
    def status_tone(self) -> str:
        return {FindingStatus.PENDING: "ours", FindingStatus.CONVERTED: "theirs",
                FindingStatus.ORAL: "theirs", FindingStatus.RECTIFYING: "theirs",
                FindingStatus.RECTIFIED: "done",
                FindingStatus.NOT_RECTIFIED: "ended"}[self.status]
