"""Supervision instruments (监督文书) sent to agencies, their replies and deadline events."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from supervision.choices import PeriodUnit, choice_label
from supervision.models.audit import TracksChanges
from supervision.models.deadline import Deadline, DeadlineLabel, DeadlineNotice
from supervision.models.names import NAME_EN_HELP, LocalizedName, chinese_active

from ..choices import (
    EXTENSION_STATUS_TONES,
    INSTRUMENT_STATUS_TONES,
    ApprovalLevel,
    DeadlineEventKind,
    EvaluationOutcome,
    ExtensionStatus,
    InstrumentStatus,
    InternalDeadlineKind,
    ServiceMethod,
)


class InstrumentType(LocalizedName, models.Model):
    """A kind of instrument (检察建议, 纠正违法通知书 …) as data: its number code and period rule.

    ``str()`` is the name in the interface language; the document, its number and the service
    receipt print the Chinese ``name`` (``recommendations.documents``)."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    name_en = models.CharField(_("英文名称"), max_length=160, blank=True, help_text=NAME_EN_HELP)
    number_code = models.CharField(_("文号代字"), max_length=10, help_text=_("如“建”“纠违”"))
    period_rule = models.ForeignKey("supervision.PeriodRule", verbose_name=_("期限规则"),
                                    null=True, blank=True, on_delete=models.PROTECT)
    requires_reply = models.BooleanField(_("需书面回复"), default=True)
    order = models.PositiveSmallIntegerField(default=0)
    #: The kind a subtype belongs to (再审检察建议 … → 检察建议), for grouping in statistics.
    parent = models.ForeignKey("self", verbose_name=_("所属类别"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="subtypes")
    #: The drafting sections (``DraftSection`` values) the type uses, in document order.
    sections = models.JSONField(_("文书组成部分"), default=list, blank=True)
    #: The agency types (``agencies.choices.AgencyType``) it may be addressed to; empty: any.
    addressee_types = models.JSONField(_("可主送的单位类型"), default=list, blank=True)
    #: Who must approve it before issue (``choices.APPROVAL_CHAINS``: the levels it passes).
    approval_level = models.CharField(
        _("审批层级"), max_length=20, choices=ApprovalLevel.choices,
        default=ApprovalLevel.DEPARTMENT,
        help_text=_("部门负责人：部门负责人或检察长审批；检察长：部门负责人审核后报检察长审批；"
                    "检察委员会：部门负责人、检察长审核后提请检察委员会讨论决定，由检察长记录决定。"))
    #: The draft must say why the matter is urgent (财产保全建议, 证据保全建议: the property
    #: may be moved, the evidence lost), printed in the document.
    requires_urgency_reason = models.BooleanField(_("须写明紧急情形"), default=False)

    class Meta:
        verbose_name = _("文书类型")
        verbose_name_plural = _("文书类型")
        ordering = ["order", "pk"]

    def may_address(self, agency_type: str) -> bool:
        """Whether an instrument of this type may go to an agency of ``agency_type``."""
        return not self.addressee_types or agency_type in self.addressee_types


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


#: When each clock runs: the model's ``CLOCK_RUNNING`` and the condition of its partial index.
AWAITING_REPLY = models.Q(status=InstrumentStatus.AWAITING_REPLY)
OPEN = models.Q(closed_at__isnull=True)


class Recommendation(Deadline):
    """Any supervision instrument sent to one agency: 检察建议, 纠正违法通知书, 抗诉书 …

    ``due_date`` is stored (and indexed for the deadline sweep) when the instrument is served;
    ``due_explanation`` says how it was computed. Overdue is derived: awaiting a reply and
    ``due_date`` before today.
    """

    case = models.ForeignKey("cases.SupervisionCase", verbose_name=_("监督案件"),
                             on_delete=models.PROTECT, related_name="recommendations")
    #: The case's procuratorate, copied when the instrument is made (a case never changes
    #: procuratorate): the scope of every list, dashboard and statistic is then a filter on
    #: this table's own indexes (``rec_procuratorate_pk_idx``, ``rec_awaiting_scope_idx``)
    #: instead of a join through 300k cases. The self-check ``procuratorate_differs_from_case``
    #: watches the copy.
    procuratorate = models.ForeignKey("supervision.Procuratorate", verbose_name=_("承办检察院"),
                                      on_delete=models.PROTECT, related_name="+", editable=False,
                                      db_index=False)  # rec_procuratorate_pk_idx leads with it
    #: The case's department, handling procurator and supervision kind, copied when the
    #: instrument is made (set when the case is registered, never changed after): the
    #: dashboard's breakdown by them is read from ``rec_awaiting_case_idx`` alone instead of a
    #: join of every running clock to its case (0.29 s for a province at 1M). Watched by the
    #: same self-check as the procuratorate.
    case_department = models.ForeignKey("supervision.Department", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+",
                                        editable=False, db_index=False)
    case_handler = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+",
                                     editable=False, db_index=False)
    case_kind = models.ForeignKey("supervision.SupervisionKind", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+", editable=False,
                                  db_index=False)
    instrument_type = models.ForeignKey(InstrumentType, verbose_name=_("文书类型"),
                                        on_delete=models.PROTECT)
    agency = models.ForeignKey("agencies.Agency", verbose_name=_("主送单位"),
                               on_delete=models.PROTECT, related_name="recommendations")
    title = models.CharField(_("标题"), max_length=200)
    case_source = models.TextField(_("案件来源"), blank=True)
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
    #: While pending approval: the level it waits at (``ApprovalLevel``); empty otherwise.
    #: The approval queue of each approver reads it (``selectors.approval_queue``).
    approval_stage = models.CharField(_("当前审批层级"), max_length=20, blank=True,
                                      choices=ApprovalLevel.choices)
    #: Why the matter is urgent, for a type that requires it (``requires_urgency_reason``).
    urgency_reason = models.TextField(_("紧急情形"), blank=True)
    number = models.CharField(_("文号"), max_length=60, null=True, blank=True, unique=True)
    issued_at = models.DateTimeField(_("签发时间"), null=True, blank=True)
    issued_on = models.DateField(_("成文日期"), null=True, blank=True)
    pdf = models.FileField(_("正式文书"), upload_to="instruments/%Y/", blank=True)
    pdf_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    served_on = models.DateField(_("送达日期"), null=True, blank=True)
    service_method = models.CharField(_("送达方式"), max_length=20, choices=ServiceMethod.choices,
                                      blank=True)
    #: Stored when the instrument is served (empty before): the agency's reply deadline.
    due_date = models.DateField(_("回复期限"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # A shorter reply period the document itself states for an urgent case, with the reason
    # (人民检察院检察建议工作规定 art. 16, 19; 检察公益诉讼司法解释 art. 21). Empty: the rule's.
    period_amount = models.PositiveSmallIntegerField(_("文书载明的回复期限"), null=True, blank=True)
    period_unit = models.CharField(_("期限单位"), max_length=10, blank=True,
                                   choices=PeriodUnit.choices)
    period_reason = models.TextField(_("缩短期限的理由"), blank=True)
    #: The similar-case recommendation (类案检察建议) this instrument was issued under, if any.
    batch = models.ForeignKey("RecommendationBatch", verbose_name=_("类案检察建议"), null=True,
                              blank=True, on_delete=models.PROTECT, related_name="instruments")
    #: The 送达回证 signed by the agency, uploaded after paper service (checked by content).
    receipt = models.FileField(_("送达回证"), upload_to="receipts/%Y/", blank=True)
    receipt_name = models.CharField(_("送达回证文件名"), max_length=200, blank=True)
    #: The latest evaluation, denormalised for the statistics (adoption and rectification rates).
    adoption = models.CharField(_("采纳情况"), max_length=30, blank=True,
                                choices=EvaluationOutcome.choices)
    rectified = models.BooleanField(_("整改到位"), null=True, blank=True)
    #: The day (Asia/Shanghai) of the agency's first reply, supplements not counted, and of the
    #: latest evaluation: copies of ``Reply.submitted_at`` and ``Evaluation.evaluated_at``
    #: written by the reply and evaluation services in their transaction, so that the
    #: statistics and scorecards count replies on time, late and missing with one pass over
    #: the instruments instead of two subqueries per row (22 s for a province at 1M before;
    #: docs/performance.md). The self-check ``reply_dates_out_of_step`` compares them.
    first_reply_on = models.DateField(_("首次回复日期"), null=True, blank=True, editable=False)
    last_evaluated_on = models.DateField(_("最近评估日期"), null=True, blank=True,
                                         editable=False)
    #: Changes whenever anything the instrument's API detail shows changes: this row (every
    #: ``save()``), its extensions, own deadlines, replies, item answers and items, a calendar
    #: recompute, a reply author's name (``recommendations.revision``). The detail's response
    #: cache is keyed by it (``recommendations.api.views``).
    revision = models.PositiveBigIntegerField(default=0, editable=False)

    #: The reply clock runs while the agency's answer is awaited (rec_awaiting_due_idx).
    CLOCK_RUNNING = AWAITING_REPLY
    DEADLINE_LABEL = _("回复期限")

    class Meta:
        verbose_name = _("监督文书")
        verbose_name_plural = _("监督文书")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(period_amount__isnull=True, period_unit="", period_reason="")
                           | (models.Q(period_amount__gt=0) & ~models.Q(period_unit="")
                              & ~models.Q(period_reason=""))),
                name="rec_period_override_complete",
                violation_error_message=_("文书载明较短的回复期限时，必须同时写明期限、单位和理由。"),
            ),
        ]
        indexes = [
            # Used by recommendations.tasks.sweep_deadlines and the deadline dashboard: only
            # instruments still waiting for the agency's answer have a running clock.
            models.Index(fields=["due_date"], name="rec_awaiting_due_idx",
                         condition=AWAITING_REPLY),
            # The sweep's second look: running rows written since its previous run.
            models.Index(fields=["clock_changed_at"], name="rec_clock_changed_idx",
                         condition=AWAITING_REPLY),
            # Lists in keyset order within a procuratorate (``procuratorate_id = X AND id < c
            # ORDER BY id DESC``), at any depth.
            models.Index(fields=["procuratorate", "id"], name="rec_procuratorate_pk_idx"),
            # Dashboards: the running clocks of a procuratorate or a subtree by due date, read
            # from the index alone (a partial index: history never enters it).
            models.Index(fields=["procuratorate", "due_date"], name="rec_awaiting_scope_idx",
                         condition=AWAITING_REPLY),
            # The dashboard's agencies with the most overdue replies, and a list narrowed to one
            # agency, from the index alone as above.
            models.Index(fields=["procuratorate", "agency", "due_date"],
                         name="rec_awaiting_agency_idx", condition=AWAITING_REPLY),
            # The dashboard's breakdown by the case's department, procurator and kind and by
            # type (reporting.selectors.deadline_breakdown), from the index alone.
            models.Index(fields=["procuratorate", "case_department", "case_handler", "case_kind",
                                 "instrument_type", "due_date"],
                         name="rec_awaiting_case_idx", condition=AWAITING_REPLY),
            models.Index(fields=["agency", "status"], name="rec_agency_status_idx"),
        ]

    def __str__(self) -> str:
        """The document number once issued; before that the type and where it stands
        (（草稿）, （待审批）, （已审批）), so a submitted draft is not called a draft. In the
        interface language: ``Procuratorial recommendation (Draft)`` in English."""
        if self.number:
            return self.number
        if chinese_active():
            return f"{self.instrument_type}（{self.get_status_display()}）"
        return f"{self.instrument_type} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("recommendations:detail", args=[self.pk])

    def get_status_display(self) -> str:
        return choice_label(InstrumentStatus, self.status)

    @property
    def status_tone(self) -> str:
        return INSTRUMENT_STATUS_TONES.get(self.status, "neutral")

    #: The case's columns this instrument keeps a copy of (see ``procuratorate``,
    #: ``case_department``): copied by :meth:`save`, watched by the self-check.
    CASE_COPIES = {"procuratorate": "procuratorate", "case_department": "department",
                   "case_handler": "handler", "case_kind": "kind"}

    def save(self, *args, **kwargs) -> None:
        if self._state.adding and self.case_id is not None:
            for copy, column in self.CASE_COPIES.items():
                if getattr(self, f"{copy}_id") is None:
                    setattr(self, f"{copy}_id", getattr(self.case, f"{column}_id"))
        if not self._state.adding:
            # Counted by the database, so a stale instance cannot write a revision a
            # concurrent writer already used; read back (one query) only if asked for.
            self.revision = models.F("revision") + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "revision"}
        super().save(*args, **kwargs)
        if not isinstance(self.revision, int):
            del self.__dict__["revision"]  # deferred: the next read asks the row

    # --- the calendar recompute's questions (supervision.models.deadline.Deadline) ---------
    DEADLINE_PREVIEW_RELATED = ("agency",)

    @classmethod
    def deadline_rows_rewritten(cls, rows) -> None:
        from ..revision import touch

        touch(row.pk for row in rows)

    def deadline_preview_label(self) -> DeadlineLabel:
        return DeadlineLabel(number=self.number or "", party=self.agency.name, kind="reply",
                             kind_label=_("单位回复"),
                             refs=(("recommendation_id", self.pk), ("deadline_id", None)))

    @classmethod
    def deadline_moved_notices(cls, moves) -> list[DeadlineNotice]:
        """The handling procurator and the agency's liaisons (in the portal). Two queries."""
        from agencies.selectors import liaisons_by_agency

        recs = _moved_instruments({m.recommendation_id for m in moves})
        liaisons = liaisons_by_agency({r.agency_id for r in recs.values()})
        return [_moved_notice(recs[m.recommendation_id], m,
                              [recs[m.recommendation_id].case.handler]
                              + liaisons.get(recs[m.recommendation_id].agency_id, []))
                for m in moves]


