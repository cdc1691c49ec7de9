"""The similar-case pages' parameters: the statistics' period form (and its procuratorate, for
a supervisor), and for a candidate's page its key."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.choices import AgencyType

from .similar import SAME_AGENCY
from .statistics_forms import StatisticsForm


class CandidateForm(StatisticsForm):
    """``?matter=&agency=`` (one agency) or ``?matter=&agency_type=`` (across agencies), with
    the period and procuratorate of the list it was opened from."""

    matter = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    agency = forms.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
    agency_type = forms.ChoiceField(choices=AgencyType.choices, required=False)

    def __init__(self, data=None, *, kind: str, **kwargs) -> None:
        super().__init__(data, **kwargs)
        self.kind = kind

    def clean(self) -> dict:
        data = super().clean()
        key = "agency" if self.kind == SAME_AGENCY else "agency_type"
        if not data.get(key):
            self.add_error(key, _("请指明被监督单位或单位类型。"))
        data["agency" if key == "agency_type" else "agency_type"] = None
        return data

    def key(self) -> dict:
        """The candidate's key, for :func:`reporting.similar.candidates`."""
        data = self.cleaned_data
        return {"matter": data["matter"], "agency": data["agency"],
                "agency_type": data["agency_type"] or None}
