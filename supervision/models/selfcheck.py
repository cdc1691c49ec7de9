"""The nightly data self-check's reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SelfCheckReport(models.Model):
    """The result of one self-check run: data that breaks the rules (an open instrument with
    no due date, a served one with no service record, a state no transition leads to …).

    ``nightly_on`` is set for the scheduled run only and is unique, so two beats running by
    mistake write one nightly report; manual runs leave it empty.
    """

    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("结束时间"))
    nightly_on = models.DateField(_("夜间自检日期"), null=True, blank=True, unique=True)
    triggered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    problem_count = models.PositiveIntegerField(_("问题数"), default=0)
    findings = models.JSONField(_("发现"), default=list, blank=True)

    class Meta:
        verbose_name = _("自检报告")
        verbose_name_plural = _("自检报告")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} · {self.problem_count}"
