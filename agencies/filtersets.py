"""The agency directory's filters: one FilterSet for the directory API (there is no directory
page; the admin's list is Django's own). Every choice offered is limited to the viewer's
scope, and the queryset it narrows is always the directory's visible rows
(``agencies.permissions.directory_visible_to``): a filter can only ever take rows away."""

from __future__ import annotations

from typing import ClassVar

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from agencies.choices import AgencyLevel, AgencyType
from agencies.models import Agency
from supervision.models import Procuratorate
from supervision.permissions import dashboard_procuratorates

#: The longest search text taken; a longer one is cut (a name is at most 100 characters).
MAX_SEARCH = 100


class AgencyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="filter_q",
                                  help_text=_("单位名称、地区、行业或上级机关中包含的文字"))
    agency_type = django_filters.ChoiceFilter(label=_("单位类型"), choices=AgencyType.choices)
    level = django_filters.ChoiceFilter(label=_("层级"), choices=AgencyLevel.choices)
    procuratorate = django_filters.ModelChoiceFilter(
        label=_("监督检察院（含下级）"), method="filter_subtree",
        queryset=Procuratorate.objects.none())

    class Meta:
        model = Agency
        fields: ClassVar[list[str]] = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None) -> None:
        super().__init__(data, queryset, request=request, prefix=prefix)
        if request is not None:
            self.filters["procuratorate"].queryset = dashboard_procuratorates(request.user)

    def filter_q(self, queryset: QuerySet[Agency], name: str, value: str) -> QuerySet[Agency]:
        # (A NUL byte, which PostgreSQL refuses, never gets here: the form field refuses it.)
        text = value.strip()[:MAX_SEARCH]
        if not text:
            return queryset
        return queryset.filter(Q(name__icontains=text) | Q(region__icontains=text)
                               | Q(sector__icontains=text)
                               | Q(superior_authority__icontains=text)
                               | Q(superior__name__icontains=text))

    def filter_subtree(self, queryset: QuerySet[Agency], name: str,
                       value: Procuratorate) -> QuerySet[Agency]:
        return queryset.filter(supervising_procuratorate__path__startswith=value.path)
