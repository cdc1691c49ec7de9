"""The register of people's supervisors (人民监督员) a procuratorate may invite.

Seed 002 §18 ("完善人民监督员制度，拓宽群众有序参与和监督司法的渠道"), seed 003 §13 ("发挥人民
监督员作用"), seed 000 §8 (the government and the procuratorate "共同深化人民监督员制度改革，推动
人民监督员选任管理和使用紧密衔接"). The judicial administration selects and appoints them
(《人民监督员选任管理办法》); the procuratorate keeps a register of who it may invite, with each
one's term and availability. They have no login: the procuratorate records what they say.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from supervision.fields import EncryptedTextField

from ..choices import SupervisorStatus


def mask_phone(value: str) -> str:
    """``13812345678`` → ``138****5678``: lists show a contact number masked (as a party's ID
    number is, ``supervision.ids.mask_id``)."""
    value = (value or "").strip()
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


class PeopleSupervisor(models.Model):
    """One people's supervisor on ``procuratorate``'s register: invitable to that
    procuratorate's hearings and those of the procuratorates below it, while in term and
    active (:meth:`available_on`). The contact number is personal data: stored encrypted
    (``supervision/fields.py``), shown masked everywhere but the register's edit form."""

    procuratorate = models.ForeignKey("supervision.Procuratorate", on_delete=models.PROTECT,
                                      related_name="people_supervisors",
                                      verbose_name=_("使用人民监督员的检察院"))
    name = models.CharField(_("姓名"), max_length=50)
    appointed_by = models.CharField(_("选任机关"), max_length=100,
                                    help_text=_("例如：舟山市司法局"))
    region = models.CharField(_("所在地区"), max_length=100, blank=True)
    occupation = models.CharField(_("工作单位及职业"), max_length=200, blank=True)
    expertise = models.CharField(_("专业特长"), max_length=200, blank=True)
    phone = EncryptedTextField(_("联系电话"), max_length=20, blank=True)
    term_start = models.DateField(_("任期开始"))
    term_end = models.DateField(pgettext_lazy("date", "任期届满"))
    status = models.CharField(_("履职状态"), max_length=20, choices=SupervisorStatus.choices,
                              default=SupervisorStatus.ACTIVE)
    note = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("人民监督员")
        verbose_name_plural = _("人民监督员")
        ordering = ["procuratorate", "name", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="people_supervisor_has_name",
                                   violation_error_message=_("请填写人民监督员姓名。")),
            models.CheckConstraint(condition=Q(term_end__gte=F("term_start")),
                                   name="people_supervisor_term_in_order",
                                   violation_error_message=_("任期届满日期不能早于任期开始日期。")),
        ]
        indexes = [models.Index(fields=["procuratorate", "status", "term_end"],
                                name="people_supervisor_available")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("hearings:supervisor-detail", args=[self.pk])

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)

    def in_term(self, day: datetime.date) -> bool:
        return self.term_start <= day <= self.term_end

    def available_on(self, day: datetime.date) -> bool:
        """May be invited to a hearing held on ``day``: active, and ``day`` within the term."""
        return self.status == SupervisorStatus.ACTIVE and self.in_term(day)

    def availability(self, today: datetime.date) -> str:
        """What the register shows: 在任, 暂停履职, 任期终止 — or 任期届满 / 任期未开始 read
        from the dates while the status still says active."""
        if self.status != SupervisorStatus.ACTIVE:
            return str(self.get_status_display())
        if today > self.term_end:
            return str(_("任期届满"))
        if today < self.term_start:
            return str(_("任期未开始"))
        return str(self.get_status_display())
