"""The two legal periods of a public-interest suit, each a stored, explained ``Deadline``:

* the announcement (公告) before a civil or criminal-incidental civil suit: thirty days from
  publication (《最高人民法院、最高人民检察院关于检察公益诉讼案件适用法律若干问题的解释》 第十三条,
  rule ``pil_announcement``); the procuratorate may sue only after it ended with no eligible
  organ or organisation suing;
* the period to appeal a first-instance judgment (15 days from service) or ruling (10 days)
  (《中华人民共和国民事诉讼法》第一百七十一条; 《中华人民共和国行政诉讼法》第八十五条; rules
  ``pil_appeal_*`` of this app's data migration).

Both are computed by ``supervision.deadlines.compute_due_date`` (a last day on a holiday moves
to the next working day), recounted by the calendar recompute and watched by the deadline
sweep through the generic protocol of :class:`~supervision.models.deadline.Deadline`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from supervision.models.deadline import Deadline, DeadlineLabel, DeadlineNotice

from ..choices import AnnouncementMedium, AnnouncementResult, AppealPeriodOutcome

#: The announcement's clock runs until its result is recorded.
ANNOUNCEMENT_RUNNING = models.Q(result="")
#: The appeal period's clock runs until someone appealed or it is recorded as lapsed.
APPEAL_RUNNING = models.Q(outcome="")


def _case_people(case, *, overdue: bool) -> list:
    """The case's handler and assistant; once overdue also the heads of its department."""
    from supervision.choices import APPROVER_ROLES
    from supervision.models import User

    condition = models.Q(pk__in=[pk for pk in (case.handler_id, case.assistant_id) if pk])
    if overdue:
        condition |= models.Q(role__in=APPROVER_ROLES, procuratorate_id=case.procuratorate_id,
                              department_id=case.department_id)
    return list(User.objects.filter(condition, is_active=True)
                .select_related("notification_preference").order_by("pk"))


def _moved_notices(cls, moves, code: str) -> list[DeadlineNotice]:
    rows = {r.pk: r for r in cls.objects.filter(pk__in={m.pk for m in moves})
            .select_related("suit__case__handler__notification_preference",
                            "suit__case__assistant__notification_preference")}
    notices = []
    for move in moves:
        row = rows[move.pk]
        case = row.suit.case
        notices.append(DeadlineNotice(
            recipients=[u for u in (case.handler, case.assistant) if u is not None],
            code=code,
            params={"case": case.number, "defendant": row.suit.defendant,
                    "old": move.old_due.isoformat(), "new": move.new_due.isoformat()},
            link=row.get_absolute_url()))
    return notices


