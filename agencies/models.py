"""Supervised agencies (被监督单位) and their superior or competent authorities."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import AgencyType


class Agency(models.Model):
    """A court, police organ, prison, administrative organ … to which instruments are addressed.

    ``superior_authority`` is where refusals are escalated (seed 000 §8).
    """

    name = models.CharField(_("名称"), max_length=100, unique=True)
    agency_type = models.CharField(_("类型"), max_length=30, choices=AgencyType.choices)
    sector = models.CharField(_("行业/领域"), max_length=50, blank=True)
    supervising_procuratorate = models.ForeignKey(
        "supervision.Procuratorate", verbose_name=_("监督检察院"), on_delete=models.PROTECT,
        related_name="supervised_agencies",
    )
    superior_authority = models.CharField(_("上级机关/主管部门"), max_length=100, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("被监督单位")
        verbose_name_plural = _("被监督单位")
        ordering = ["supervising_procuratorate__path", "name"]

    def __str__(self) -> str:
        return self.name
