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

from .scorecards import FIGURES

#: The longest period one page computes (the figures stay meaningful, the queries bounded).
MAX_DAYS = 5 * 366


def default_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """This calendar year, whole: the period a rule-of-law evaluation covers."""
    return datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)


def period_presets(today: datetime.date) -> list[tuple[str, datetime.date, datetime.date]]:
    """Quick links: this year, last year, this quarter, last quarter."""
    quarter_start = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    quarter_end = (quarter_start.replace(month=quarter_start.month + 2, day=28)
                   + datetime.timedelta(days=4))
    quarter_end = quarter_end - datetime.timedelta(days=quarter_end.day)
    last_quarter_end = quarter_start - datetime.timedelta(days=1)
    last_quarter_start = datetime.date(last_quarter_end.year, last_quarter_end.month - 2, 1)
    return [
        (str(_("本年度")), *default_period(today)),
        (str(_("上一年度")), datetime.date(today.year - 1, 1, 1),
         datetime.date(today.year - 1, 12, 31)),
        (str(_("本季度")), quarter_start, quarter_end),
        (str(_("上一季度")), last_quarter_start, last_quarter_end),
    ]


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
        if start > end:
            raise forms.ValidationError(_("起始日期不能晚于截止日期。"))
        if (end - start).days > MAX_DAYS:
            raise forms.ValidationError(_("统计期间不能超过五年。"))
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
        self.fields["sort"].choices = [(f.code, f.label) for f in FIGURES]
        self.default_type = next((v for v, _label in AgencyType.choices if type_counts.get(v)),
                                 "")