class PilAnnouncement(Deadline):
    """The announcement (公告) of a civil public-interest suit: where and when it was published,
    its thirty-day period, and what it led to — an eligible organ or organisation sued (the
    procuratorate may then support it, 支持起诉), or nobody did (the procuratorate may sue)."""

    suit = models.OneToOneField("litigation.PublicInterestSuit", on_delete=models.CASCADE,
                                related_name="announcement")
    medium = models.CharField(_("公告媒体"), max_length=30, choices=AnnouncementMedium.choices)
    published_on = models.DateField(_("公告日期"))
    content = models.TextField(_("公告内容"))
    due_date = models.DateField(_("公告期满日"))
    result = models.CharField(_("公告结果"), max_length=20, choices=AnnouncementResult.choices,
                              blank=True)
    result_on = models.DateField(_("登记日期"), null=True, blank=True)
    plaintiff = models.CharField(_("起诉的机关或组织"), max_length=200, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    CLOCK_RUNNING = ANNOUNCEMENT_RUNNING
    DEADLINE_LABEL = _("公告期间")

    class Meta:
        verbose_name = _("公益诉讼公告")
        verbose_name_plural = _("公益诉讼公告")
        indexes = [
            models.Index(fields=["due_date"], name="pil_announce_running_due",
                         condition=ANNOUNCEMENT_RUNNING),
            models.Index(fields=["clock_changed_at"], name="pil_announce_clock_changed",
                         condition=ANNOUNCEMENT_RUNNING),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(result=AnnouncementResult.ORGAN_SUED) | ~models.Q(plaintiff=""),
                name="pil_announce_plaintiff_named",
                violation_error_message=_("请填写已起诉的机关或组织。")),
            models.CheckConstraint(
                condition=models.Q(result="") | models.Q(result_on__isnull=False),
                name="pil_announce_result_dated",
                violation_error_message=_("请填写公告结果的登记日期。")),
        ]

    def __str__(self) -> str:
        return f"{self.get_medium_display()} {self.published_on}"

    def get_absolute_url(self) -> str:
        return reverse("litigation:detail", args=[self.suit_id])

    # --- the calendar recompute --------------------------------------------------------
    DEADLINE_PREVIEW_RELATED = ("suit__case",)

    def deadline_preview_label(self) -> DeadlineLabel:
        return DeadlineLabel(number=self.suit.case.number, party=self.suit.defendant,
                             kind="pil_announcement", kind_label=_("公益诉讼公告期间"),
                             refs=(("suit_id", self.suit_id),))

    @classmethod
    def deadline_moved_notices(cls, moves) -> list[DeadlineNotice]:
        """The case's handler and assistant, opening the suit. One query."""
        return _moved_notices(cls, moves, "calendar.moved.pil_announcement")

    # --- the sweep's generic protocol --------------------------------------------------
    SWEEP_PREFIX = "pil_announcement"
    SWEEP_RELATED = ("suit__case",)

    def sweep_recipients(self, *, overdue: bool) -> list:
        return _case_people(self.suit.case, overdue=overdue)

    def sweep_params(self) -> dict:
        return {"case": self.suit.case.number, "defendant": self.suit.defendant}


class AppealPeriod(Deadline):
    """The period to appeal the first-instance judgment or ruling, from its service on the
    procuratorate: 15 days for a judgment, 10 for a ruling. It ends with an appeal (by the
    procuratorate, 解释 第十条, or another party) or lapses, and the decision takes effect."""

    suit = models.OneToOneField("litigation.PublicInterestSuit", on_delete=models.CASCADE,
                                related_name="appeal_period")
    served_on = models.DateField(_("送达日期"))
    due_date = models.DateField(_("上诉期限"))
    outcome = models.CharField(_("结果"), max_length=20, choices=AppealPeriodOutcome.choices,
                               blank=True)
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)

    CLOCK_RUNNING = APPEAL_RUNNING
    DEADLINE_LABEL = _("上诉期限")

    class Meta:
        verbose_name = _("上诉期限")
        verbose_name_plural = _("上诉期限")
        indexes = [
            models.Index(fields=["due_date"], name="pil_appeal_running_due",
                         condition=APPEAL_RUNNING),
            models.Index(fields=["clock_changed_at"], name="pil_appeal_clock_changed",
                         condition=APPEAL_RUNNING),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome="") | models.Q(ended_on__isnull=False),
                name="pil_appeal_ended_dated",
                violation_error_message=_("请填写上诉期限结束的日期。")),
        ]

    def __str__(self) -> str:
        return f"{self.suit} · {self.due_date}"

    def get_absolute_url(self) -> str:
        return reverse("litigation:detail", args=[self.suit_id])

    DEADLINE_PREVIEW_RELATED = ("suit__case",)

    def deadline_preview_label(self) -> DeadlineLabel:
        return DeadlineLabel(number=self.suit.case.number, party=self.suit.defendant,
                             kind="pil_appeal", kind_label=_("公益诉讼上诉期限"),
                             refs=(("suit_id", self.suit_id),))

    @classmethod
    def deadline_moved_notices(cls, moves) -> list[DeadlineNotice]:
        return _moved_notices(cls, moves, "calendar.moved.pil_appeal")

    SWEEP_PREFIX = "pil_appeal"
    SWEEP_RELATED = ("suit__case",)

    def sweep_recipients(self, *, overdue: bool) -> list:
        return _case_people(self.suit.case, overdue=overdue)

    def sweep_params(self) -> dict:
        return {"case": self.suit.case.number, "defendant": self.suit.defendant}
