"""The scorecard pages' GET parameters: the period, and for the ranking the agency type,
procuratorate and order — every choice limited to the viewer's scope. A value that does not
validate is reported and the period falls back to the default: a bad value never widens."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.choices import AgencyType
from supervision.forms import BootstrapFormMixin, DateInput
from supervision.models import Procuratorate
from supervision.models.names import chinese_active

from .scorecards import all_figures
from .statistics import quick_periods, validate_period
from .statistics_forms import default_period as statistics_default_period


def default_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """This year to date, as the statistics page (a rule-of-law evaluation reads the year)."""
    period = statistics_default_period(today)
    return period.start, period.end


def period_presets(today: datetime.date) -> list[tuple[str, datetime.date, datetime.date]]:
    """The statistics page's quick periods (this year to date, last year, the quarters)."""
    return [(str(label), p.start, p.end) for label, p in quick_periods(today)]


class PeriodForm(BootstrapFormMixin, forms.Form):
    start = forms.DateField(label=_("起始日期"), required=False, widget=DateInput())
    end = forms.DateField(label=_("截止日期"), required=False, widget=DateInput())

    def __init__(self, *args, today: datetime.date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self) -> dict:
        data = super().clean()
        default_start, default_end = default_period(self.today)
        start, end = data.get("start") or default_start, data.get("end") or default_end
        validate_period(start, end)  # the statistics' period rule: 2000–2099, ≤ 5 years
        data["start"], data["end"] = start, end
        return data

    def period(self) -> tuple[datetime.date, datetime.date]:
        """The period asked for, or the default when the form is not valid."""
        if self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        return default_period(self.today)


class RankingForm(PeriodForm):
    """The ranking's narrowing: one agency type (agencies of one type side by side), the
    supervising procuratorate (with those below), and the figure to order by."""

    type = forms.ChoiceField(label=_("单位类型"), required=False,
                             error_messages={"invalid_choice": _("请选择有效的单位类型。")})
    procuratorate = forms.ModelChoiceField(
        label=_("监督检察院（含下级）"), queryset=Procuratorate.objects.none(), required=False,
        empty_label=_("全部检察院"),
        error_messages={"invalid_choice": _("请选择有效的检察院。")})
    sort = forms.ChoiceField(label=_("排序"), required=False,
                             error_messages={"invalid_choice": _("请选择有效的排序项目。")})

    def __init__(self, *args, type_counts: dict[str, int], procuratorates, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [
            (value, f"{label}（{type_counts[value]}）" if chinese_active()
             else f"{label} ({type_counts[value]})") for value, label in AgencyType.choices
            if type_counts.get(value)] or [("", _("无"))]
        self.fields["procuratorate"].queryset = procuratorates
        self.fields["sort"].choices = [(f.code, f.label) for f in all_figures()]
        self.default_type = next((v for v, _label in AgencyType.choices if type_counts.get(v)),
                                 "")