class Reply(TracksChanges, models.Model):
    """A written reply of the addressee agency (回复) as sent to the procuratorate. Immutable:
    a row exists only once sent (drafts and sign-off live on ``ReplyDraft``), and a later
    correction or addition is a new reply, a supplement (补充回复) linked to the one before."""

    recommendation = models.ForeignKey(Recommendation, verbose_name=_("监督文书"),
                                       on_delete=models.PROTECT, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("回复人"),
                               on_delete=models.PROTECT, related_name="replies")
    content = models.TextField(_("回复内容"))
    measures = models.TextField(_("整改措施"), blank=True)
    attachment = models.FileField(_("附件"), upload_to="replies/%Y/", blank=True)
    attachment_name = models.CharField(_("附件名"), max_length=200, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    supplement_to = models.ForeignKey(
        "self", verbose_name=_("补充的回复"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="supplements")
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("签发人"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="signed_off_replies",
        help_text=_("本单位负责人，回复须经签发时"))

    class Meta:
        verbose_name = _("回复")
        verbose_name_plural = _("回复")
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.recommendation} · {self.submitted_at:%Y-%m-%d}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValueError("A submitted reply is immutable; send a supplement (补充回复).")
        super().save(*args, **kwargs)

    @property
    def is_supplement(self) -> bool:
        return self.supplement_to_id is not None

    @property
    def is_late(self) -> bool:
        """A first reply sent after the instrument's (current) due date."""
        from django.utils import timezone

        due = self.recommendation.due_date
        return (not self.is_supplement and due is not None
                and timezone.localdate(self.submitted_at) > due)


class DeadlineEvent(models.Model):
    """Outbox of deadline events: one reminder, overdue notice or escalation step.

    An event concerns an instrument's reply deadline (``recommendation``), one of the
    procuratorate's own deadlines on an instrument (``recommendation`` and ``deadline``), a
    clue transfer's feedback deadline (``transfer``), or the written reply owed on a people's
    congress deliberation opinion (``opinion``). The unique keys (instrument, internal
    deadline or transfer; kind, offset, due date) make the sweep idempotent: however many
    times or by however many workers it runs, each event is inserted once. Delivery claims the
    row with ``UPDATE … WHERE delivered_at IS NULL`` in the same transaction that writes the
    notifications, so each is delivered once even if a worker dies mid-batch.
    """

    # The subject columns carry no database foreign-key constraint (``db_constraint=False``):
    # the sweep writes events only by ``INSERT … SELECT`` from the subject's own table in the
    # same statement, so the reference holds by construction, and a constraint would make
    # PostgreSQL lock and dirty every referenced row (``FOR KEY SHARE``) — half the cost of a
    # sweep that finds 100,000 events. Deleting a subject still deletes its events (Django's
    # ``CASCADE``); the self-check ``events_without_subject`` watches the rest.
    recommendation = models.ForeignKey(Recommendation, null=True, blank=True,
                                       on_delete=models.CASCADE, related_name="deadline_events",
                                       db_constraint=False)
    #: Empty for the agency's reply deadline; else the procuratorate's own deadline concerned.
    deadline = models.ForeignKey("InternalDeadline", null=True, blank=True, db_index=False,
                                 on_delete=models.CASCADE, related_name="events",
                                 db_constraint=False)
    #: A clue transfer's feedback deadline (then no instrument).
    transfer = models.ForeignKey("cases.ClueTransfer", null=True, blank=True, db_index=False,
                                 on_delete=models.CASCADE, related_name="deadline_events",
                                 db_constraint=False)
    #: A deliberation opinion's written-reply deadline (then no instrument).
    opinion = models.ForeignKey("congress.DeliberationOpinion", null=True, blank=True,
                                db_index=False, on_delete=models.CASCADE,
                                related_name="deadline_events", db_constraint=False)
    #: Any other deadline model (``supervision.models.deadline.Deadline``) the sweep watches
    #: through its generic protocol (``Deadline.SWEEP_PREFIX`` …): the model's label
    #: (``"duties.materialrequest"``) and the row's id. A higher app's deadline model needs
    #: no column here, so the sweep watches it without importing it.
    subject_type = models.CharField(max_length=60, blank=True, db_default="")
    subject_id = models.BigIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=20, choices=DeadlineEventKind.choices)
    offset_days = models.SmallIntegerField(
        help_text="reminder: days before due; overdue: 1; escalation: the step (1, 2, 3)")
    due_date = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("期限事件")
        verbose_name_plural = _("期限事件")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "kind", "offset_days", "due_date"],
                                    condition=models.Q(deadline__isnull=True),
                                    name="deadline_event_once"),
            models.UniqueConstraint(fields=["deadline", "kind", "offset_days", "due_date"],
                                    condition=models.Q(deadline__isnull=False),
                                    name="deadline_event_once_internal"),
            models.UniqueConstraint(fields=["transfer", "kind", "offset_days", "due_date"],
                                    condition=models.Q(transfer__isnull=False),
                                    name="deadline_event_once_transfer"),
            models.UniqueConstraint(fields=["opinion", "kind", "offset_days", "due_date"],
                                    condition=models.Q(opinion__isnull=False),
                                    name="deadline_event_once_opinion"),
            models.UniqueConstraint(fields=["subject_type", "subject_id", "kind", "offset_days",
                                            "due_date"],
                                    condition=models.Q(subject_id__isnull=False),
                                    name="deadline_event_once_subject"),
            # Exactly one subject: an instrument (with or without an internal deadline of
            # it), a clue transfer, a deliberation opinion, or a row of another deadline model.
            models.CheckConstraint(
                condition=(models.Q(recommendation__isnull=False, transfer__isnull=True,
                                    opinion__isnull=True, subject_id__isnull=True)
                           | models.Q(recommendation__isnull=True, transfer__isnull=False,
                                      deadline__isnull=True, opinion__isnull=True,
                                      subject_id__isnull=True)
                           | models.Q(recommendation__isnull=True, transfer__isnull=True,
                                      deadline__isnull=True, opinion__isnull=False,
                                      subject_id__isnull=True)
                           | models.Q(recommendation__isnull=True, transfer__isnull=True,
                                      deadline__isnull=True, opinion__isnull=True,
                                      subject_id__isnull=False) & ~models.Q(subject_type="")),
                name="deadline_event_one_subject"),
        ]
        indexes = [
            # Used by recommendations.tasks.deliver_pending_events.
            models.Index(fields=["created_at"], name="deadline_event_pending_idx",
                         condition=models.Q(delivered_at__isnull=True)),
        ]

    def __str__(self) -> str:
        subject = (f"{self.subject_type} {self.subject_id}" if self.subject_id is not None
                   else f"transfer {self.transfer_id}" if self.transfer_id is not None
                   else f"opinion {self.opinion_id}" if self.opinion_id is not None
                   else self.recommendation_id)
        return f"{self.kind}{self.offset_days:+d} {subject} {self.due_date}"


