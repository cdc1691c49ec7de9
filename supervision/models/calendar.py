"""The legal calendar as data: period rules, the State Council's exceptions, published years."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from supervision.choices import (
    ClockStart,
    PeriodUnit,
)

from .names import NAME_EN_HELP, LocalizedName, chinese_active


class PeriodRule(LocalizedName, models.Model):
    """A statutory reply period, keyed by the rule code of DEADLINES.md.

    The rule supplies the default period and its legal basis; an issued document may state a
    shorter period for urgent cases, recorded with a reason on the instrument.
    """

    code = models.SlugField(_("规则代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True, help_text=NAME_EN_HELP)
    amount = models.PositiveSmallIntegerField(_("期间"))
    unit = models.CharField(_("单位"), max_length=10, choices=PeriodUnit.choices)
    clock_start = models.CharField(_("起算"), max_length=20, choices=ClockStart.choices,
                                   default=ClockStart.SERVICE)
    shift_holidays = models.BooleanField(_("节假日顺延"), default=True)
    legal_basis = models.CharField(_("法律依据"), max_length=200)
    verified = models.BooleanField(_("已核实"), default=True)

    class Meta:
        verbose_name = _("期限规则")
        verbose_name_plural = _("期限规则")
        ordering = ["code"]

    def __str__(self) -> str:
        """The code with the name: the administrator's tables, where rule codes belong."""
        if chinese_active():
            return f"{self.code}（{self.name}）"
        return f"{self.code} ({self.localized_name})"


class CalendarDay(models.Model):
    """A day whose status differs from the plain week: a statutory holiday or rest day that
    falls on a weekday, or a weekend day made a working day (调休上班)."""

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("工作日"))
    name = models.CharField(_("名称"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("法定节假日/调休")
        verbose_name_plural = _("法定节假日/调休")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class CalendarYear(models.Model):
    """A year whose State Council holiday notice has been entered; due dates in a year not
    listed here are provisional."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    source = models.CharField(_("来源"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("已公布年度")
        verbose_name_plural = _("已公布年度")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)
