"""Forms of the commutation flow (issue 19): the organ's filing, the procuratorate's opinion,
extension and ruling, and the intake queue's filters (one FilterSet for the page and the API)."""

from __future__ import annotations

from typing import ClassVar

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.choices import AgencyType
from agencies.models import Agency
from supervision.forms import BootstrapFormMixin, DateInput
from supervision.input_dates import DATE_BOUNDS
from supervision.permissions import dashboard_procuratorates

from ..models import (
    CommutationKind,
    CommutationProposal,
    CommutationStatus,
    OpinionStance,
    RulingOutcome,
)

#: The organs a proposal may go to (the service checks the kind: a court for 减刑、假释).
DECIDING_TYPES = (AgencyType.COURT, AgencyType.JUDICIAL_ADMINISTRATION, AgencyType.POLICE)


class ProposalFileForm(BootstrapFormMixin, forms.Form):
    """The organ's liaison sends the copy of a proposal (portal and API use the same fields)."""

    kind = forms.ChoiceField(label=_("类别"), choices=CommutationKind.choices)
    proposal_number = forms.CharField(label=_("建议书文号"), max_length=100,
                                      help_text=_("如（2026）浙舟狱减字第12号"))
    court = forms.ModelChoiceField(label=_("审理法院（决定机关）"), queryset=Agency.objects.none(),
                                   help_text=_("减刑、假释报请人民法院裁定；暂予监外执行可选决定或批准机关。"))
    person_name = forms.CharField(label=_("罪犯姓名"), max_length=50)
    person_id_number = forms.CharField(label=_("身份证号"), max_length=18, required=False,
                                       help_text=_("选填；仅检察院和本单位可见，列表中遮蔽显示。"))
    judgment_number = forms.CharField(label=_("原判决书文号"), max_length=100)
    judgment = forms.CharField(label=_("原判罪名及刑期"), widget=forms.Textarea(attrs={"rows": 2}))
    proposal = forms.CharField(label=_("建议内容"), widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("如：建议减去有期徒刑六个月；建议假释；建议暂予监外执行及理由。"))
    upload = forms.FileField(label=_("建议书副本"),
                             help_text=_("PDF、OFD、Word 或图片；按文件内容识别类型。"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["court"].queryset = (Agency.objects.filter(agency_type__in=DECIDING_TYPES)
                                         .order_by("agency_type", "name"))


class OpinionForm(BootstrapFormMixin, forms.Form):
    stance = forms.ChoiceField(label=_("检察意见"), choices=OpinionStance.choices,
                               widget=forms.RadioSelect)
    reasons = forms.CharField(label=_("意见理由"), required=False,
                              widget=forms.Textarea(attrs={"rows": 5}),
                              help_text=_("不同意的必须写明理由；每段一行，可用（一）（二）分项。"))


class ExtensionForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("延长理由"), widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("案情复杂或者情况特殊的，可以延长十日（只能延长一次）。"))


class RulingForm(BootstrapFormMixin, forms.Form):
    ruling_on = forms.DateField(label=_("裁定（决定）日期"), widget=DateInput(),
                                validators=DATE_BOUNDS)
    ruling_number = forms.CharField(label=_("裁定（决定）书文号"), max_length=100, required=False)
    outcome = forms.ChoiceField(label=_("裁定（决定）结果"),
                                choices=[("", _("请选择")), *RulingOutcome.choices])
    summary = forms.CharField(label=_("裁定（决定）内容"), widget=forms.Textarea(attrs={"rows": 2}))
    wrong = forms.TypedChoiceField(
        label=_("审查意见"), coerce=lambda v: v == "1", widget=forms.RadioSelect, initial="0",
        choices=[("0", _("裁定适当")), ("1", _("裁定不当，拟提出纠正意见"))])
    wrong_reason = forms.CharField(label=_("不当的理由"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}))


class QueueFilterForm(BootstrapFormMixin, forms.Form):
    pass


DUE_CHOICES = [("overdue", _("已逾期")), ("due_7", _("7日内到期"))]


class ProposalFilter(django_filters.FilterSet):
    """The procuratorate's intake queue: by kind, status, organ, due date. The queryset is
    always the viewer's visible proposals; a filter only takes rows away."""

    q = django_filters.CharFilter(label=_("搜索"), method="filter_q",
                                  widget=forms.TextInput(attrs={"type": "search",
                                                                "placeholder": _("建议书文号、罪犯姓名")}))
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=CommutationKind.choices,
                                       empty_label=_("全部"))
    status = django_filters.ChoiceFilter(label=_("状态"), choices=CommutationStatus.choices,
                                         empty_label=_("全部"))
    organ = django_filters.ModelChoiceFilter(label=_("执行机关"), queryset=Agency.objects.none(),
                                             empty_label=_("全部"))
    due = django_filters.ChoiceFilter(label=_("期限"), choices=DUE_CHOICES, method="filter_due",
                                      empty_label=_("不限"))
    due_before = django_filters.DateFilter(label=_("期限不晚于"), field_name="due_date",
                                           lookup_expr="lte", widget=DateInput(),
                                           validators=DATE_BOUNDS)

    class Meta:
        model = CommutationProposal
        fields: ClassVar[list[str]] = []
        form = QueueFilterForm

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None) -> None:
        super().__init__(data, queryset, request=request, prefix=prefix)
        scope = dashboard_procuratorates(request.user) if request is not None else []
        self.filters["organ"].queryset = Agency.objects.filter(
            supervising_procuratorate__in=scope,
            agency_type__in=(AgencyType.PRISON, AgencyType.DETENTION,
                             AgencyType.COMMUNITY_CORRECTION)).order_by("name")

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(proposal_number__icontains=value) | queryset.filter(
            person_name__icontains=value)

    def filter_due(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        today = timezone.localdate()
        if value == "overdue":
            return queryset.filter(CommutationProposal.overdue_q(today))
        if value == "due_7":
            return queryset.filter(CommutationProposal.due_within_q(7, today))
        return queryset