class SweepWatermark(models.Model):
    """How far the deadline sweep has gone: the day it last swept (``swept_on``), when that
    run started (``started_at``) and the reminder and escalation days it used (``windows``).

    The next sweep looks only at what changed since: the rows whose due date entered an
    event's window in the days between (a range on the due-date indexes, empty when it runs
    again the same day) and the running rows written since ``started_at`` less
    ``DEADLINE_SWEEP_OVERLAP`` (a transaction still open when the sweep started commits
    later). A sweep for an earlier day, or with other windows, or without a watermark, looks
    at everything, as the first one did. One row, written in the sweep's transaction."""

    name = models.CharField(max_length=40, primary_key=True)
    swept_on = models.DateField()
    started_at = models.DateTimeField()
    windows = models.CharField(max_length=200)

    class Meta:
        verbose_name = _("期限巡检进度")
        verbose_name_plural = _("期限巡检进度")

    def __str__(self) -> str:
        return f"{self.name}: {self.swept_on}"


class RecommendationExtension(TracksChanges, models.Model):
    """One extension of an instrument's reply period (延长回复期限), kept as history.

    Either the agency asks (``requested``: ``requested_by``/``requested_at``/``requested_due``,
    decided later) or the procurator grants on their own motion (``granted`` from the start).
    A granted row records the due date before and after; the instrument's ``due_date`` and the
    extensions in its explanation follow the latest granted one.
    """

    recommendation = models.ForeignKey(Recommendation, verbose_name=_("监督文书"),
                                       on_delete=models.CASCADE, related_name="extensions")
    status = models.CharField(_("状态"), max_length=20, choices=ExtensionStatus.choices)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("申请人"),
                                     null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    requested_at = models.DateTimeField(_("申请时间"), null=True, blank=True)
    requested_due = models.DateField(_("申请延长至"), null=True, blank=True)
    request_reason = models.TextField(_("申请理由"), blank=True)
    old_due = models.DateField(_("原回复期限"))
    new_due = models.DateField(_("延长后的回复期限"), null=True, blank=True)
    reason = models.TextField(_("决定理由"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("决定人"), null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("延长回复期限")
        verbose_name_plural = _("延长回复期限")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="granted") | models.Q(
                    new_due__gt=models.F("old_due"), decided_by__isnull=False,
                    decided_at__isnull=False),
                name="extension_granted_is_later_and_decided",
                violation_error_message=_("准许延期必须有决定人，且延长后的期限晚于原期限。")),
            models.CheckConstraint(
                condition=~models.Q(status="refused") | (
                    models.Q(decided_by__isnull=False, decided_at__isnull=False)
                    & ~models.Q(reason="")),
                name="extension_refused_has_reason",
                violation_error_message=_("不予准许必须写明理由。")),
            models.CheckConstraint(
                condition=~models.Q(status="requested") | models.Q(
                    requested_by__isnull=False, requested_at__isnull=False),
                name="extension_request_has_requester",
                violation_error_message=_("延期申请必须有申请人和申请时间。")),
            models.UniqueConstraint(fields=["recommendation"],
                                    condition=models.Q(status="requested"),
                                    name="extension_one_open_request",
                                    violation_error_message=_("该文书已有一项待决定的延期申请。")),
        ]

    def get_status_display(self) -> str:
        return choice_label(ExtensionStatus, self.status)

    @property
    def status_tone(self) -> str:
        return EXTENSION_STATUS_TONES.get(self.status, "neutral")

    def __str__(self) -> str:
        return f"{self.recommendation} · {self.old_due} → {self.new_due or '?'} ({self.status})"


