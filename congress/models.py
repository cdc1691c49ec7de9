"""Reports to the people's congress and the replies the procuratorate owes it.

seed 000 §6: the procuratorate reports on its legal supervision to the standing committee "通过
专项工作报告、综合性报告或者其他报告形式"; seed 000 §10 and seed 004 §11: the congress hears and
deliberates those reports and follows up its deliberation opinions (审议意见的督办); seed 001 §3:
"对于检察机关法律监督年度报告的意见落实情况应按时书面予以回复".

A :class:`CongressReport` is written by the procuratorate (figures generated for its period,
narrative sections edited by a procurator), approved by the chief before it is released to the
congress, and rendered to PDF and DOCX by a Celery task (:class:`ReportRendering`, with its
progress). A :class:`DeliberationOpinion` is one opinion the standing committee sent back on a
report; its written reply is a deadline of the procuratorate like any other
(:class:`supervision.models.deadline.Deadline`): computed and explained by the deadline engine,
swept for reminders and overdue notices, shown on the dashboard.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from supervision.models.audit import TracksChanges
from supervision.models.deadline import Deadline, DeadlineLabel, DeadlineNotice


class ReportKind(models.TextChoices):
    ANNUAL = "annual", _("年度法律监督工作报告")
    SPECIAL = "special", _("专项工作报告")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("起草中")
    SUBMITTED = "submitted", _("待审批")
    RETURNED = "returned", _("退回修改")
    APPROVED = "approved", _("已批准")
    RELEASED = "released", _("已报送人大")


#: The report's text may change only in these states.
EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)


class CongressReport(TracksChanges, models.Model):
    """One report to the standing committee of the people's congress of the procuratorate's
    level, for a period."""

    procuratorate = models.ForeignKey("supervision.Procuratorate", verbose_name=_("检察院"),
                                      on_delete=models.PROTECT, related_name="congress_reports")
    kind = models.CharField(_("报告类别"), max_length=20, choices=ReportKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    #: A special report's subject (行政检察工作, 公益诉讼检察工作 …); empty for the annual one.
    subject = models.CharField(_("专项主题"), max_length=100, blank=True)
    period_start = models.DateField(_("统计起始日"))
    period_end = models.DateField(_("统计截止日"))
    status = models.CharField(_("状态"), max_length=20, choices=ReportStatus.choices,
                              default=ReportStatus.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("起草人"),
                               on_delete=models.PROTECT, related_name="+")
    #: The statistics of the period as approved: generated live while the report is a draft,
    #: frozen here at approval so that the released report never changes.
    figures = models.JSONField(_("统计数据"), default=dict, blank=True)
    return_reason = models.TextField(_("退回理由"), blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("批准人"),
                                    null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)
    released_on = models.DateField(_("报送日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("人大报告")
        verbose_name_plural = _("人大报告")
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")),
                                   name="congress_report_period_order",
                                   violation_error_message=_("统计截止日不能早于起始日。")),
        ]
        indexes = [models.Index(fields=["procuratorate", "status"],
                                name="congress_report_scope_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reporting:congress-report", args=[self.pk])

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE


class ReportSection(TracksChanges, models.Model):
    """A narrative section of a report, written and saved by the procurator (the statistics
    and charts are generated; these are the words around them)."""

    report = models.ForeignKey(CongressReport, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(_("顺序"))
    heading = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("最后修改人"),
                                   null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    updated_at = models.DateTimeField(_("最后修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("报告章节")
        verbose_name_plural = _("报告章节")
        ordering = ["report", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["report", "position"],
                                               name="report_section_position_unique")]

    def __str__(self) -> str:
        return self.heading


class RenderingFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX"


class RenderingStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("生成失败")


class ReportRendering(models.Model):
    """One generation of a report's PDF or DOCX by a Celery task; the page polls ``progress``
    and offers the file when ``status`` is done. A report's text or figures changing makes the
    earlier renderings stale (``report_updated_at`` no longer matches)."""

    report = models.ForeignKey(CongressReport, on_delete=models.CASCADE,
                               related_name="renderings")
    fmt = models.CharField(_("格式"), max_length=10, choices=RenderingFormat.choices)
    status = models.CharField(_("状态"), max_length=10, choices=RenderingStatus.choices,
                              default=RenderingStatus.QUEUED)
    #: 0–100, written by the task as it goes.
    progress = models.PositiveSmallIntegerField(_("进度"), default=0)
    #: What the task is doing now, for the progress bar's label (a msgid, shown translated).
    stage = models.CharField(_("步骤"), max_length=100, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    #: The report's ``updated_at`` when the rendering was asked for.
    report_updated_at = models.DateTimeField()
    file = models.FileField(upload_to="congress/%Y/", blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("报告生成")
        verbose_name_plural = _("报告生成")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.report} · {self.fmt} · {self.status}"


#: Waiting for the procuratorate's written reply: ``CLOCK_RUNNING`` and the partial indexes'
#: condition.
AWAITING_REPLY = models.Q(replied_on__isnull=True)


class DeliberationOpinion(Deadline):
    """One deliberation opinion (审议意见) of the standing committee on a report, and the written
    reply on how it was carried out that the procuratorate owes (seed 001 §3: "意见落实情况应按时
    书面予以回复"; seed 004 §11: the congress follows up its opinions).

    The due date is the one the committee's letter states, else two months from receipt (rule
    ``default``, the Dinghai decision 三, source text 001), computed and explained by
    ``supervision.deadlines``. Overdue is derived: no reply, due date passed.
    """

    report = models.ForeignKey(CongressReport, verbose_name=_("报告"), on_delete=models.PROTECT,
                               related_name="opinions")
    #: The report's procuratorate, copied when the opinion is recorded (it never changes): the
    #: dashboards count open opinions by procuratorate without reading the reports.
    procuratorate = models.ForeignKey("supervision.Procuratorate", verbose_name=_("检察院"),
                                      on_delete=models.PROTECT, related_name="+",
                                      editable=False)
    letter_number = models.CharField(_("交办函文号"), max_length=60, blank=True)
    received_on = models.DateField(_("收到日期"))
    content = models.TextField(_("审议意见"))
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("承办人"),
                                    on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField(_("书面回复期限"))
    replied_on = models.DateField(_("回复日期"), null=True, blank=True)
    reply_number = models.CharField(_("回复文号"), max_length=60, blank=True)
    reply_summary = models.TextField(_("落实情况"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"),
                                    on_delete=models.PROTECT, related_name="+")
    reply_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                          on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    CLOCK_RUNNING = AWAITING_REPLY
    DEADLINE_LABEL = _("书面回复期限")

    class Meta:
        verbose_name = _("人大审议意见")
        verbose_name_plural = _("人大审议意见")
        ordering = ["due_date", "pk"]
        indexes = [
            # The deadline sweep and the calendar recompute: opinions still waiting for the reply.
            models.Index(fields=["due_date"], name="opinion_awaiting_due_idx",
                         condition=AWAITING_REPLY),
            # The sweep's second look: running rows written since its previous run.
            models.Index(fields=["clock_changed_at"], name="opinion_clock_changed_idx",
                         condition=AWAITING_REPLY),
            # The dashboard's count of open opinions by procuratorate.
            models.Index(fields=["procuratorate", "due_date"], name="opinion_open_scope_idx",
                         condition=AWAITING_REPLY),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(replied_on__isnull=True) | ~models.Q(reply_summary=""),
                name="opinion_reply_has_summary",
                violation_error_message=_("登记回复时必须填写落实情况。")),
            models.CheckConstraint(
                condition=models.Q(replied_on__isnull=True)
                | models.Q(replied_on__gte=models.F("received_on")),
                name="opinion_reply_after_receipt",
                violation_error_message=_("回复日期不能早于收到日期。")),
        ]

    def __str__(self) -> str:
        return f"{self.report} · {self.letter_number or self.received_on.isoformat()}"

    def save(self, *args, **kwargs) -> None:
        if self.procuratorate_id is None and self.report_id is not None:
            self.procuratorate_id = self.report.procuratorate_id
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("reporting:congress-report", args=[self.report_id]) + f"#opinion-{self.pk}"

    # --- the calendar recompute's questions (supervision.models.deadline.Deadline) ---------
    DEADLINE_PREVIEW_RELATED = ("report",)

    def deadline_preview_label(self) -> DeadlineLabel:
        return DeadlineLabel(number=self.letter_number or self.report.title,
                             party=_("人大常委会"), kind="opinion",
                             kind_label=_("人大审议意见回复"),
                             refs=(("report_id", self.report_id), ("opinion_id", self.pk)))

    @classmethod
    def deadline_moved_notices(cls, moves) -> list[DeadlineNotice]:
        """The opinion's responsible procurator, opening the report. One query."""
        opinions = {o.pk: o for o in cls.objects.filter(pk__in={m.pk for m in moves})
                    .select_related("report", "responsible__notification_preference")}
        return [DeadlineNotice(
            recipients=[opinions[m.pk].responsible], code="calendar.moved.opinion",
            params={"report": opinions[m.pk].report.title, "old": m.old_due.isoformat(),
                    "new": m.new_due.isoformat()},
            link=opinions[m.pk].get_absolute_url()) for m in moves]
