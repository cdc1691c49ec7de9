"""Supervision cases (监督案件)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .choices import CaseStatus, ClueSource


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


class SupervisionCase(models.Model):
    """A supervision case: one problem at one agency, handled by one procurator."""

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
    related_case_number = models.CharField(_("关联案件号"), max_length=100, blank=True)
    juvenile = models.BooleanField(_("涉未成年人"), default=False)
    status = models.CharField(_("状态"), max_length=20, choices=CaseStatus.choices,
                              default=CaseStatus.ACCEPTED, db_index=True)
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("承办检察官"),
                                on_delete=models.PROTECT, related_name="handled_cases")
    assistant = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("检察官助理"), null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="assisted_cases")
    accepted_on = models.DateField(_("受理日期"))
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("监督案件")
        verbose_name_plural = _("监督案件")
        ordering = ["-accepted_on", "-pk"]
        permissions = [("view_shared_case", _("可查看共享案件"))]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("cases:detail", args=[self.pk])