class InternalDeadline(Deadline):
    """A deadline the procuratorate itself must meet on an instrument (本院办理期限): deciding
    an agency's extension or review request (复查, 7 days: 刑事诉讼规则 art. 554), evaluating a
    reply, verifying rectification.

    The agency's reply deadline stays on ``Recommendation`` (one per instrument, the hot path
    of the sweep and the dashboards); these are computed by the same engine from the
    ``PeriodRule`` of their kind (``INTERNAL_DEADLINE_RULES``), swept for reminders and overdue
    notices the same way, and shown to supervisors beside the agencies' deadlines. Open while
    ``closed_at`` is empty; at most one open per instrument and kind. Overdue is derived.
    """

    recommendation = models.ForeignKey(Recommendation, verbose_name=_("监督文书"),
                                       on_delete=models.CASCADE, related_name="internal_deadlines")
    #: The instrument's procuratorate, copied when the deadline is made (it never changes):
    #: the dashboards count open deadlines by procuratorate and kind from
    #: ``internal_open_scope_idx`` alone, without reading the instruments.
    procuratorate = models.ForeignKey("supervision.Procuratorate", verbose_name=_("承办检察院"),
                                      on_delete=models.PROTECT, related_name="+", editable=False)
    kind = models.CharField(_("事项"), max_length=30, choices=InternalDeadlineKind.choices)
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("承办人"),
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="internal_deadlines")
    start = models.DateField(_("起算日"))
    opened_at = models.DateTimeField(_("开始时间"), auto_now_add=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("办结人"), null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="+")

    #: Open until closed (internal_deadline_open_idx).
    CLOCK_RUNNING = OPEN
    DEADLINE_LABEL = _("本院办理期限")

    class Meta:
        verbose_name = _("本院办理期限")
        verbose_name_plural = _("本院办理期限")
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "kind"],
                                    condition=OPEN,
                                    name="internal_deadline_one_open",
                                    violation_error_message=_("同一文书的同一事项只能有一个未办结的期限。")),
        ]
        indexes = [
            # Used by recommendations.services.sweep (reminders, overdue notices) and the procuratorate
            # side of the deadline dashboard: only open deadlines have a running clock.
            models.Index(fields=["due_date"], name="internal_deadline_open_idx",
                         condition=OPEN),
            models.Index(fields=["clock_changed_at"], name="internal_clock_changed_idx",
                         condition=OPEN),
            models.Index(fields=["procuratorate", "kind", "due_date"],
                         name="internal_open_scope_idx", condition=OPEN),
        ]

    def get_kind_display(self) -> str:
        return choice_label(InternalDeadlineKind, self.kind)

    def __str__(self) -> str:
        return f"{self.recommendation} · {self.get_kind_display()} · {self.due_date}"

    def save(self, *args, **kwargs) -> None:
        if self.procuratorate_id is None and self.recommendation_id is not None:
            self.procuratorate_id = self.recommendation.procuratorate_id
        super().save(*args, **kwargs)

    # --- the calendar recompute's questions (supervision.models.deadline.Deadline) ---------
    DEADLINE_PREVIEW_RELATED = ("recommendation__agency",)

    @classmethod
    def deadline_rows_rewritten(cls, rows) -> None:
        from ..revision import touch

        touch(row.recommendation_id for row in rows)

    def deadline_preview_label(self) -> DeadlineLabel:
        rec = self.recommendation
        return DeadlineLabel(number=rec.number or "", party=rec.agency.name, kind=self.kind,
                             kind_label=_("本院办理"),
                             refs=(("recommendation_id", rec.pk), ("deadline_id", self.pk)))

    @classmethod
    def deadline_moved_notices(cls, moves) -> list[DeadlineNotice]:
        """The handling procurator of the instrument's case. One query."""
        recs = _moved_instruments({m.recommendation_id for m in moves})
        return [_moved_notice(recs[m.recommendation_id], m,
                              [recs[m.recommendation_id].case.handler]) for m in moves]


def _moved_instruments(pks: set[int]) -> dict[int, Recommendation]:
    return {r.pk: r for r in Recommendation.objects.filter(pk__in=pks).select_related(
        "case__handler__notification_preference", "agency")}


def _moved_notice(rec: Recommendation, move, people: list) -> DeadlineNotice:
    """``calendar.moved`` for one instrument's deadline; each recipient opens the instrument
    where they work on it (liaisons: the portal)."""
    from recommendations.services.notices import link_for

    return DeadlineNotice(
        recipients=people, code="calendar.moved",
        params={"number": move.number, "old": move.old_due.isoformat(),
                "new": move.new_due.isoformat()},
        link={u.pk: link_for(rec, u) for u in people})
