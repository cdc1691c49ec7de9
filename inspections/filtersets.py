"""The inspection list's filters, one FilterSet for the page and the API. The queryset it
narrows is always what the viewer may see: a filter only takes rows away."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from supervision.forms import BootstrapFormMixin, DateInput
from supervision.input_dates import DATE_BOUNDS

from .choices import INSTITUTION_TYPES, InspectionKind, InspectionStatus
from .models import Inspection
from .permissions import scope_q


class FilterForm(BootstrapFormMixin, forms.Form):
    pass


def institutions(request) -> QuerySet[Agency]:
    """The places of custody and execution supervised within the viewer's scope."""
    user = getattr(request, "user", None)
    condition = scope_q(user, "supervising_procuratorate") if user is not None else None
    if condition is None:
        return Agency.objects.none()
    return Agency.objects.filter(condition, agency_type__in=INSTITUTION_TYPES).order_by("name")


class InspectionFilter(django_filters.FilterSet):
    class Meta:
        model = Inspection
        fields: list[str] = []
        form = FilterForm

    q = django_filters.CharFilter(label=_("搜索"), method="filter_q",
                                  widget=forms.TextInput(attrs={"type": "search",
                                                                "placeholder": _("名称、检察内容")}))
    status = django_filters.ChoiceFilter(label=_("状态"), choices=InspectionStatus.choices,
                                         empty_label=_("全部"))
    kind = django_filters.ChoiceFilter(label=_("检察方式"), choices=InspectionKind.choices,
                                       empty_label=_("全部"))
    institution = django_filters.ModelChoiceFilter(label=_("被检察单位"), queryset=institutions,
                                                   empty_label=_("全部"))
    date_from = django_filters.DateFilter(label=_("检察期间自"), method="filter_from",
                                          widget=DateInput(), validators=DATE_BOUNDS)
    date_to = django_filters.DateFilter(label=_("至"), method="filter_to", widget=DateInput(),
                                        validators=DATE_BOUNDS)

    def filter_q(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return qs.filter(Q(title__icontains=value) | Q(scope__icontains=value)) if value else qs

    def filter_from(self, qs: QuerySet, name: str, value: datetime.date) -> QuerySet:
        """Inspections whose period reaches ``value`` or later (the periods overlap)."""
        return qs.filter(end_date__gte=value)

    def filter_to(self, qs: QuerySet, name: str, value: datetime.date) -> QuerySet:
        return qs.filter(start_date__lte=value)
