"""The statistics page's period and procuratorate: every choice limited to the viewer's scope."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from supervision.forms import BootstrapFormMixin
from supervision.models import Procuratorate, User
from supervision.permissions import SUBTREE_DASHBOARD_ROLES, dashboard_procuratorates

from .statistics import Period, validate_period


class StatisticsForm(BootstrapFormMixin, forms.Form):
    """``?from=&to=`` (both required once either is given) and, for a supervisor or observer,
    ``?procuratorate=`` (a procuratorate of their subtree; empty: the whole subtree)."""

    start = forms.DateField(label=_("起始日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                            error_messages={"required": _("请填写起始日期。"),
                                            "invalid": _("请输入有效的日期。")})
    end = forms.DateField(label=_("截止日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                          error_messages={"required": _("请填写截止日期。"),
                                          "invalid": _("请输入有效的日期。")})
    procuratorate = forms.ModelChoiceField(
        label=_("检察院（含下级）"), queryset=Procuratorate.objects.none(), required=False,
        empty_label=_("查看范围内的全部检察院"),
        error_messages={"invalid_choice": _("请选择有效的检察院。")})

    def __init__(self, data=None, *, user: User, **kwargs) -> None:
        super().__init__(data, **kwargs)
        if user.role in SUBTREE_DASHBOARD_ROLES:
            self.fields["procuratorate"].queryset = dashboard_procuratorates(user).order_by("path")
        else:
            del self.fields["procuratorate"]  # their own procuratorate: nothing to choose

    def add_prefix(self, field_name: str) -> str:
        """The query string says ``from``/``to`` (a Python keyword cannot name a field)."""
        return {"start": "from", "end": "to"}.get(field_name, field_name)

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            try:
                validate_period(start, end)
            except ValidationError as error:
                self.add_error(None, error)
        return data

    @property
    def period(self) -> Period:
        return Period(self.cleaned_data["start"], self.cleaned_data["end"])


def default_period(today: datetime.date) -> Period:
    """Without a period asked for: this year to date."""
    return Period(datetime.date(today.year, 1, 1), today)
