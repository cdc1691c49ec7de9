"""The case list's filters, one FilterSet for the page, the API and the exports.

Every choice offered is limited to what the viewer's scope covers, and the queryset the
FilterSet narrows is always ``cases_visible_to(user)``: a filter can only ever take rows away.
"""

from __future__ import annotations

from typing import ClassVar

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from supervision.choices import Role
from supervision.forms import BootstrapFormMixin, DateInput
from supervision.input_dates import DATE_BOUNDS
from supervision.models import Matter, Procuratorate, SupervisionKind, User
from supervision.permissions import dashboard_procuratorates

from . import hooks
from .choices import CaseStatus, ClueSource
from .models import SupervisionCase
from .search import search_cases

#: ``sort`` parameter -> ordering. Only non-null columns backed by an index or the primary
#: key, so keyset pagination stays exact and cheap.
SORTS = {
    "-accepted_on": ("-accepted_on", "-pk"),
    "accepted_on": ("accepted_on", "pk"),
    "-created": ("-pk",),
    "created": ("pk",),
}
SORT_LABELS = {
    "-accepted_on": _("受理日期（新→旧）"),
    "accepted_on": _("受理日期（旧→新）"),
    "-created": _("登记顺序（新→旧）"),
    "created": _("登记顺序（旧→新）"),
}
DEFAULT_SORT = "-accepted_on"

#: The filters always in view on the page (the rest fold under 更多条件).
PRIMARY_FILTERS = ("q", "status")


def sort_ordering(value: str | None) -> tuple[str, ...]:
    return SORTS.get(value or DEFAULT_SORT, SORTS[DEFAULT_SORT])


class CaseFilterForm(BootstrapFormMixin, forms.Form):
    pass


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="filter_q",
                                  widget=forms.TextInput(attrs={"placeholder": _("案号、当事人、案情"),
                                                                "type": "search"}))
    kind = django_filters.ModelChoiceFilter(label=_("检察类别"), queryset=SupervisionKind.objects.all())
    matter = django_filters.ModelChoiceFilter(label=_("监督事项"), method="filter_matter",
                                              queryset=Matter.objects.select_related("parent"))
    status = django_filters.MultipleChoiceFilter(label=_("状态"), choices=CaseStatus.choices,
                                                 widget=forms.CheckboxSelectMultiple)
    clue_source = django_filters.ChoiceFilter(label=_("线索来源"), choices=ClueSource.choices)
    agency = django_filters.ModelChoiceFilter(label=_("被监督单位"), queryset=Agency.objects.none())
    handler = django_filters.ModelChoiceFilter(label=_("承办检察官"), queryset=User.objects.none())
    procuratorate = django_filters.ModelChoiceFilter(label=_("检察院（含下级）"), method="filter_subtree",
                                                     queryset=Procuratorate.objects.none())
    accepted_from = django_filters.DateFilter(validators=DATE_BOUNDS, label=_("受理日期自"), field_name="accepted_on",
                                              lookup_expr="gte", widget=DateInput())
    accepted_to = django_filters.DateFilter(validators=DATE_BOUNDS, label=_("受理日期至"), field_name="accepted_on",
                                            lookup_expr="lte", widget=DateInput())
    closed_from = django_filters.DateFilter(validators=DATE_BOUNDS, label=_("结案日期自"), field_name="closed_on",
                                            lookup_expr="gte", widget=DateInput())
    closed_to = django_filters.DateFilter(validators=DATE_BOUNDS, label=_("结案日期至"), field_name="closed_on",
                                          lookup_expr="lte", widget=DateInput())
    juvenile = django_filters.BooleanFilter(label=_("涉未成年人"), widget=forms.Select(choices=[
        ("", _("不限")), ("true", _("是")), ("false", _("否"))]))
    overdue = django_filters.BooleanFilter(label=_("有逾期未回复文书"), method="filter_overdue",
                                           widget=forms.Select(choices=[
                                               ("", _("不限")), ("true", _("是")), ("false", _("否"))]))

    class Meta:
        model = SupervisionCase
        fields: ClassVar[list[str]] = []
        form = CaseFilterForm

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None) -> None:
        super().__init__(data, queryset, request=request, prefix=prefix)
        user = request.user
        scope = dashboard_procuratorates(user)  # the staff the list serves: own or subtree
        self.filters["agency"].queryset = Agency.objects.filter(supervising_procuratorate__in=scope)
        self.filters["handler"].queryset = User.objects.filter(
            procuratorate__in=scope, role__in=[Role.PROCURATOR, Role.APPROVER, Role.CHIEF])
        self.filters["procuratorate"].queryset = scope
        self.show_subtree = user.role == Role.SUPERVISOR

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_cases(queryset, value)

    def filter_matter(self, queryset: QuerySet, name: str, value: Matter) -> QuerySet:
        """A parent matter (立案监督) finds the cases of all its children (有案不立 …)."""
        return queryset.filter(matter__in=Matter.objects.filter(pk=value.pk) | value.children.all())

    def filter_subtree(self, queryset: QuerySet, name: str, value: Procuratorate) -> QuerySet:
        return queryset.filter(procuratorate__path__startswith=value.path)

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        """Cases with (or without) something overdue: the conditions the layers above
        register in :mod:`cases.hooks` (an instrument whose reply is overdue)."""
        if value is None:
            return queryset
        overdue = hooks.overdue_condition(timezone.localdate())
        if overdue is None:
            return queryset.none() if value else queryset
        return queryset.filter(overdue) if value else queryset.exclude(overdue)
