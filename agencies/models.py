"""Supervised agencies (被监督单位) and their superior or competent authorities."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from supervision.fields import DigestField, EncryptedTextField
from supervision.models.audit import TracksChanges

from .choices import AgencyLevel, AgencyType


class Agency(TracksChanges, models.Model):
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
    level = models.CharField(_("层级"), max_length=20, choices=AgencyLevel.choices, blank=True)
    region = models.CharField(_("地区"), max_length=50, blank=True)
    superior = models.ForeignKey(
        "self", verbose_name=_("上级机关/主管部门（系统内）"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="subordinates",
        help_text=_("上级机关也在本系统中时选择；否则填写下面的名称"))
    superior_authority = models.CharField(_("上级机关/主管部门"), max_length=100, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = EncryptedTextField(_("联系电话"), max_length=30, blank=True)  # issue 15: at rest
    contact_phone_digest = DigestField(source="contact_phone")
    contact_email = models.EmailField(_("电子邮箱"), blank=True)
    reply_requires_signoff = models.BooleanField(
        _("回复须经单位负责人签发"), default=False,
        help_text=_("勾选后，联络员提交的回复须由本单位负责人确认后才发送检察院"))

    #: Personal data (issue 15): the audit trail says the phone changed, never what it was.
    audit_opaque_fields = ("contact_phone", "contact_phone_digest")

    class Meta:
        verbose_name = _("被监督单位")
        verbose_name_plural = _("被监督单位")
        ordering = ["supervising_procuratorate__path", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def superior_name(self) -> str:
        """Where refusals are escalated: the superior in the system, else the recorded name."""
        return self.superior.name if self.superior_id else self.superior_authority


class LiaisonMembership(TracksChanges, models.Model):
    """A liaison's place at one agency. A person may serve several agencies and switches
    between them explicitly (``User.agency`` is the one they act for now); deactivating a
    membership keeps everything they did."""

    user = models.ForeignKey("supervision.User", verbose_name=_("联络员"), on_delete=models.CASCADE,
                             related_name="memberships")
    agency = models.ForeignKey(Agency, verbose_name=_("被监督单位"), on_delete=models.CASCADE,
                               related_name="memberships")
    is_responsible = models.BooleanField(_("单位负责人"), default=False,
                                         help_text=_("可签发本单位的回复"))
    is_active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(_("加入时间"), auto_now_add=True)
    deactivated_at = models.DateTimeField(_("停用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("联络员任职")
        verbose_name_plural = _("联络员任职")
        ordering = ["agency__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "agency"], name="membership_once_per_agency",
                                    violation_error_message=_("该联络员已属于此单位。")),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.agency}"
