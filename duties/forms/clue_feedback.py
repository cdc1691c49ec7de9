"""Forms of the clue feedback flow (issue 19): the receiving organ's feedback in the portal,
and the one FilterSet of the procuratorate's queue (page and API alike)."""

from __future__ import annotations

from typing import ClassVar

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from cases.choices import TransferRecipient
from cases.forms import MultipleFileField
from cases.models import ClueTransfer
from cases.services.transfers import MAX_FEEDBACK_FILES
from supervision.choices import Role
from supervision.forms import BootstrapFormMixin, DateInput
from supervision.input_dates import DATE_BOUNDS
from supervision.models import Procuratorate
from supervision.permissions import dashboard_procuratorates

from ..selectors.clue_feedback import AGENCY_BUCKETS, BUCKETS, bucket_q


class FeedbackForm(BootstrapFormMixin, forms.Form):
    """书面反馈结果 (seed 000 §8): the result, its date, the organ's files."""

    summary = forms.CharField(label=_("反馈结果"), max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 5}),
                              help_text=_("线索的处理情况和结果，如立案审查、初步核实、了结等"))
    replied_on = forms.DateField(validators=DATE_BOUNDS, label=_("反馈日期"), widget=DateInput())
    files = MultipleFileField(label=_("反馈文书及材料"), required=False,
                              help_text=_("PDF、OFD、DOCX、XLSX、JPG、PNG，可多选，最多 %(n)s 个")
                              % {"n": MAX_FEEDBACK_FILES})

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("initial", {}).setdefault("replied_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class QueueFilterForm(BootstrapFormMixin, forms.Form):
    pass


def _search(queryset: QuerySet, value: str) -> QuerySet:
    value = value.strip()[:100]
    if not value:
        return queryset
    return queryset.filter(Q(recipient__icontains=value) | Q(letter_number__icontains=value)
                           | Q(clue__icontains=value) | Q(case__number__icontains=value))


class TransferQueueFilter(django_filters.FilterSet):
    """The procuratorate's queue of transfers; the queryset narrowed is always
    ``duties.permissions.clue_feedback.staff_transfers(user)``."""

    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=list(BUCKETS.items()), method="filter_status", empty_label=None)
    q = django_filters.CharFilter(label=_("搜索"), method="filter_q", widget=forms.TextInput(
        attrs={"placeholder": _("接收机关、函号、线索、案号"), "type": "search"}))
    recipient_kind = django_filters.ChoiceFilter(label=_("移送对象类别"),
                                                 choices=TransferRecipient.choices)
    recipient_agency = django_filters.ModelChoiceFilter(label=_("接收单位（系统内）"),
                                                        queryset=Agency.objects.none())
    procuratorate = django_filters.ModelChoiceFilter(
        label=_("检察院（含下级）"), method="filter_subtree", queryset=Procuratorate.objects.none())
    transferred_from = django_filters.DateFilter(
        validators=DATE_BOUNDS, label=_("移送日期自"), field_name="transferred_on",
        lookup_expr="gte", widget=DateInput())
    transferred_to = django_filters.DateFilter(
        validators=DATE_BOUNDS, label=_("移送日期至"), field_name="transferred_on",
        lookup_expr="lte", widget=DateInput())

    class Meta:
        model = ClueTransfer
        fields: ClassVar[list[str]] = []
        form = QueueFilterForm

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None) -> None:
        super().__init__(data, queryset, request=request, prefix=prefix)
        scope = dashboard_procuratorates(request.user)
        self.filters["recipient_agency"].queryset = Agency.objects.filter(
            supervising_procuratorate__in=scope)
        self.filters["procuratorate"].queryset = scope
        self.show_subtree = request.user.role == Role.SUPERVISOR

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(bucket_q(value)) if value else queryset

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _search(queryset, value)

    def filter_subtree(self, queryset: QuerySet, name: str, value: Procuratorate) -> QuerySet:
        return queryset.filter(case__procuratorate__path__startswith=value.path)


class AgencyTransferFilter(django_filters.FilterSet):
    """The receiving organ's list (portal and API): its bucket and a search."""

    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=list(AGENCY_BUCKETS.items()), method="filter_status")
    q = django_filters.CharFilter(label=_("搜索"), method="filter_q", widget=forms.TextInput(
        attrs={"placeholder": _("函号、线索内容"), "type": "search"}))

    class Meta:
        model = ClueTransfer
        fields: ClassVar[list[str]] = []
        form = QueueFilterForm

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(bucket_q(value)) if value else queryset

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()[:100]
        if not value:
            return queryset
        return queryset.filter(Q(letter_number__icontains=value) | Q(clue__icontains=value))
