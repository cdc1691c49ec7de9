"""The filters of the attendance list, for the page and the API. The queryset they narrow is
always what the viewer may see: a filter only takes rows away."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.choices import AgencyType
from agencies.models import Agency
from supervision.forms import BootstrapFormMixin

from .choices import Adoption, AttendanceStatus
from .models import Attendance


class FilterForm(BootstrapFormMixin, forms.Form):
    pass


def _courts(request) -> QuerySet[Agency]:
    """The courts offered: every court (the rows are already limited to what the viewer sees;
    a supervisor sees the courts of the procuratorates below)."""
    return Agency.objects.filter(agency_type=AgencyType.COURT).order_by("name")


class AttendanceFilter(django_filters.FilterSet):
    class Meta:
        model = Attendance
        fields: list[str] = []
        form = FilterForm

    q = django_filters.CharFilter(label=_("搜索"), method="filter_q",
                                  widget=forms.TextInput(attrs={
                                      "type": "search", "placeholder": _("议题、法院案号、本院案号")}))
    status = django_filters.ChoiceFilter(label=_("状态"), choices=AttendanceStatus.choices,
                                         empty_label=_("全部"))
    court = django_filters.ModelChoiceFilter(label=_("人民法院"), queryset=_courts,
                                             empty_label=_("全部"))
    year = django_filters.NumberFilter(label=_("年度"), method="filter_year", min_value=2000,
                                       max_value=2099)
    adoption = django_filters.ChoiceFilter(label=_("意见采纳情况"), choices=Adoption.choices,
                                           empty_label=_("全部"))

    def filter_q(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return qs
        return qs.filter(Q(subject__icontains=value) | Q(court_case_number__icontains=value)
                         | Q(case__number__icontains=value))

    def filter_year(self, qs: QuerySet, name: str, value) -> QuerySet:
        """Meetings in the year (Beijing time), as a range the index serves."""
        tz = timezone.get_current_timezone()
        year = int(value)
        return qs.filter(meeting_at__gte=datetime.datetime(year, 1, 1, tzinfo=tz),
                         meeting_at__lt=datetime.datetime(year + 1, 1, 1, tzinfo=tz))
