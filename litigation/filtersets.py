"""The filters of the suit list, for the page and the API. The queryset they narrow is always
what the viewer may see: a filter only takes rows away."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from agencies.choices import AgencyType
from agencies.models import Agency
from supervision.forms import BootstrapFormMixin

from .choices import SuitKind, SuitStatus
from .models import PublicInterestSuit


class FilterForm(BootstrapFormMixin, forms.Form):
    pass


class SuitFilter(django_filters.FilterSet):
    class Meta:
        model = PublicInterestSuit
        fields: list[str] = []
        form = FilterForm

    q = django_filters.CharFilter(label=_("搜索"), method="filter_q",
                                  widget=forms.TextInput(attrs={"type": "search",
                                                                "placeholder": _("案号、被告")}))
    status = django_filters.ChoiceFilter(label=_("阶段"), choices=SuitStatus.choices,
                                         empty_label=_("全部"))
    kind = django_filters.ChoiceFilter(label=_("诉讼类型"), choices=SuitKind.choices,
                                       empty_label=_("全部"))
    court = django_filters.ModelChoiceFilter(
        label=_("受诉法院"), empty_label=_("全部"),
        queryset=Agency.objects.filter(agency_type=AgencyType.COURT).order_by("name"))

    def filter_q(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return (qs.filter(Q(defendant__icontains=value) | Q(case__number__icontains=value))
                if value else qs)
