"""Transfer notices (移送涉嫌犯罪案件通知): an administrative organ tells the procuratorate that it
transferred a suspected crime to the police, and the police unit's handling is followed.

seed 003 §9: "行政执法机关向公安机关移送涉嫌犯罪案件的，应当通知同级检察机关"; seed 002 §5:
"健全行政执法和刑事司法衔接机制 … 完善 … 案情通报、案件移送制度，实现行政处罚与刑事处罚依法对接".
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from supervision.choices import Role
from supervision.models.deadline import Deadline, DeadlineLabel, DeadlineNotice

from .files import StoredFile

__all__ = ["PoliceDecision", "SuspectKind", "TransferNotice", "TransferNoticeFile",
           "TransferNoticeFilePart", "TransferNoticeStatus"]


class TransferNoticeStatus(models.TextChoices):
    """The procuratorate's side of a notice (the table: ``duties.services.transfer_notices``)."""

    FILED = "filed", _("待签收")
    RECEIVED = "received", _("已签收")
    CASE_OPENED = "case_opened", _("已立案监督")


class PoliceDecision(models.TextChoices):
    """What the police unit decided on the transferred case (《行政执法机关移送涉嫌犯罪案件的规定》
    第八条: 立案, or 不予立案 with the reason)."""

    FILED = "filed", _("立案")
    NOT_FILED = "not_filed", _("不予立案")


class SuspectKind(models.TextChoices):
    PERSON = "person", _("自然人")
    ORGANISATION = "organisation", _("单位")


#: The police unit has not decided yet: the model's ``CLOCK_RUNNING`` and the condition of its
#: partial indexes.
AWAITING_POLICE = models.Q(police_decided_on__isnull=True)


