"""The taxonomy of supervision: the four kinds and their matters."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .names import NAME_EN_HELP, LocalizedName, chinese_active


class SupervisionKind(LocalizedName, models.Model):
    """One of the four kinds of supervision (四大检察)."""

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=30)
    name_en = models.CharField(_("英文名称"), max_length=120, blank=True, help_text=NAME_EN_HELP)
    case_code = models.CharField(_("案号代字"), max_length=10, help_text=_("如“刑监”“民监”"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("检察类别")
        verbose_name_plural = _("检察类别")
        ordering = ["order"]


class Matter(LocalizedName, models.Model):
    """A supervision matter within a kind (e.g. 立案监督 → 有案不立), with the seed it comes from."""

    kind = models.ForeignKey(SupervisionKind, verbose_name=_("检察类别"), on_delete=models.PROTECT,
                             related_name="matters")
    parent = models.ForeignKey("self", verbose_name=_("上级事项"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    name = models.CharField(_("名称"), max_length=60)
    name_en = models.CharField(_("英文名称"), max_length=160, blank=True, help_text=NAME_EN_HELP)
    source = models.CharField(_("依据"), max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("监督事项")
        verbose_name_plural = _("监督事项")
        ordering = ["kind__order", "order", "pk"]

    @property
    def full_name(self) -> str:
        """``立案监督·有案不立``: the Chinese name under its parent's, whatever the language."""
        return f"{self.parent.name}·{self.name}" if self.parent_id else self.name

    @property
    def full_name_en(self) -> str:
        """The English counterpart of :attr:`full_name` (the API's ``matter_en``); a part
        without an English name keeps its Chinese one."""
        parts = [self.parent, self] if self.parent_id else [self]
        return " · ".join(m.name_en or m.name for m in parts)

    def __str__(self) -> str:
        """The name under its parent's in the interface language (a parent matter is loaded
        once more unless the queryset selects it: ``select_related("parent")``)."""
        if not self.parent_id:
            return self.localized_name
        separator = "·" if chinese_active() else " · "
        return f"{self.parent.localized_name}{separator}{self.localized_name}"
