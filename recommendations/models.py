"""Supervision instruments (监督文书) sent to agencies, their replies and deadline events."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .choices import DeadlineEventKind, InstrumentStatus, ServiceMethod


class InstrumentType(models.Model):
    """A kind of instrument (检察建议, 纠正违法通知书 …) as data: its number code and period rule."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    number_code = models.CharField(_("文号代字"), max_length=10, help_text=_("如“建”“纠违”"))
    period_rule = models.ForeignKey("supervision.PeriodRule", verbose_name=_("期限规则"),
                                    null=True, blank=True, on_delete=models.PROTECT)
    requires_reply = models.BooleanField(_("需书面回复"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("文书类型")
        verbose_name_plural = _("文书类型")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class DocumentNumberSequence(models.Model):
    """The last document number used per procuratorate, department code, type code and year.

    Taken under a row lock inside the issuing transaction, so numbers are gap-free and two
    concurrent issues never get the same number; the unique constraint on
    ``Recommendation.number`` is the last line of defence.
    """

    procuratorate = models.ForeignKey("supervision.Procuratorate", on_delete=models.CASCADE)
    department_code = models.CharField(max_length=10)
    type_code = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["procuratorate", "department_code", "type_code", "year"],
                name="document_sequence_unique",
            ),
        ]


class Recommendation(models.Model):
    """Any supervision instrument sent to one agency: 检察建议, 纠正违法通知书, 抗诉书 …

    ``due_date`` is stored (and indexed for the deadline sweep) when the instrument is served;
    ``due_explanation`` says how it was computed. Overdue is derived: awaiting a reply and
    ``due_date`` before today.
    """

    case = models.ForeignKey("cases.SupervisionCase", verbose_name=_("监督案件"),
                             on_delete=models.PROTECT, related_name="recommendations")
    instrument_type = models.ForeignKey(InstrumentType, verbose_name=_("文书类型"),
                                        on_delete=models.PROTECT)
    agency = models.ForeignKey("agencies.Agency", verbose_name=_("主送单位"),
                               on_delete=models.PROTECT, related_name="recommendations")
    title = models.CharField(_("标题"), max_length=200)
    facts = models.TextField(_("查明的事实"), blank=True)
    problems = models.TextField(_("存在的问题/违法情形"), blank=True)
    legal_basis = models.TextField(_("法律依据"), blank=True)
    body = models.TextField(_("建议的具体内容"))
    status = models.CharField(_("状态"), max_length=30, choices=InstrumentStatus.choices,
                              default=InstrumentStatus.DRAFT, db_index=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("拟稿人"),
                                   on_delete=models.PROTECT, related_name="drafted_instruments")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审批人"), null=True,
                                    blank=True, on_delete=models.PROTECT,
                                    related_name="approved_instruments")
    approved_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    return_reason = models.TextField(_("退回理由"), blank=True)
    number = models.CharField(_("文号"), max_length=60, null=True, blank=True, unique=True)
    issued_at = models.DateTimeField(_("签发时间"), null=True, blank=True)
    issued_on = models.DateField(_("成文日期"), null=True, blank=True)
    pdf = models.FileField(_("正式文书"), upload_to="instruments/%Y/", blank=True)
    pdf_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    served_on = models.DateField(_("送达日期"), null=True, blank=True)
    service_method = models.CharField(_("送达方式"), max_length=20, choices=ServiceMethod.choices,
                                      blank=True)
    due_date = models.DateField(_("回复期限"), null=True, blank=True)
    due_provisional = models.BooleanField(_("期限为暂定"), default=False)
    due_explanation = models.JSONField(_("期限说明"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("监督文书")
        verbose_name_plural = _("监督文书")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # Used by recommendations.tasks.sweep_deadlines and the deadline dashboard: only
            # instruments still waiting for the agency's answer have a running clock.
            models.Index(fields=["due_date"], name="rec_awaiting_due_idx",
                         condition=models.Q(status="awaiting_reply")),
            models.Index(fields=["agency", "status"], name="rec_agency_status_idx"),
        ]

    def __str__(self) -> str:
        return self.number or f"{self.instrument_type}（{_('草稿')}）"

    def get_absolute_url(self) -> str:
        return reverse("recommendations:detail", args=[self.pk])

    def due_explanation_text(self) -> str:
        """The due date's explanation in the active language (served on, rule, basis, shift)."""
        from supervision.deadlines import DueDate

        return DueDate.from_dict(self.due_explanation).explain() if self.due_explanation else ""

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        from django.utils import timezone

        today = today or timezone.localdate()
        return (self.status == InstrumentStatus.AWAITING_REPLY and self.due_date is not None
                and self.due_date < today)


class Reply(models.Model):
    """A written reply of the addressee agency (回复), submitted by its liaison. Immutable."""

    recommendation = models.ForeignKey(Recommendation, verbose_name=_("监督文书"),
                                       on_delete=models.PROTECT, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("回复人"),
                               on_delete=models.PROTECT, related_name="replies")
    content = models.TextField(_("回复内容"))
    measures = models.TextField(_("整改措施"), blank=True)
    attachment = models.FileField(_("附件"), upload_to="replies/%Y/", blank=True)
    attachment_name = models.CharField(_("附件名"), max_length=200, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("回复")
        verbose_name_plural = _("回复")
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.recommendation} · {self.submitted_at:%Y-%m-%d}"


class DeadlineEvent(models.Model):
    """Outbox of deadline events: one reminder, overdue notice or escalation step.

    The unique key (instrument, kind, offset, due date) makes the sweep idempotent: however
    many times or by however many workers it runs, each event is inserted once. Delivery
    claims the row with ``UPDATE … WHERE delivered_at IS NULL`` in the same transaction that
    writes the notifications, so each is delivered once even if a worker dies mid-batch.
    """

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE,
                                       related_name="deadline_events")
    kind = models.CharField(max_length=20, choices=DeadlineEventKind.choices)
    offset_days = models.SmallIntegerField(
        help_text="reminder: days before due; overdue/escalation: days after due")
    due_date = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("期限事件")
        verbose_name_plural = _("期限事件")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "kind", "offset_days", "due_date"],
                                    name="deadline_event_once"),
        ]
        indexes = [
            # Used by recommendations.tasks.deliver_pending_events.
            models.Index(fields=["created_at"], name="deadline_event_pending_idx",
                         condition=models.Q(delivered_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.kind}{self.offset_days:+d} {self.recommendation_id} {self.due_date}"