class TransferNotice(Deadline):
    """One notice of a transfer of a suspected crime, filed by the organ's liaison in the portal.

    The procuratorate it goes to is the organ's supervising procuratorate (同级检察机关), fixed
    when it is filed. The due date is the police unit's: it must decide whether to file the case
    within three days of accepting it (《行政执法机关移送涉嫌犯罪案件的规定》第八条, rule
    ``transfer_police_decision``), counted and explained by ``supervision.deadlines``; overdue
    is derived (no decision, due date passed) and told to the procuratorate by the sweep, which
    may then open a supervision case (立案监督) from the notice in one step.
    """

    agency = models.ForeignKey("agencies.Agency", verbose_name=_("移送机关"), on_delete=models.PROTECT,
                               related_name="transfer_notices")
    procuratorate = models.ForeignKey("supervision.Procuratorate", verbose_name=_("检察院"),
                                      on_delete=models.PROTECT, related_name="transfer_notices")
    case_name = models.CharField(_("案件名称"), max_length=100)
    summary = models.TextField(_("简要案情"))
    admin_case_number = models.CharField(_("行政案件编号"), max_length=60)
    suspect_kind = models.CharField(_("涉嫌犯罪的单位或个人"), max_length=20, choices=SuspectKind.choices)
    suspect_name = models.CharField(_("姓名或名称"), max_length=100)
    police_agency = models.ForeignKey("agencies.Agency", verbose_name=_("接受移送的公安机关"), null=True,
                                      blank=True, on_delete=models.PROTECT,
                                      related_name="transfer_notices_received")
    police_unit = models.CharField(_("接受移送的公安机关"), max_length=100)
    letter_number = models.CharField(_("移送书文号"), max_length=60)
    transferred_on = models.DateField(_("移送日期"))
    police_received_on = models.DateField(_("公安机关接受日期"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("报送人"), on_delete=models.PROTECT,
                                 related_name="+")
    filed_at = models.DateTimeField(_("报送时间"), auto_now_add=True)
    status = models.CharField(_("状态"), max_length=20, choices=TransferNoticeStatus.choices,
                              default=TransferNoticeStatus.FILED)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("签收人"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    case = models.ForeignKey("cases.SupervisionCase", verbose_name=_("监督案件"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="transfer_notices")
    police_decision = models.CharField(_("公安机关决定"), max_length=20, choices=PoliceDecision.choices,
                                       blank=True)
    police_decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    police_reason = models.TextField(_("理由"), blank=True)
    police_document_number = models.CharField(_("立案/不予立案通知书文号"), max_length=60, blank=True)
    police_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True,
                                           blank=True, on_delete=models.PROTECT, related_name="+")
    police_recorded_at = models.DateTimeField(_("登记时间"), null=True, blank=True)

    #: Waiting for the police unit's decision (transfer_notice_due_idx).
    CLOCK_RUNNING = AWAITING_POLICE
    DEADLINE_LABEL = _("立案审查期限")

    class Meta:
        verbose_name = _("移送涉嫌犯罪案件通知")
        verbose_name_plural = _("移送涉嫌犯罪案件通知")
        ordering = ["-filed_at", "-pk"]
        indexes = [
            # The deadline sweep and the calendar recompute: notices still waiting for the
            # police unit's decision.
            models.Index(fields=["due_date"], name="transfer_notice_due_idx",
                         condition=AWAITING_POLICE),
            # The sweep's second look: running rows written since its previous run.
            models.Index(fields=["clock_changed_at"], name="transfer_notice_clock_idx",
                         condition=AWAITING_POLICE),
            # The intake queue and its count: a procuratorate's notices by state, newest first.
            models.Index(fields=["procuratorate", "status", "-filed_at"],
                         name="transfer_notice_queue_idx"),
        ]
        constraints = [
            # One notice a transfer letter: a second submission of the same letter is refused.
            models.UniqueConstraint(
                fields=["agency", "letter_number"], name="transfer_notice_unique_letter",
                violation_error_message=_("贵单位已报送过该文号的移送通知。")),
            models.CheckConstraint(
                condition=models.Q(police_received_on__gte=models.F("transferred_on")),
                name="transfer_notice_received_after_transfer",
                violation_error_message=_("公安机关接受日期不能早于移送日期。")),
            models.CheckConstraint(
                condition=(models.Q(police_decision="", police_decided_on__isnull=True)
                           | (~models.Q(police_decision="")
                              & models.Q(police_decided_on__isnull=False))),
                name="transfer_notice_decision_has_date",
                violation_error_message=_("公安机关的决定须有决定日期。")),
            models.CheckConstraint(
                condition=models.Q(police_decided_on__isnull=True)
                | models.Q(police_decided_on__gte=models.F("police_received_on")),
                name="transfer_notice_decision_after_receipt",
                violation_error_message=_("决定日期不能早于公安机关接受移送的日期。")),
            models.CheckConstraint(
                condition=~models.Q(police_decision=PoliceDecision.NOT_FILED, police_reason=""),
                name="transfer_notice_refusal_has_reason",
                violation_error_message=_("不予立案的，须写明理由。")),
            models.CheckConstraint(
                condition=(models.Q(status=TransferNoticeStatus.CASE_OPENED, case__isnull=False)
                           | (~models.Q(status=TransferNoticeStatus.CASE_OPENED)
                              & models.Q(case__isnull=True))),
                name="transfer_notice_case_iff_opened",
                violation_error_message=_("只有已立案监督的通知才关联监督案件。")),
        ]

    def __str__(self) -> str:
        return f"{self.letter_number} · {self.case_name}"

    def get_absolute_url(self) -> str:
        return reverse("duties:transfer-notice", args=[self.pk])

    def portal_url(self) -> str:
        return reverse("portal:transfer-notice", args=[self.pk])

    #: Each state's tone (``supervision.choices.Tone``), for the status badge.
    STATUS_TONES = {TransferNoticeStatus.FILED: "ours", TransferNoticeStatus.RECEIVED: "theirs",
                    TransferNoticeStatus.CASE_OPENED: "done"}

    @property
    def status_tone(self) -> str:
        return self.STATUS_TONES.get(self.status, "neutral")

    @property
    def decided(self) -> bool:
        return self.police_decided_on is not None

    def decided_late(self) -> bool:
        """The police unit decided after its due date."""
        return self.decided and self.police_decided_on > self.due_date

    # --- the calendar recompute's questions (supervision.models.deadline.Deadline) ---------
    DEADLINE_PREVIEW_RELATED = ()

    def deadline_preview_label(self) -> DeadlineLabel:
        """The transfer letter's number and the police unit it went to."""
        return DeadlineLabel(number=self.letter_number, party=self.police_unit,
                             kind="transfer_notice", kind_label=_("公安机关立案审查"),
                             refs=(("transfer_notice_id", self.pk),))

    @classmethod
    def deadline_moved_notices(cls, moves) -> list[DeadlineNotice]:
        """The police unit's liaisons (their portal page) and whoever received the notice
        (the staff page). Two queries."""
        from agencies.selectors import liaisons_by_agency

        notices_by_pk = {n.pk: n for n in cls.objects.filter(pk__in={m.pk for m in moves})
                         .select_related("received_by__notification_preference")}
        liaisons = liaisons_by_agency({n.police_agency_id for n in notices_by_pk.values()
                                       if n.police_agency_id})
        result = []
        for move in moves:
            notice = notices_by_pk[move.pk]
            people = [*liaisons.get(notice.police_agency_id, []), notice.received_by]
            result.append(DeadlineNotice(
                recipients=[p for p in people if p is not None],
                code="transfer_notice.moved",
                params={"letter": notice.letter_number, "police": notice.police_unit,
                        "old": move.old_due.isoformat(), "new": move.new_due.isoformat()},
                link={p.pk: notice.link_for(p) for p in people if p is not None}))
        return result

    def link_for(self, user) -> str:
        """The page ``user`` opens: a liaison the portal's, the procuratorate's staff theirs."""
        return self.portal_url() if user.role == Role.LIAISON else self.get_absolute_url()

    # --- the generic sweep protocol ----------------------------------------------------------
    SWEEP_PREFIX = "transfer_notice"
    SWEEP_RELATED = ("agency", "received_by__notification_preference")

    def sweep_recipients(self, *, overdue: bool) -> list:
        """Reminders go to the police unit's liaisons; the overdue notice also to the
        procuratorate's staff who handle 行刑衔接 (and whoever received the notice), who may
        open a supervision case (立案监督). Active users only; two queries at most."""
        from agencies.selectors import agency_liaisons

        people = list(agency_liaisons(self.police_agency_id)) if self.police_agency_id else []
        if overdue or not people:
            from duties.selectors.transfer_notices import intake_staff

            people += [*intake_staff(self.procuratorate_id), self.received_by]
        return [p for p in people if p is not None and p.is_active]

    def sweep_params(self) -> dict:
        return {"letter": self.letter_number, "name": self.case_name, "police": self.police_unit,
                "agency": self.agency.name}

    def sweep_link(self, user) -> str:
        return self.link_for(user)


class TransferNoticeFilePart(models.TextChoices):
    NOTICE = "notice", _("移送材料")
    DECISION = "decision", _("公安机关决定材料")


def transfer_notice_file_path(instance: TransferNoticeFile, filename: str) -> str:
    """``transfer_notices/<notice>/<uuid>.<ext>``: never the uploader's name."""
    return f"transfer_notices/{instance.notice_id}/{uuid.uuid4().hex}.{instance.extension}"


class TransferNoticeFile(StoredFile):
    """A file of a notice: the transfer letter's copy and its annexes (filed by the organ), or
    the police unit's decision (立案/不予立案通知书). The type is the one sniffed from the bytes
    (``supervision.uploads.sniff_upload``); ``sha256`` lets anyone check it was not altered.
    Served only after the notice's access check (``duties.permissions.transfer_notices``)."""

    notice = models.ForeignKey(TransferNotice, on_delete=models.PROTECT, related_name="files")
    part = models.CharField(_("类别"), max_length=20, choices=TransferNoticeFilePart.choices)
    file = models.FileField(_("文件"), upload_to=transfer_notice_file_path)

    class Meta:
        verbose_name = _("移送通知附件")
        verbose_name_plural = _("移送通知附件")
        ordering = ["notice", "uploaded_at", "pk"]
