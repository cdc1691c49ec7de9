"""The case's dealings with the supervisory commission (seed 002 §7): early involvement
(提前介入) at the commission's request, and returns for supplementary investigation
(退回补充调查) with their one-month period."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from supervision.models.deadline import Deadline, DeadlineLabel, DeadlineNotice

#: 补充调查以二次为限 (《中华人民共和国监察法》): a case is returned at most twice.
MAX_RETURNS = 2

#: Waiting for the commission to resubmit: the return's ``CLOCK_RUNNING``.
AWAITING_RESUBMISSION = models.Q(resubmitted_on__isnull=True)


class EarlyInvolvement(models.Model):
    """The procuratorate sends a procurator to take part early in a job-related crime case at
    the supervisory commission's request (商请提前介入), and records its opinion.

    seed 002 §7: "完善监察机关商请检察机关派员提前介入办理职务犯罪案件工作机制"; seed 003 §9
    and seed 004 §7 say the same of the commission's side.
    """

    case = models.ForeignKey("cases.SupervisionCase", on_delete=models.PROTECT,
                             related_name="early_involvements")
    organ = models.CharField(_("商请机关"), max_length=100)
    organ_agency = models.ForeignKey("agencies.Agency", verbose_name=_("商请机关（系统内）"),
                                     null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    requested_on = models.DateField(_("商请日期"))
    scope = models.TextField(_("介入事项"))
    procurator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("派员检察官"),
                                   on_delete=models.PROTECT, related_name="+")
    involved_on = models.DateField(_("介入日期"), null=True, blank=True)
    opinion = models.TextField(_("检察官意见"), blank=True)
    opinion_on = models.DateField(_("提出意见日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"),
                                    on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("提前介入")
        verbose_name_plural = _("提前介入")
        ordering = ["case", "requested_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(involved_on__isnull=True)
                | models.Q(involved_on__gte=models.F("requested_on")),
                name="involvement_after_request",
                violation_error_message=_("介入日期不能早于商请日期。"),
            ),
            models.CheckConstraint(
                condition=(models.Q(opinion="") & models.Q(opinion_on__isnull=True))
                | (~models.Q(opinion="") & models.Q(opinion_on__isnull=False)),
                name="involvement_opinion_dated",
                violation_error_message=_("检察官意见和提出意见日期须一并填写。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organ} · {self.requested_on:%Y-%m-%d}"


class SupplementaryReturn(Deadline):
    """The procuratorate returns a case the supervisory commission sent for prosecution for
    supplementary investigation (退回补充调查): the reasons, the items to supplement, and the
    commission's re-submission within one month; at most twice.

    seed 002 §7: "以及检察机关退回补充调查和自行补充侦查机制". The period: "对于补充调查的案件，
    应当在一个月内补充调查完毕。补充调查以二次为限" (《中华人民共和国监察法》; 《中华人民共和国
    刑事诉讼法》第一百七十条 refers to it), rule ``supplementary_investigation`` from the return
    date. Overdue is derived: not resubmitted, due date passed.
    """

    case = models.ForeignKey("cases.SupervisionCase", on_delete=models.PROTECT,
                             related_name="supplementary_returns")
    organ = models.CharField(_("监察机关"), max_length=100)
    organ_agency = models.ForeignKey("agencies.Agency", verbose_name=_("监察机关（系统内）"),
                                     null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    round = models.PositiveSmallIntegerField(_("退回次数"))
    returned_on = models.DateField(_("退回日期"))
    reasons = models.TextField(_("退回理由"))
    items = models.TextField(_("需要补充调查的事项"))
    due_date = models.DateField(_("补充调查期限"))
    resubmitted_on = models.DateField(_("重新移送日期"), null=True, blank=True)
    resubmission_note = models.TextField(_("补充调查情况"), blank=True)
    resubmission_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                                 on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"),
                                    on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    CLOCK_RUNNING = AWAITING_RESUBMISSION
    DEADLINE_LABEL = _("补充调查期限")

    class Meta:
        verbose_name = _("退回补充调查")
        verbose_name_plural = _("退回补充调查")
        ordering = ["case", "round"]
        indexes = [
            models.Index(fields=["due_date"], name="supp_return_awaiting_due_idx",
                         condition=AWAITING_RESUBMISSION),
            models.Index(fields=["clock_changed_at"], name="supp_return_clock_changed_idx",
                         condition=AWAITING_RESUBMISSION),
        ]
        constraints = [
            models.UniqueConstraint(fields=["case", "round"], name="supp_return_round_once",
                                    violation_error_message=_("该次退回补充调查已经记录。")),
            models.CheckConstraint(
                condition=models.Q(round__gte=1) & models.Q(round__lte=MAX_RETURNS),
                name="supp_return_at_most_twice",
                violation_error_message=_("补充调查以二次为限。"),
            ),
            models.CheckConstraint(
                condition=models.Q(resubmitted_on__isnull=True)
                | models.Q(resubmitted_on__gte=models.F("returned_on")),
                name="supp_return_resubmitted_after",
                violation_error_message=_("重新移送日期不能早于退回日期。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organ} · {self.returned_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("cases:detail", args=[self.case_id]) + "#liaison"

    # --- the calendar recompute's questions ----------------------------------------------
    DEADLINE_PREVIEW_RELATED = ("case",)

    def deadline_preview_label(self) -> DeadlineLabel:
        return DeadlineLabel(number=self.case.number, party=self.organ, kind="supplementary",
                             kind_label=_("补充调查期限"), refs=(("case_id", self.case_id),))

    @classmethod
    def deadline_moved_notices(cls, moves) -> list[DeadlineNotice]:
        """The case's handling procurator and assistant, opening the case. One query."""
        rows = {r.pk: r for r in cls.objects.filter(pk__in={m.pk for m in moves})
                .select_related("case__handler__notification_preference",
                                "case__assistant__notification_preference")}
        notices = []
        for move in moves:
            row = rows[move.pk]
            notices.append(DeadlineNotice(
                recipients=[u for u in (row.case.handler, row.case.assistant) if u is not None],
                code="calendar.moved.supplementary",
                params={"case": row.case.number, "organ": row.organ,
                        "old": move.old_due.isoformat(), "new": move.new_due.isoformat()},
                link=row.get_absolute_url()))
        return notices

    # --- the deadline sweep's generic protocol -------------------------------------------
    SWEEP_PREFIX = "supplementary"
    SWEEP_RELATED = ("case",)

    def sweep_recipients(self, *, overdue: bool) -> list:
        """The case's handling procurator and assistant; once overdue also the heads of the
        case's department. One query."""
        from supervision.choices import APPROVER_ROLES
        from supervision.models import User

        case = self.case
        condition = models.Q(pk__in=[pk for pk in (case.handler_id, case.assistant_id) if pk])
        if overdue:
            condition |= models.Q(role__in=APPROVER_ROLES, procuratorate_id=case.procuratorate_id,
                                  department_id=case.department_id)
        return list(User.objects.filter(condition, is_active=True)
                    .select_related("notification_preference").order_by("pk"))

    def sweep_params(self) -> dict:
        return {"case": self.case.number, "organ": self.organ, "round": self.round}
