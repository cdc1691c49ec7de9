"""The review checklist (评查项目), as data: seeded by ``quality/migrations/0002_checklist.py``,
edited by the system administrator in the admin (an item no longer used is made inactive,
never deleted: past reviews keep their results on it)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from supervision.models.names import LocalizedName

from ..choices import AppliesTo, ChecklistGroup


class ChecklistItem(LocalizedName, models.Model):
    """One question a review answers of a case, an instrument, or both. A key item (关键项)
    found 不符合 makes the review 不合格 unless the reviewer says why not (``grading``)."""

    code = models.SlugField(_("项目代码"), max_length=40, unique=True)
    name = models.CharField(_("评查项目"), max_length=300)
    name_en = models.CharField(_("英文名称"), max_length=300, blank=True)
    group = models.CharField(_("类别"), max_length=20, choices=ChecklistGroup.choices)
    applies_to = models.CharField(_("适用于"), max_length=20, choices=AppliesTo.choices,
                                  default=AppliesTo.BOTH)
    key = models.BooleanField(_("关键项"), default=False,
                              help_text=_("关键项不符合的，评查结果一般应评定为不合格"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True,
                                 help_text=_("停用的项目不再用于新的评查，已有评查结果保留"))

    class Meta:
        verbose_name = _("评查项目")
        verbose_name_plural = _("评查项目")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="quality_item_has_name",
                                   violation_error_message=_("请填写评查项目。")),
        ]

    def applies(self, instrument: bool) -> bool:
        return self.applies_to == AppliesTo.BOTH or self.applies_to == (
            AppliesTo.INSTRUMENT if instrument else AppliesTo.CASE)
