"""What a procuratorate publishes on the public page (检务公开, seed 002 §4): typical cases
(典型案例) and statistics releases (公开统计).

Both follow one life (``publication/transitions.py``): a procurator proposes, an approver of the
same procuratorate — never the proposer — approves, and only then is the item public; it may be
returned with a reason (and proposed again) or withdrawn at any time. What the public reads is
frozen at approval: the de-identified texts of a typical case (``published_*``), the figures of
a release (``figures``). The public page reads these columns only, never the case, its parties
or the instruments behind them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from supervision.choices import choice_label
from supervision.models.audit import TracksChanges

from .choices import STATUS_TONES, PublicationStatus


class Publishable(TracksChanges, models.Model):
    """The workflow columns both kinds share: who proposed and when, who approved (published)
    and when, the reason of a return, who withdrew and why."""

    procuratorate = models.ForeignKey("supervision.Procuratorate", verbose_name=_("检察院"),
                                      on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=20, choices=PublicationStatus.choices,
                              default=PublicationStatus.PROPOSED, db_index=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提请人"),
                                    on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_("提请时间"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审批人"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    return_reason = models.TextField(_("退回理由"), blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("撤回人"),
                                     null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdraw_reason = models.TextField(_("撤回理由"), blank=True)

    class Meta:
        abstract = True

    def get_status_display(self) -> str:
        return choice_label(PublicationStatus, self.status)

    @property
    def status_tone(self) -> str:
        return STATUS_TONES.get(self.status, "neutral")

    @property
    def is_published(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED


def _workflow_constraints(prefix: str) -> list[models.BaseConstraint]:
    """The rules of the shared columns, as named constraints of each concrete model."""
    return [
        models.CheckConstraint(
            condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("proposed_by")),
            name=f"{prefix}_not_approved_by_proposer",
            violation_error_message=_("提请人不能审批自己提请公开的内容。")),
        models.CheckConstraint(
            condition=~Q(status=PublicationStatus.PUBLISHED)
            | Q(approved_by__isnull=False, published_at__isnull=False),
            name=f"{prefix}_published_is_approved",
            violation_error_message=_("公开的内容必须经过审批。")),
    ]


class TypicalCase(Publishable):
    """A typical case (典型案例) proposed from one supervision case for the public page.

    ``title``, ``summary``, ``achieved`` and ``significance`` are what the proposer wrote (they
    may still name people: the staff preview shows them beside their de-identified form); the
    ``published_*`` columns are the de-identified texts frozen at approval
    (``publication.deidentify``), and the only ones the public page reads."""

    case = models.ForeignKey("cases.SupervisionCase", verbose_name=_("来源案件"),
                             on_delete=models.PROTECT, related_name="typical_cases")
    kind = models.ForeignKey("supervision.SupervisionKind", verbose_name=_("检察类别"),
                             on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("标题"), max_length=200)
    summary = models.TextField(_("基本案情"))
    achieved = models.TextField(_("监督成效"))
    significance = models.TextField(_("典型意义"), blank=True)
    published_title = models.CharField(_("公开标题"), max_length=200, blank=True)
    published_summary = models.TextField(_("公开的基本案情"), blank=True)
    published_achieved = models.TextField(_("公开的监督成效"), blank=True)
    published_significance = models.TextField(_("公开的典型意义"), blank=True)

    class Meta:
        verbose_name = _("典型案例")
        verbose_name_plural = _("典型案例")
        ordering = ["-published_at", "-proposed_at", "-pk"]
        indexes = [
            # The public list of one procuratorate: published ones, newest first.
            models.Index(fields=["procuratorate", "status", "-published_at"],
                         name="typical_case_public_idx"),
        ]
        constraints = [
            *_workflow_constraints("typical_case"),
            models.CheckConstraint(condition=~Q(title="") & ~Q(summary="") & ~Q(achieved=""),
                                   name="typical_case_has_texts",
                                   violation_error_message=_("标题、基本案情和监督成效均不能为空。")),
        ]

    def __str__(self) -> str:
        return self.published_title or self.title

    def get_absolute_url(self) -> str:
        return reverse("publication:case-detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("public:case", args=[self.pk])


class StatisticsRelease(Publishable):
    """A published statistics release (公开统计): one procuratorate (with those below it) and
    one period. ``figures`` is ``reporting.statistics.as_json`` of the period, computed and
    frozen at approval, with each figure's label and definition as they stood: the public page
    never runs a query over instruments and the release never changes after publication."""

    start = models.DateField(_("起始日期"))
    end = models.DateField(_("截止日期"))
    title = models.CharField(_("标题"), max_length=200)
    note = models.TextField(_("说明"), blank=True)
    figures = models.JSONField(_("公开的数据"), default=dict, blank=True)

    audit_opaque_fields = ("figures",)

    class Meta:
        verbose_name = _("公开统计")
        verbose_name_plural = _("公开统计")
        ordering = ["-end", "-published_at", "-pk"]
        indexes = [
            models.Index(fields=["procuratorate", "status", "-end"], name="stats_release_public_idx"),
        ]
        constraints = [
            *_workflow_constraints("stats_release"),
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="stats_release_period",
                                   violation_error_message=_("截止日期不能早于起始日期。")),
            models.UniqueConstraint(
                fields=["procuratorate", "start", "end"],
                condition=Q(status=PublicationStatus.PUBLISHED),
                name="stats_release_published_once",
                violation_error_message=_("本院该期间的统计数据已经公开，请先撤回原公开内容。")),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("publication:release-detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("public:statistics", args=[self.pk])
