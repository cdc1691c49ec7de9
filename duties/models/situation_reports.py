"""Major-situation reports (重大情况通报): an agency tells its supervising procuratorate of a
grave event in its custody or enforcement work, the procuratorate signs for it and acts.

seed 004 §7: "刑事执行、监管机关应当依法接受并积极配合检察机关的法律监督工作。健全完善重大情况通报制度。";
seed 001 §3 (the same duty of "刑罚执行、社区矫正和监管机关"); seed 002 §8: "强化对超期羁押、在押人员
非正常死亡案件的监督". No law sets a period for the procuratorate's answer, and the agency's own
duty is to report at once: the report has no due date (nothing here is a
``supervision.models.deadline.Deadline``); the pages show how long after the event it came.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

from supervision.choices import choice_label

from .files import StoredFile

__all__ = [
    "SituationKind",
    "SituationReport",
    "SituationReportFile",
    "SituationStatus",
    "SituationSupplement",
]


class SituationKind(models.TextChoices):
    """What happened. Each kind is one the seeds name, or the catch-all their "重大情况" needs:

    * 被监管人死亡 — a death in custody; seed 002 §8 "在押人员非正常死亡案件的监督", DOMAIN.md §2
      (刑事执行监督 · 在押人员非正常死亡);
    * 被监管人脱逃 — an escape from a prison or detention centre: the gravest failure of custody
      (seed 000 §2 "加强刑罚执行和监管活动监督"; seed 004 §2 "监管执法活动的监督");
    * 执法中的群体性事件 — a mass incident arising in enforcement (seed 004 §7 names the reporting
      duty for 刑事执行、监管机关; seed 002 §10 puts administrative enforcement under supervision);
    * 重大安全事故 — a major safety accident in a custody place or in enforcement (fire, riot
      damage, mass poisoning…), seed 004 §5 安全生产 as a matter of public interest;
    * 其他重大情况 — anything else the agency judges grave enough to report (the seeds leave
      "重大情况" open).

    Death in custody and escape are urgent: the procuratorate's chief and approvers are told at
    once, by e-mail whatever they chose (``duties.services.situation_reports``).
    """

    DEATH_IN_CUSTODY = "death_in_custody", _("被监管人死亡")
    ESCAPE = "escape", _("被监管人脱逃")
    MASS_INCIDENT = "mass_incident", _("执法中的群体性事件")
    SAFETY_ACCIDENT = "safety_accident", _("重大安全事故")
    OTHER = "other", _("其他重大情况")


#: Kinds that reach the chief and the approvers at once.
URGENT_KINDS = frozenset({SituationKind.DEATH_IN_CUSTODY, SituationKind.ESCAPE})


class SituationStatus(models.TextChoices):
    """待签收 → 已签收 → 已立案监督 | 已办结 (``duties.services.situation_reports.TABLE``)."""

    REPORTED = "reported", _("待签收")
    ACKNOWLEDGED = "acknowledged", _("已签收")
    CASE_OPENED = "case_opened", _("已立案监督")
    CLOSED = "closed", _("已办结")


#: Each state's tone (``supervision.choices.Tone``): whose move it is.
SITUATION_STATUS_TONES = {
    SituationStatus.REPORTED: "ours", SituationStatus.ACKNOWLEDGED: "ours",
    SituationStatus.CASE_OPENED: "done", SituationStatus.CLOSED: "done",
}


class SituationReport(models.Model):
    """One major situation an agency reported to its supervising procuratorate.

    ``procuratorate`` is the agency's supervising procuratorate when the report was filed
    (kept: an agency moved later does not move its old reports). The liaison files it; the
    procuratorate's staff sign for it (签收, with an optional instruction back), open a
    supervision case from it in one step (``case`` links the two), or close it with a note.
    Supplementary reports (续报) hang off it as :class:`SituationSupplement` rows.
    """

    agency = models.ForeignKey("agencies.Agency", verbose_name=_("通报单位"),
                               on_delete=models.PROTECT, related_name="situation_reports")
    procuratorate = models.ForeignKey("supervision.Procuratorate", verbose_name=_("检察院"),
                                      on_delete=models.PROTECT, related_name="situation_reports")
    kind = models.CharField(_("情况类别"), max_length=30, choices=SituationKind.choices)
    title = models.CharField(_("标题"), max_length=120)
    occurred_at = models.DateTimeField(_("发生时间"))
    place = models.CharField(_("发生地点"), max_length=200)
    summary = models.TextField(_("基本情况"))
    measures = models.TextField(_("已采取的处置措施"))
    persons = models.TextField(_("涉及人员"), blank=True)
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("通报人"),
                                 on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(_("通报时间"))
    status = models.CharField(_("状态"), max_length=20, choices=SituationStatus.choices,
                              default=SituationStatus.REPORTED)
    acknowledged_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("签收人"),
                                        null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+")
    instruction = models.TextField(_("检察院意见"), blank=True)
    case = models.ForeignKey("cases.SupervisionCase", verbose_name=_("监督案件"), null=True,
                             blank=True, on_delete=models.PROTECT, related_name="situation_reports")
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("办结人"), null=True,
                                  blank=True, on_delete=models.PROTECT, related_name="+")
    close_note = models.TextField(_("办结说明"), blank=True)

    class Meta:
        verbose_name = _("重大情况通报")
        verbose_name_plural = _("重大情况通报")
        ordering = ["-reported_at", "-pk"]
        indexes = [
            # The procuratorate's intake queue: its reports, newest first, by status.
            models.Index(fields=["procuratorate", "status", "-reported_at"],
                         name="situation_queue_idx"),
            # The agency's own list in the portal.
            models.Index(fields=["agency", "-reported_at"], name="situation_agency_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(occurred_at__lte=models.F("reported_at")),
                name="situation_occurred_before_reported",
                violation_error_message=_("发生时间不能晚于通报时间。"),
            ),
            models.CheckConstraint(
                condition=models.Q(status=SituationStatus.REPORTED)
                | models.Q(acknowledged_at__isnull=False),
                name="situation_acknowledged_has_time",
                violation_error_message=_("已签收的通报必须有签收时间。"),
            ),
            models.CheckConstraint(
                condition=~models.Q(status=SituationStatus.CASE_OPENED)
                | models.Q(case__isnull=False),
                name="situation_case_opened_has_case",
                violation_error_message=_("已立案监督的通报必须关联监督案件。"),
            ),
            models.CheckConstraint(
                condition=~models.Q(status=SituationStatus.CLOSED)
                | (models.Q(closed_at__isnull=False) & ~models.Q(close_note="")),
                name="situation_closed_has_note",
                violation_error_message=_("办结通报必须填写办结说明。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("duties:situation-report", args=[self.pk])

    def get_portal_url(self) -> str:
        return reverse("portal:situation-report", args=[self.pk])

    def get_status_display(self) -> str:
        return choice_label(SituationStatus, self.status)

    def get_kind_display(self) -> str:
        return choice_label(SituationKind, self.kind)

    @property
    def kind_msgid(self) -> str:
        """The kind's label untranslated, for a notification param translated when shown
        (``supervision.services.notifications.TRANSLATED_PARAMS``)."""
        with override(None):
            return str(SituationKind(self.kind).label)

    @property
    def status_tone(self) -> str:
        return SITUATION_STATUS_TONES.get(self.status, "neutral")

    @property
    def urgent(self) -> bool:
        return self.kind in URGENT_KINDS

    @property
    def report_delay(self) -> datetime.timedelta:
        """How long after the event the agency reported it (the law asks "及时", no figure)."""
        return self.reported_at - self.occurred_at

    @property
    def report_delay_display(self) -> str:
        """:attr:`report_delay` in words: "3 天 2 小时", "45 分钟"."""
        minutes = max(int(self.report_delay.total_seconds() // 60), 0)
        days, rest = divmod(minutes, 24 * 60)
        hours, minutes = divmod(rest, 60)
        if days:
            return gettext("%(days)s 天 %(hours)s 小时") % {"days": days, "hours": hours}
        if hours:
            return gettext("%(hours)s 小时 %(minutes)s 分钟") % {"hours": hours, "minutes": minutes}
        return gettext("%(minutes)s 分钟") % {"minutes": minutes}


class SituationSupplement(models.Model):
    """A supplementary report (续报) on the same situation: what has happened since, the
    outcome of an autopsy, the escapee caught…"""

    report = models.ForeignKey(SituationReport, on_delete=models.CASCADE,
                               related_name="supplements")
    content = models.TextField(_("续报内容"))
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("通报人"),
                                 on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(_("续报时间"))

    class Meta:
        verbose_name = _("续报")
        verbose_name_plural = _("续报")
        ordering = ["report", "reported_at", "pk"]

    def __str__(self) -> str:
        return f"{self.report} · {self.reported_at:%Y-%m-%d %H:%M}"


def situation_file_path(instance: SituationReportFile, filename: str) -> str:
    """``situations/<report>/<uuid>.<ext>``: the stored name never holds the user's name."""
    return f"situations/{instance.report_id}/{uuid.uuid4().hex}.{instance.extension}"


class SituationReportFile(StoredFile):
    """A file sent with the report or with one of its supplements (a 续报).

    The type is the one sniffed from the bytes (``supervision.uploads.sniff_upload``); every
    download asks the report's visibility first (``duties.permissions.situation_reports``)."""

    report = models.ForeignKey(SituationReport, on_delete=models.CASCADE, related_name="files")
    supplement = models.ForeignKey(SituationSupplement, null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("文件"), upload_to=situation_file_path)

    class Meta:
        verbose_name = _("通报附件")
        verbose_name_plural = _("通报附件")
        ordering = ["report", "uploaded_at", "pk"]
