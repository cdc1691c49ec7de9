"""Clue transfers (线索移送) and interference records (过问干预记录)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from supervision.models.deadline import Deadline, DeadlineLabel, DeadlineNotice

from ..choices import InterferenceManner, TransferRecipient

#: Waiting for feedback: the model's ``CLOCK_RUNNING`` and the condition of its partial index.
AWAITING_FEEDBACK = models.Q(replied_on__isnull=True)


class ClueTransfer(Deadline):
    """A clue sent to the supervisory commission or another organ, with its own reply clock.

    seed 002 §13: clues of officials' misconduct "应当按照规定移送纪检监察机关或者有关党组织、任免机关
    和单位依规依纪依法处理"; seed 002 §5: officials' misconduct found in administrative enforcement
    "移交监察机关处理"; seed 000 §8: the receiving organ "书面反馈结果". No law sets the period, so
    the due date follows rule ``default`` (two months, seed 001 §3), computed and explained by
    ``supervision.deadlines`` like an instrument's. Overdue is derived: no reply, due date passed.
    """

    case = models.ForeignKey("cases.SupervisionCase", on_delete=models.PROTECT, related_name="transfers")
    recipient_kind = models.CharField(_("移送对象类别"), max_length=30, choices=TransferRecipient.choices)
    recipient = models.CharField(_("接收机关"), max_length=100)
    recipient_agency = models.ForeignKey("agencies.Agency", verbose_name=_("接收单位（系统内）"),
                                         null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    clue = models.TextField(_("线索内容"))
    letter_number = models.CharField(_("移送函文号"), max_length=60, blank=True)
    transferred_on = models.DateField(_("移送日期"))
    due_date = models.DateField(_("反馈期限"))
    transferred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    replied_on = models.DateField(_("反馈日期"), null=True, blank=True)
    reply_summary = models.TextField(_("反馈结果"), blank=True)
    reply_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                          on_delete=models.PROTECT, related_name="+")
    #: When the feedback was recorded (by the recipient organ's liaison in the portal, or by
    #: the procuratorate's staff from the paper letter).
    reply_recorded_at = models.DateTimeField(_("反馈登记时间"), null=True, blank=True)
    #: When someone working on the case read the feedback the organ gave in the portal (the
    #: intake queue's "未阅" until then); set at once when staff record it themselves.
    reply_read_at = models.DateTimeField(_("反馈阅知时间"), null=True, blank=True)
    reply_read_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("阅知人"), null=True,
                                      blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    #: Waiting for the receiving organ's feedback (transfer_awaiting_due_idx).
    CLOCK_RUNNING = AWAITING_FEEDBACK
    DEADLINE_LABEL = _("反馈期限")

    class Meta:
        verbose_name = _("线索移送")
        verbose_name_plural = _("线索移送")
        ordering = ["case", "transferred_on", "pk"]
        indexes = [
            # Used by the deadline sweep and the calendar recompute: transfers still waiting
            # for feedback.
            models.Index(fields=["due_date"], name="transfer_awaiting_due_idx",
                         condition=AWAITING_FEEDBACK),
            # The sweep's second look: running rows written since its previous run.
            models.Index(fields=["clock_changed_at"], name="transfer_clock_changed_idx",
                         condition=AWAITING_FEEDBACK),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(replied_on__isnull=True) | ~models.Q(reply_summary=""),
                name="transfer_reply_has_summary",
                violation_error_message=_("登记反馈时必须填写反馈结果。"),
            ),
            models.CheckConstraint(
                condition=models.Q(replied_on__isnull=True)
                | models.Q(replied_on__gte=models.F("transferred_on")),
                name="transfer_reply_after_transfer",
                violation_error_message=_("反馈日期不能早于移送日期。"),
            ),
            models.CheckConstraint(
                condition=models.Q(reply_read_at__isnull=True) | models.Q(replied_on__isnull=False),
                name="transfer_read_needs_reply",
                violation_error_message=_("尚未反馈的线索移送不能标记为已阅。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.transferred_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        """The procuratorate's page of the transfer (the clue feedback flow, issue 19)."""
        return reverse("duties:clue-feedback-detail", args=[self.pk])

    def get_portal_url(self) -> str:
        """The receiving organ's page in the liaison portal (only for ``recipient_agency``)."""
        return reverse("portal:clue-feedback-detail", args=[self.pk])

    @property
    def feedback_late(self) -> bool | None:
        """Whether the feedback came after the due date (None while none came)."""
        return None if self.replied_on is None else self.replied_on > self.due_date

    @property
    def feedback_unread(self) -> bool:
        return self.replied_on is not None and self.reply_read_at is None

    # --- the calendar recompute's questions (supervision.models.deadline.Deadline) ---------
    DEADLINE_PREVIEW_RELATED = ("case",)

    def deadline_preview_label(self) -> DeadlineLabel:
        """The transfer letter's number (移送函文号), else the case's; the receiving organ."""
        return DeadlineLabel(number=self.letter_number or self.case.number, party=self.recipient,
                             kind="transfer", kind_label=_("线索移送反馈"),
                             refs=(("case_id", self.case_id),))

    @classmethod
    def deadline_moved_notices(cls, moves) -> list[DeadlineNotice]:
        """The case's handling procurator and whoever transferred the clue, each opening the
        case. One query."""
        from agencies.selectors import liaisons_by_agency

        transfers = {t.pk: t for t in cls.objects.filter(pk__in={m.pk for m in moves})
                     .select_related("case__handler__notification_preference",
                                     "transferred_by__notification_preference",
                                     "case__procuratorate")}
        liaisons = liaisons_by_agency({t.recipient_agency_id for t in transfers.values()
                                       if t.recipient_agency_id})
        notices = []
        for move in moves:
            transfer = transfers[move.pk]
            notices.append(DeadlineNotice(
                recipients=[transfer.case.handler, transfer.transferred_by],
                code="calendar.moved.transfer",
                params={"case": transfer.case.number, "recipient": transfer.recipient,
                        "old": move.old_due.isoformat(), "new": move.new_due.isoformat()},
                link=transfer.case.get_absolute_url()))
            if transfer.recipient_agency_id in liaisons:  # the organ answers in the portal
                notices.append(DeadlineNotice(
                    recipients=liaisons[transfer.recipient_agency_id],
                    code="calendar.moved.transfer_agency",
                    params={"procuratorate": transfer.case.procuratorate.name,
                            "letter": transfer.letter_number or "—",
                            "old": move.old_due.isoformat(), "new": move.new_due.isoformat()},
                    link=transfer.get_portal_url()))
        return notices


class InterferenceRecord(models.Model):
    """An official's attempt to ask about or intervene in the case (过问干预记录).

    seed 002 §14: "严格执行领导干部干预司法活动、插手具体案件处理的记录、通报和责任追究等规定";
    seed 000 §7 adds "检察机关工作人员过问案件情况". Anyone working on the case records it; only
    the approver and chief of the case's procuratorate and the audit administrator read it
    (``cases.permissions.interference_visible_to``) — not the recording procurator, so that
    whoever was leaned on cannot be leaned on again to soften the record.
    """

    case = models.ForeignKey("cases.SupervisionCase", on_delete=models.PROTECT,
                             related_name="interference_records")
    occurred_on = models.DateField(_("发生日期"))
    intervener = models.CharField(_("过问干预人"), max_length=50)
    intervener_post = models.CharField(_("单位及职务"), max_length=100)
    manner = models.CharField(_("方式"), max_length=20, choices=InterferenceManner.choices)
    content = models.TextField(_("过问干预内容"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"),
                                    on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("过问干预记录")
        verbose_name_plural = _("过问干预记录")
        ordering = ["-occurred_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.intervener} · {self.occurred_on:%Y-%m-%d}"
