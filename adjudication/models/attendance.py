"""One attendance of the chief procurator (or the deputy chief the chief entrusted) at the
adjudication committee of the court at the same level (检察长列席审判委员会会议).

The rule: 《人民法院组织法》 (2018) 第三十八条; 《最高人民法院 最高人民检察院关于人民检察院检察长
列席人民法院审判委员会会议的实施意见》 (法发〔2010〕4号) 第一条 (the chief, or a deputy chief
entrusted by the chief, attends the committee of the court at the same level), 第二条 (to give an
opinion on the case or topic discussed), 第三条 (which cases and topics), 第四条 (the court's
notice of the agenda and the time). Seed 000 §8, seed 003 §11.

States and who may change them: ``adjudication/transitions.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import Adoption, AttendanceStatus, Category, Initiative

#: The court sends the agenda and the time this many days before the meeting. The national
#: implementing opinion (法发〔2010〕4号 第四条) requires the notice but names no period; three
#: days is what local rules set (e.g. 上海市高级人民法院、上海市人民检察院《关于检察长列席审判委员会
#: 会议的若干规定》 第四条, "三日以前"). Unverified as a national rule: a notice received later is
#: marked "short notice" on the page, nothing is refused and no deadline is kept.
NOTICE_DAYS = 3
NOTICE_DAYS_VERIFIED = False

_ATTENDED = [AttendanceStatus.ATTENDED, AttendanceStatus.CONCLUDED]
_ENDED = [AttendanceStatus.ABSENT, AttendanceStatus.CANCELLED]


class Attendance(models.Model):
    """One meeting of ``court``'s adjudication committee the procuratorate was told of (or
    asked to attend), on one case or topic. ``case`` links the procuratorate's own supervision
    case when it has one (a protest, a retrial recommendation …); the court's own case number
    and the subject say what the committee discussed either way."""

    procuratorate = models.ForeignKey("supervision.Procuratorate", on_delete=models.PROTECT,
                                      related_name="+", verbose_name=_("检察院"))
    court = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("人民法院"))
    case = models.ForeignKey("cases.SupervisionCase", on_delete=models.PROTECT, null=True,
                             blank=True, related_name="adjudication_attendances",
                             verbose_name=_("关联监督案件"))
    court_case_number = models.CharField(_("法院案号"), max_length=100, blank=True)
    subject = models.CharField(_("讨论的案件或议题"), max_length=200)
    category = models.CharField(_("案件或议题类别"), max_length=30, choices=Category.choices)
    initiative = models.CharField(_("列席缘由"), max_length=30, choices=Initiative.choices,
                                  default=Initiative.COURT_NOTICE)
    # The court's notice (法发〔2010〕4号 第四条).
    notice_received_on = models.DateField(_("收到通知日期"))
    meeting_at = models.DateTimeField(_("会议时间"))
    place = models.CharField(_("会议地点"), max_length=200, blank=True)
    agenda = models.TextField(_("会议议程"), blank=True)
    # The preparation: the materials read, the opinion the handler drafts for the chief.
    materials = models.TextField(_("准备情况及材料"), blank=True,
                                 help_text=_("调阅的卷宗、法院送来的材料、研究情况"))
    draft_opinion = models.TextField(_("列席意见（草稿）"), blank=True,
                                     help_text=_("承办人为检察长准备的发言意见"))
    status = models.CharField(_("状态"), max_length=20, choices=AttendanceStatus.choices,
                              default=AttendanceStatus.NOTIFIED)
    # The chief cannot attend: a deputy chief, entrusted by the chief (第一条第二款).
    deputy = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+", verbose_name=_("受委托的副检察长"))
    entrusted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("委托人"))
    entrusted_on = models.DateField(_("委托日期"), null=True, blank=True)
    # Attended (已列席): who, when, and the opinion given (发表意见).
    attendee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+", verbose_name=_("列席人"))
    attended_at = models.DateTimeField(_("列席时间"), null=True, blank=True)
    opinion = models.TextField(_("发表的意见"), blank=True)
    # Concluded (已记录结果): what the committee decided, and whether it followed the opinion.
    decision = models.TextField(_("审判委员会决定"), blank=True)
    adoption = models.CharField(_("意见采纳情况"), max_length=20, choices=Adoption.choices,
                                blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decision_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                             null=True, blank=True, related_name="+")
    follow_up = models.TextField(_("后续监督"), blank=True,
                                 help_text=_("意见未被采纳时本院的后续措施，例如提出抗诉、再审检察建议"))
    follow_up_instrument = models.ForeignKey(
        "recommendations.Recommendation", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("后续监督文书"))
    # Absent (未列席) or cancelled (已取消): why.
    end_reason = models.TextField(_("理由"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("列席审判委员会")
        verbose_name_plural = _("列席审判委员会")
        ordering = ["-meeting_at", "-pk"]
        indexes = [
            # The list and the statistics: a procuratorate's attendances by state and time.
            models.Index(fields=["procuratorate", "status", "meeting_at"],
                         name="adjudication_scope_status"),
            models.Index(fields=["procuratorate", "attended_at"], name="adjudication_attended"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(subject=""), name="adjudication_has_subject",
                                   violation_error_message=_("请填写讨论的案件或议题。")),
            models.CheckConstraint(
                condition=~Q(status__in=_ATTENDED) | (
                    Q(attendee__isnull=False) & Q(attended_at__isnull=False) & ~Q(opinion="")),
                name="adjudication_attended_has_opinion",
                violation_error_message=_("已列席的，须登记列席人、列席时间和发表的意见。")),
            models.CheckConstraint(
                condition=(Q(status=AttendanceStatus.CONCLUDED) & ~Q(adoption="")
                           & Q(decided_on__isnull=False))
                | (~Q(status=AttendanceStatus.CONCLUDED) & Q(adoption="")),
                name="adjudication_result_when_concluded",
                violation_error_message=_("记录结果的须登记意见采纳情况和决定日期，其他状态不能登记。")),
            models.CheckConstraint(
                condition=~Q(status__in=_ENDED) | ~Q(end_reason=""),
                name="adjudication_end_reason",
                violation_error_message=_("未列席或取消的，应当说明理由。")),
            models.CheckConstraint(
                condition=(Q(deputy__isnull=True) & Q(entrusted_by__isnull=True))
                | (Q(deputy__isnull=False) & Q(entrusted_by__isnull=False)
                   & Q(entrusted_on__isnull=False)),
                name="adjudication_deputy_entrusted",
                violation_error_message=_("副检察长列席须经检察长委托。")),
        ]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("adjudication:detail", args=[self.pk])

    @property
    def status_tone(self) -> str:
        return {AttendanceStatus.NOTIFIED: "ours", AttendanceStatus.ATTENDED: "theirs",
                AttendanceStatus.CONCLUDED: "done", AttendanceStatus.ABSENT: "ended",
                AttendanceStatus.CANCELLED: "ended"}[self.status]

    @property
    def notice_days(self) -> int:
        """Days between the notice and the meeting (Beijing dates)."""
        return (timezone.localtime(self.meeting_at).date() - self.notice_received_on).days

    @property
    def short_notice(self) -> bool:
        """Received fewer than :data:`NOTICE_DAYS` days before the meeting (a marking only)."""
        return self.notice_days < NOTICE_DAYS

    @property
    def by_deputy(self) -> bool:
        return self.attendee_id is not None and self.attendee_id == self.deputy_id
