"""Forms of the material requests flow (issue 19): the procurator's request, follow-up,
acceptance and withdrawal; the liaison's answer; the intake list's filters (one FilterSet for
the page and the API)."""

from __future__ import annotations

from typing import ClassVar

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from cases.choices import MeasureType
from cases.forms import MultipleFileField
from cases.models import InvestigationMeasure, SupervisionCase
from supervision.forms import BootstrapFormMixin, DateInput
from supervision.input_dates import DATE_BOUNDS
from supervision.permissions import dashboard_procuratorates

from ..models import MaterialRequest, MaterialRequestStatus
from ..services.material_requests import MAX_DAYS, MIN_DAYS

FILES_HELP = _("PDF、OFD、DOCX、XLSX、JPG、PNG，可多选，最多 10 个")
DEFAULT_DAYS = 15


class _Period(forms.IntegerField):
    def __init__(self, **kwargs) -> None:
        super().__init__(label=_("答复期限（日）"), min_value=MIN_DAYS, max_value=MAX_DAYS,
                         initial=DEFAULT_DAYS,
                         help_text=_("通知载明的期限，自发出次日起算，末日为节假日的顺延。"
                                     "法律未规定协助配合的期限。"), **kwargs)


class MaterialRequestForm(BootstrapFormMixin, forms.Form):
    """A request on a case: on one of its measures, or on a measure recorded with it."""

    agency = forms.ModelChoiceField(label=_("被调取单位"), queryset=Agency.objects.none())
    measure = forms.ModelChoiceField(
        label=_("所属调查核实措施"), queryset=InvestigationMeasure.objects.none(), required=False,
        empty_label=_("新记录一项调查核实措施"),
        help_text=_("不选则按下面的调查方式新记录一项措施。"))
    measure_type = forms.ChoiceField(label=_("调查方式"), choices=MeasureType.choices,
                                     initial=MeasureType.EVIDENCE, required=False)
    target = forms.CharField(label=_("调查对象"), max_length=200, required=False,
                             help_text=_("不填则为被调取单位。"))
    items = forms.CharField(label=_("调取事项"), widget=forms.Textarea(attrs={"rows": 4}),
                            max_length=4000,
                            help_text=_("需要提供的材料或需要答复的问题，每行一项。"))
    period_days = _Period()
    sent_on = forms.DateField(validators=DATE_BOUNDS, label=_("发出日期"), widget=DateInput())
    letter_number = forms.CharField(label=_("通知书文号"), max_length=60, required=False)
    files = MultipleFileField(label=_("随附文件"), required=False, help_text=FILES_HELP)

    def __init__(self, *args, case: SupervisionCase, **kwargs) -> None:
        kwargs.setdefault("initial", {}).setdefault("sent_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(
            supervising_procuratorate_id=case.procuratorate_id).order_by("name")
        self.fields["measure"].queryset = case.measures.select_related("agency")

    def clean(self) -> dict:
        data = super().clean()
        # A new measure is 调取证据材料 unless another way is chosen.
        data["measure_type"] = data.get("measure_type") or MeasureType.EVIDENCE
        return data


class AnswerForm(BootstrapFormMixin, forms.Form):
    answer = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 5}),
                             max_length=8000,
                             help_text=_("逐项说明提供的材料或答复；无法提供的，请说明理由。"))
    files = MultipleFileField(label=_("答复材料"), required=False, help_text=FILES_HELP)


class AcceptForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(label=_("审阅意见"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class FollowUpForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("补充调取理由"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))
    items = forms.CharField(label=_("补充调取事项"), max_length=4000,
                            widget=forms.Textarea(attrs={"rows": 3}))
    period_days = _Period()
    files = MultipleFileField(label=_("随附文件"), required=False, help_text=FILES_HELP)


class WithdrawForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("撤回理由"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class MaterialRequestFilterForm(BootstrapFormMixin, forms.Form):
    pass


YES_NO = [("", _("不限")), ("true", _("是")), ("false", _("否"))]


class MaterialRequestFilter(django_filters.FilterSet):
    """Narrows the requests the viewer sees (``permissions.material_requests``); a filter only
    takes rows away, and its choices are limited to the viewer's scope."""

    status = django_filters.ChoiceFilter(label=_("状态"), choices=MaterialRequestStatus.choices)
    agency = django_filters.ModelChoiceFilter(label=_("被调取单位"), queryset=Agency.objects.none())
    overdue = django_filters.TypedChoiceFilter(
        label=_("逾期未答复"), method="filter_overdue", choices=YES_NO,
        coerce=lambda value: value == "true")
    refused = django_filters.TypedChoiceFilter(
        label=_("已记为拒不配合"), method="filter_refused", choices=YES_NO,
        coerce=lambda value: value == "true")
    case = django_filters.NumberFilter(label=_("案件"), field_name="case_id", min_value=1,
                                       max_value=2**63 - 1, widget=forms.HiddenInput)
    sent_from = django_filters.DateFilter(validators=DATE_BOUNDS, label=_("发出日期自"),
                                          field_name="sent_on", lookup_expr="gte",
                                          widget=DateInput())
    sent_to = django_filters.DateFilter(validators=DATE_BOUNDS, label=_("发出日期至"),
                                        field_name="sent_on", lookup_expr="lte",
                                        widget=DateInput())

    class Meta:
        model = MaterialRequest
        fields: ClassVar[list[str]] = []
        form = MaterialRequestFilterForm

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None) -> None:
        super().__init__(data, queryset, request=request, prefix=prefix)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.role != "liaison":
            self.filters["agency"].queryset = Agency.objects.filter(
                supervising_procuratorate__in=dashboard_procuratorates(user)).order_by("name")
        else:  # a liaison's list is one agency's already
            self.filters.pop("agency")

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value in (None, ""):
            return queryset
        condition = MaterialRequest.overdue_q(timezone.localdate())
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_refused(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value in (None, ""):
            return queryset
        return queryset.filter(refusal_recorded_at__isnull=not value)
