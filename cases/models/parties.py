"""Who the case is about (当事人) and the other organs' case numbers it relates to."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from supervision.fields import DigestField, EncryptedTextField
from supervision.ids import mask_id
from supervision.names import mask_name

from ..choices import PartyKind, PartyRole, RelatedNumberKind


class Party(models.Model):
    """A person or organisation in the case. A person's ID number (公民身份号码) is validated
    by its check digit and shown masked in every list; an organisation's is its 统一社会信用代码,
    public by law, shown in full. Both are stored encrypted and found by exact match on
    ``id_number_digest`` (``supervision/fields.py``): a substring of an ID number finds nothing."""

    case = models.ForeignKey("cases.SupervisionCase", on_delete=models.CASCADE, related_name="parties")
    kind = models.CharField(_("类型"), max_length=20, choices=PartyKind.choices, default=PartyKind.PERSON)
    role = models.CharField(_("诉讼地位"), max_length=20, choices=PartyRole.choices, default=PartyRole.OTHER)
    name = models.CharField(_("姓名/名称"), max_length=100)
    id_number = EncryptedTextField(_("身份证号/统一社会信用代码"), max_length=18, blank=True)
    id_number_digest = DigestField(source="id_number")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("当事人")
        verbose_name_plural = _("当事人")
        ordering = ["case", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(name=""), name="party_has_name",
                                   violation_error_message=_("当事人姓名或名称不能为空。")),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def masked(self) -> bool:
        """A natural person of a juvenile case: named masked in every list, export and
        statistic (seed 003 §8). The case does not record which person is the minor, so every
        person of the case is (``self.case``: prefetched with the parties, no query)."""
        return self.kind == PartyKind.PERSON and self.case.juvenile

    @property
    def list_name(self) -> str:
        """The name as lists, exports and statistics show it (张某某 when :attr:`masked`)."""
        return mask_name(self.name) if self.masked else self.name

    @property
    def id_masked(self) -> str:
        """The ID as lists show it: a person's masked, an organisation's code in full."""
        return mask_id(self.id_number) if self.kind == PartyKind.PERSON else self.id_number


class RelatedCaseNumber(models.Model):
    """A court, police or administrative case number the supervision case concerns.

    ``normalized`` (full-width characters folded, brackets unified, spaces removed) is what
    duplicate detection compares: ``（2025）浙0902民初12号`` and ``(2025)浙0902民初12号`` match.
    """

    case = models.ForeignKey("cases.SupervisionCase", on_delete=models.CASCADE,
                             related_name="related_numbers")
    kind = models.CharField(_("类型"), max_length=20, choices=RelatedNumberKind.choices,
                            default=RelatedNumberKind.COURT)
    number = models.CharField(_("案件编号"), max_length=100)
    normalized = models.CharField(max_length=100, db_index=True, editable=False)

    class Meta:
        verbose_name = _("关联案件号")
        verbose_name_plural = _("关联案件号")
        ordering = ["case", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "normalized"], name="related_number_once_per_case",
                                    violation_error_message=_("同一关联案件号只登记一次。")),
        ]

    def __str__(self) -> str:
        return self.number
