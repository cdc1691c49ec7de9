"""A public-interest suit (检察公益诉讼) after the pre-litigation stage, its court sessions,
and what became of the 督促起诉 / 支持起诉 instruments of a public-interest case.

seed 000 §5 ("提出检察建议、提起公益诉讼、督促起诉、支持起诉等监督方式"), seed 002 §11 ("积极稳妥推进
公益诉讼检察"). The procedure follows 《最高人民法院、最高人民检察院关于检察公益诉讼案件适用法律若干
问题的解释》(2020修正, "解释") and 《人民检察院公益诉讼办案规则》(2021, "办案规则").

States and who may change them: ``litigation/transitions.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..choices import (
    Appellant,
    Instance,
    InstrumentOutcome,
    JudgmentResult,
    SecondResult,
    SessionKind,
    SuitKind,
    SuitStatus,
)

#: The stages at which the suit is before the court or after it (filed, with a court).
FILED_STATUSES = [SuitStatus.FILED, SuitStatus.HEARD, SuitStatus.JUDGED, SuitStatus.APPEALED,
                  SuitStatus.EFFECTIVE, SuitStatus.ENFORCING, SuitStatus.CLOSED]


class PublicInterestSuit(models.Model):
    """One public-interest suit on a public-interest case (one per case): from the
    announcement or the pre-litigation recommendation to the judgment, the appeal and the
    enforcement. ``procuratorate`` copies the case's, so the list and the statistics filter
    by scope on the row itself."""

    case = models.OneToOneField("cases.SupervisionCase", on_delete=models.CASCADE,
                                related_name="public_interest_suit", verbose_name=_("案件"))
    procuratorate = models.ForeignKey("supervision.Procuratorate", on_delete=models.PROTECT,
                                      related_name="+", editable=False)
    kind = models.CharField(_("诉讼类型"), max_length=30, choices=SuitKind.choices)
    status = models.CharField(_("阶段"), max_length=20, choices=SuitStatus.choices,
                              default=SuitStatus.PREPARING)
    defendant = models.CharField(_("被告"), max_length=200)
    # The chief procurator's decision to sue (提起公益诉讼 … 报检察长决定).
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("决定起诉的检察长"))
    decided_on = models.DateField(_("决定起诉日期"), null=True, blank=True)
    # Filing (起诉).
    court = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="public_interest_suits", verbose_name=_("受诉法院"))
    filed_on = models.DateField(_("起诉日期"), null=True, blank=True)
    claims = models.TextField(_("诉讼请求"), blank=True, help_text=_("每行一项"))
    facts = models.TextField(_("事实与理由"), blank=True)
    court_case_number = models.CharField(_("法院案号"), max_length=60, blank=True)
    # First instance.
    judgment_result = models.CharField(_("一审结果"), max_length=30,
                                       choices=JudgmentResult.choices, blank=True)
    judgment_on = models.DateField(_("一审裁判日期"), null=True, blank=True)
    judgment_served_on = models.DateField(_("一审裁判送达日期"), null=True, blank=True)
    judgment_summary = models.TextField(_("裁判主文"), blank=True)
    # Appeal and second instance.
    appellant = models.CharField(_("上诉人"), max_length=20, choices=Appellant.choices,
                                 blank=True)
    appealed_on = models.DateField(_("上诉日期"), null=True, blank=True)
    second_result = models.CharField(_("二审结果"), max_length=30, choices=SecondResult.choices,
                                     blank=True)
    second_on = models.DateField(_("二审裁判日期"), null=True, blank=True)
    effective_on = models.DateField(_("裁判生效日期"), null=True, blank=True)
    # Enforcement (执行) and closure.
    enforcement_on = models.DateField(_("移送执行日期"), null=True, blank=True)
    performance = models.TextField(_("履行情况"), blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    withdraw_reason = models.TextField(_("终结审查理由"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("公益诉讼")
        verbose_name_plural = _("公益诉讼")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["procuratorate", "status"], name="pil_suit_scope_status"),
            models.Index(fields=["procuratorate", "filed_on"], name="pil_suit_filed"),
            models.Index(fields=["procuratorate", "judgment_on"], name="pil_suit_judged"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(defendant=""), name="pil_suit_has_defendant",
                                   violation_error_message=_("请填写被告。")),
            models.CheckConstraint(
                condition=~Q(status__in=FILED_STATUSES)
                | (Q(court__isnull=False) & Q(filed_on__isnull=False) & ~Q(claims="")
                   & Q(decided_by__isnull=False)),
                name="pil_suit_filed_complete",
                violation_error_message=_("已起诉的公益诉讼须有检察长决定、受诉法院、起诉日期和诉讼请求。")),
            models.CheckConstraint(
                condition=Q(judgment_result="") | Q(judgment_on__isnull=False),
                name="pil_suit_judgment_dated",
                violation_error_message=_("请填写一审裁判日期。")),
            models.CheckConstraint(
                condition=~Q(status=SuitStatus.WITHDRAWN) | ~Q(withdraw_reason=""),
                name="pil_suit_withdraw_reason",
                violation_error_message=_("终结审查应当说明理由。")),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} · {self.defendant}"

    def get_absolute_url(self) -> str:
        return reverse("litigation:detail", args=[self.pk])

    @property
    def status_tone(self) -> str:
        if self.status in (SuitStatus.CLOSED,):
            return "done"
        if self.status in (SuitStatus.WITHDRAWN, SuitStatus.SUPERSEDED):
            return "ended"
        return "ours"

    @property
    def claim_list(self) -> list[str]:
        return [line.strip() for line in self.claims.splitlines() if line.strip()]


class CourtSession(models.Model):
    """A court date of the suit (开庭, 庭前会议, 宣判): several per instance."""

    suit = models.ForeignKey(PublicInterestSuit, on_delete=models.CASCADE,
                             related_name="sessions")
    instance = models.CharField(_("审级"), max_length=10, choices=Instance.choices,
                                default=Instance.FIRST)
    kind = models.CharField(_("类型"), max_length=20, choices=SessionKind.choices)
    scheduled_at = models.DateTimeField(_("时间"))
    place = models.CharField(_("地点"), max_length=200)
    attending = models.CharField(_("出庭检察官"), max_length=100, blank=True)
    note = models.TextField(_("庭审情况"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("庭审安排")
        verbose_name_plural = _("庭审安排")
        ordering = ["suit", "scheduled_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(place=""), name="pil_session_has_place",
                                   violation_error_message=_("请填写地点。")),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.scheduled_at:%Y-%m-%d}"


class SuitInstrumentOutcome(models.Model):
    """What became of a 督促起诉 or 支持起诉 instrument after it was served: whether the organ
    urged to sue did (督促起诉), or how the supported suit ended (支持起诉). One per
    instrument; recorded again, the new outcome replaces the old (the audit keeps both)."""

    recommendation = models.OneToOneField("recommendations.Recommendation",
                                          on_delete=models.CASCADE,
                                          related_name="suit_outcome",
                                          verbose_name=_("监督文书"))
    procuratorate = models.ForeignKey("supervision.Procuratorate", on_delete=models.PROTECT,
                                      related_name="+", editable=False)
    outcome = models.CharField(_("结果"), max_length=30, choices=InstrumentOutcome.choices)
    outcome_on = models.DateField(_("日期"))
    court = models.CharField(_("法院"), max_length=100, blank=True)
    note = models.TextField(_("说明"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("督促起诉/支持起诉结果")
        verbose_name_plural = _("督促起诉/支持起诉结果")
        indexes = [models.Index(fields=["procuratorate", "outcome_on"],
                                name="pil_outcome_scope_date")]

    def __str__(self) -> str:
        return self.get_outcome_display()
