"""The supervision case itself, its number counter and the per-procuratorate number format."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from supervision.choices import choice_label
from supervision.models.audit import TracksChanges

from ..choices import CASE_STATUS_TONES, FINISHED_STATUSES, CaseStatus, ClueSource
from ..numbering import DEFAULT_CASE_NUMBER_FORMAT, validate_case_number_format


class CaseNumberSequence(models.Model):
    """The last case number used per procuratorate, kind and year.

    Locked with ``SELECT … FOR UPDATE`` (an IMMEDIATE transaction on SQLite) while the next
    number is taken, so numbers are gap-free and never repeat under concurrency.
    """

    procuratorate = models.ForeignKey("supervision.Procuratorate", on_delete=models.CASCADE)
    kind = models.ForeignKey("supervision.SupervisionKind", on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["procuratorate", "kind", "year"],
                                    name="case_sequence_unique"),
        ]


class CaseNumberFormat(models.Model):
    """How one procuratorate writes its case numbers (案号), edited by the system administrator.

    Placeholders: ``{short}`` the procuratorate's short name (定检), ``{kind}`` the kind's case
    code (民监), ``{dept}`` the registering department's code, ``{year}`` the year of acceptance
    and ``{seq}`` the running number, optionally zero-padded (``{seq:04d}``). A procuratorate
    without a row uses ``DEFAULT_CASE_NUMBER_FORMAT`` (``{short}{kind}〔{year}〕{seq}号``).
    """

    procuratorate = models.OneToOneField("supervision.Procuratorate", verbose_name=_("检察院"),
                                         on_delete=models.CASCADE, related_name="case_number_format")
    pattern = models.CharField(_("案号格式"), max_length=60, default=DEFAULT_CASE_NUMBER_FORMAT,
                               validators=[validate_case_number_format],
                               help_text=_("可用占位符：{short} 院简称、{kind} 类别代字、{dept} 部门代字、"
                                           "{year} 年度、{seq} 序号（可写作 {seq:03d} 补零）"))

    class Meta:
        verbose_name = _("案号格式")
        verbose_name_plural = _("案号格式")

    def __str__(self) -> str:
        return f"{self.procuratorate}: {self.pattern}"


class SupervisionCase(TracksChanges, models.Model):
    """A supervision case: one problem at one agency, handled by one procurator.

    For public-interest cases the matter *is* the domain (领域): the taxonomy lists the domains
    of seed 002 §11 / seed 004 §5 as the matters of 公益诉讼检察, so statistics by domain are
    statistics by matter and no separate column can drift from it.

    ``search_text`` is a denormalised copy of number, title, summary, parties and related case
    numbers, rewritten by the services (``cases.search``) and searched with ``icontains``;
    on PostgreSQL a pg_trgm GIN index (migration 0004) serves it.
    """

    number = models.CharField(_("案号"), max_length=60, unique=True)
    procuratorate = models.ForeignKey("supervision.Procuratorate", verbose_name=_("检察院"),
                                      on_delete=models.PROTECT, related_name="cases")
    department = models.ForeignKey("supervision.Department", verbose_name=_("部门"), null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="cases")
    kind = models.ForeignKey("supervision.SupervisionKind", verbose_name=_("检察类别"),
                             on_delete=models.PROTECT)
    matter = models.ForeignKey("supervision.Matter", verbose_name=_("监督事项"),
                               on_delete=models.PROTECT)
    agency = models.ForeignKey("agencies.Agency", verbose_name=_("被监督单位"),
                               on_delete=models.PROTECT, related_name="cases")
    clue_source = models.CharField(_("线索来源"), max_length=30, choices=ClueSource.choices,
                                   default=ClueSource.EX_OFFICIO)
    title = models.CharField(_("案件名称"), max_length=200)
    summary = models.TextField(_("案情摘要"))
    juvenile = models.BooleanField(_("涉未成年人"), default=False)
    #: The title as lists, exports and statistics show it: for a juvenile case, with the
    #: natural-person parties' names masked (张某某, ``supervision.names``); empty for any other
    #: case. Written with ``search_text`` by ``cases.search.refresh_search_text``.
    masked_title = models.CharField(max_length=200, editable=False, default="", blank=True)
    #: 犯罪记录封存 (刑事诉讼法第二百八十六条, seed 003 §8): set and lifted only by
    #: ``cases.services.sealing``; a sealed case leaves exports, statistics' lists, similar-case
    #: suggestions and the public page (docs/juvenile.md).
    record_sealed = models.BooleanField(_("犯罪记录已封存"), default=False, editable=False)
    sealed_on = models.DateField(_("封存日期"), null=True, blank=True, editable=False)
    sealed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("封存人"), null=True,
                                  blank=True, editable=False, on_delete=models.PROTECT,
                                  related_name="+")
    seal_reason = models.TextField(_("封存依据和理由"), blank=True, editable=False)
    status = models.CharField(_("状态"), max_length=20, choices=CaseStatus.choices,
                              default=CaseStatus.ACCEPTED, db_index=True)
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("承办检察官"),
                                on_delete=models.PROTECT, related_name="handled_cases")
    assistant = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("检察官助理"), null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="assisted_cases")
    accepted_on = models.DateField(_("受理日期"))
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    outcome_note = models.TextField(_("结案/终结意见"), blank=True)
    search_text = models.TextField(editable=False, default="", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("监督案件")
        verbose_name_plural = _("监督案件")
        ordering = ["-accepted_on", "-pk"]
        permissions = [("view_shared_case", _("可查看共享案件"))]
        indexes = [
            # The case list's default order and its keyset (cursor) pagination.
            models.Index(fields=["procuratorate", "-accepted_on", "-id"], name="case_list_idx"),
            models.Index(fields=["-accepted_on", "-id"], name="case_accepted_idx"),
            # The juvenile cases of a scope, which child lists leave out for most staff
            # (cases.permissions.juvenile_q): a handful of a procuratorate's cases.
            models.Index(fields=["procuratorate"], name="case_juvenile_idx",
                         condition=models.Q(juvenile=True)),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True) | models.Q(status__in=FINISHED_STATUSES),
                name="case_closed_on_only_when_finished",
                violation_error_message=_("只有已结案或终结的案件才有结案日期。"),
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=FINISHED_STATUSES) | models.Q(closed_on__isnull=False),
                name="case_finished_has_closed_on",
                violation_error_message=_("结案或终结的案件必须有结案日期。"),
            ),
            models.CheckConstraint(
                condition=models.Q(record_sealed=False) | models.Q(
                    juvenile=True, sealed_on__isnull=False, sealed_by__isnull=False),
                name="case_sealed_only_juvenile",
                violation_error_message=_("只有涉未成年人案件可以封存犯罪记录，且须有封存日期和封存人。"),
            ),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True) | models.Q(closed_on__gte=models.F("accepted_on")),
                name="case_closed_after_accepted",
                violation_error_message=_("结案日期不能早于受理日期。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("cases:detail", args=[self.pk])

    @property
    def list_title(self) -> str:
        """The title every list, export and statistic shows: a juvenile case's with its
        parties' names masked."""
        return self.masked_title if self.juvenile and self.masked_title else self.title

    def get_status_display(self) -> str:
        return choice_label(CaseStatus, self.status)

    @property
    def status_tone(self) -> str:
        return CASE_STATUS_TONES.get(self.status, "neutral")

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES
