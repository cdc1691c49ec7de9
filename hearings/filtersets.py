"""The filters of the hearing list and the register, one FilterSet each for the page and the
API. The queryset they narrow is always what the viewer may see: a filter only takes rows away."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from supervision.forms import BootstrapFormMixin, DateInput
from supervision.input_dates import DATE_BOUNDS

from .choices import HearingStatus, SupervisorStatus
from .models import Hearing, PeopleSupervisor


class FilterForm(BootstrapFormMixin, forms.Form):
    pass


class HearingFilter(django_filters.FilterSet):
    class Meta:
        model = Hearing
        fields: list[str] = []
        form = FilterForm

    q = django_filters.CharFilter(label=_("搜索"), method="filter_q",
                                  widget=forms.TextInput(attrs={"type": "search",
                                                                "placeholder": _("听证事项、案号")}))
    status = django_filters.ChoiceFilter(label=_("状态"), choices=HearingStatus.choices,
                                         empty_label=_("全部"))
    date_from = django_filters.DateFilter(label=_("听证日期自"), method="filter_from",
                                          widget=DateInput(), validators=DATE_BOUNDS)
    date_to = django_filters.DateFilter(label=_("至"), method="filter_to", widget=DateInput(),
                                        validators=DATE_BOUNDS)

    def filter_q(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return qs.filter(Q(topic__icontains=value) | Q(case__number__icontains=value)) if value else qs

    def filter_from(self, qs: QuerySet, name: str, value: datetime.date) -> QuerySet:
        return qs.filter(scheduled_at__gte=datetime.datetime.combine(
            value, datetime.time.min, tzinfo=timezone.get_current_timezone()))

    def filter_to(self, qs: QuerySet, name: str, value: datetime.date) -> QuerySet:
        return qs.filter(scheduled_at__lt=datetime.datetime.combine(
            value + datetime.timedelta(days=1), datetime.time.min,
            tzinfo=timezone.get_current_timezone()))


#: The register's availability filter: the stored status, and the term read from the dates.
AVAILABILITY = [("available", _("可邀请（在任且在任期内）")), *SupervisorStatus.choices,
                ("expired", _("任期届满"))]


class SupervisorFilter(django_filters.FilterSet):
    class Meta:
        model = PeopleSupervisor
        fields: list[str] = []
        form = FilterForm

    q = django_filters.CharFilter(label=_("搜索"), method="filter_q",
                                  widget=forms.TextInput(attrs={
                                      "type": "search", "placeholder": _("姓名、专业特长、单位、地区")}))
    availability = django_filters.ChoiceFilter(label=_("履职状态"), choices=AVAILABILITY,
                                               method="filter_availability", empty_label=_("全部"))

    def filter_q(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return qs
        return qs.filter(Q(name__icontains=value) | Q(expertise__icontains=value)
                         | Q(occupation__icontains=value) | Q(region__icontains=value))

    def filter_availability(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        today = timezone.localdate()
        if value == "available":
            return qs.filter(status=SupervisorStatus.ACTIVE, term_start__lte=today,
                             term_end__gte=today)
        if value == "expired":
            return qs.filter(term_end__lt=today)
        return qs.filter(status=value)
