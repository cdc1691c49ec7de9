"""Forms of the transfer notices flow (seed 003 §9): the organ's filing form, the police unit's
decision, the procuratorate's one-step 立案监督 and the intake queue's filters."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from agencies.choices import AgencyType
from agencies.models import Agency
from cases.forms import MultipleFileField
from supervision.forms import BootstrapFormMixin, DateInput
from supervision.input_dates import DATE_BOUNDS
from supervision.models import Matter

from ..models import PoliceDecision, SuspectKind, TransferNotice, TransferNoticeStatus

FILES_HELP = _("PDF、OFD、DOCX、XLSX、JPG、PNG，可多选。")


class TransferNoticeForm(BootstrapFormMixin, forms.Form):
    """What the organ's liaison fills in: the case, the suspect, the police unit, the letter."""

    case_name = forms.CharField(label=_("案件名称"), max_length=100)
    admin_case_number = forms.CharField(label=_("行政案件编号"), max_length=60)
    summary = forms.CharField(label=_("简要案情"), max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 4}))
    suspect_kind = forms.ChoiceField(label=_("涉嫌犯罪的单位或个人"), choices=SuspectKind.choices,
                                     widget=forms.RadioSelect, initial=SuspectKind.ORGANISATION)
    suspect_name = forms.CharField(label=_("姓名或名称"), max_length=100)
    police_agency = forms.ModelChoiceField(
        label=_("接受移送的公安机关"), required=False, queryset=Agency.objects.none(),
        empty_label=_("（不在列表中，请在下方填写）"))
    police_unit = forms.CharField(label=_("公安机关名称（不在列表中时填写）"), max_length=100,
                                  required=False)
    letter_number = forms.CharField(label=_("移送书文号"), max_length=60)
    transferred_on = forms.DateField(label=_("移送日期"), widget=DateInput(), validators=DATE_BOUNDS)
    police_received_on = forms.DateField(
        label=_("公安机关接受日期"), widget=DateInput(), validators=DATE_BOUNDS, required=False,
        help_text=_("公安机关在移送回执上签收的日期；不填则按移送日期计算立案审查期限。"))
    files = MultipleFileField(label=_("涉嫌犯罪案件移送书（副本）及附件"), help_text=FILES_HELP)

    def __init__(self, *args, agency: Agency | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        police = Agency.objects.filter(agency_type=AgencyType.POLICE).order_by("name")
        if agency is not None and agency.supervising_procuratorate_id:
            # The police units the same procuratorate supervises first (同级公安机关).
            police = police.filter(supervising_procuratorate_id=agency.supervising_procuratorate_id)
        self.fields["police_agency"].queryset = police
        self.fields["files"].widget.attrs["accept"] = ".pdf,.ofd,.docx,.xlsx,.jpg,.jpeg,.png"

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("police_agency") and not (data.get("police_unit") or "").strip():
            self.add_error("police_unit", _("请选择或填写接受移送的公安机关。"))
        return data


class PoliceDecisionForm(BootstrapFormMixin, forms.Form):
    decision = forms.ChoiceField(label=_("公安机关决定"), choices=PoliceDecision.choices,
                                 widget=forms.RadioSelect)
    decided_on = forms.DateField(label=_("决定日期"), widget=DateInput(), validators=DATE_BOUNDS)
    document_number = forms.CharField(label=_("立案/不予立案通知书文号"), max_length=60, required=False)
    reason = forms.CharField(label=_("理由（不予立案的必填）"), required=False, max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(label=_("决定书等材料"), required=False, help_text=FILES_HELP)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("decision") == PoliceDecision.NOT_FILED and not (data.get("reason") or "").strip():
            self.add_error("reason", _("不予立案的，须写明理由。"))
        return data


class OpenCaseForm(BootstrapFormMixin, forms.Form):
    """立案监督 in one step: the matter (有案不立 preselected) and the supervised agency."""

    matter = forms.ModelChoiceField(label=_("监督事项"), queryset=Matter.objects.none(),
                                    empty_label=None)
    agency = forms.ModelChoiceField(label=_("被监督单位"), queryset=Agency.objects.none(),
                                    empty_label=None)
    confirm_duplicate = forms.BooleanField(label=_("仍然登记（已有涉及相同案件编号的案件）"),
                                           required=False)

    def __init__(self, *args, matters: list[Matter], agencies: list[Agency], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["matter"].queryset = Matter.objects.filter(pk__in=[m.pk for m in matters])
        self.fields["matter"].label_from_instance = lambda m: m.localized_name
        self.fields["agency"].queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies])
        if matters:
            self.fields["matter"].initial = matters[0].pk
        if agencies:
            self.fields["agency"].initial = agencies[0].pk


class TransferNoticeFilter(django_filters.FilterSet):
    """The intake queue's filters; the queryset narrowed is always the viewer's
    (``staff_notices``): a filter only takes rows away."""

    q = django_filters.CharFilter(label=_("搜索"), method="filter_q", widget=forms.TextInput(
        attrs={"type": "search", "placeholder": _("文号、案件名称、嫌疑单位或个人")}))
    status = django_filters.ChoiceFilter(label=_("状态"), choices=TransferNoticeStatus.choices,
                                         empty_label=_("全部状态"))
    agency = django_filters.ModelChoiceFilter(label=_("移送机关"), queryset=Agency.objects.none(),
                                              empty_label=_("全部移送机关"))
    police_agency = django_filters.ModelChoiceFilter(label=_("公安机关"),
                                                     queryset=Agency.objects.none(),
                                                     empty_label=_("全部公安机关"))
    transferred_from = django_filters.DateFilter(
        label=_("移送日期自"), field_name="transferred_on", lookup_expr="gte", widget=DateInput(),
        validators=DATE_BOUNDS)
    transferred_to = django_filters.DateFilter(
        label=_("移送日期至"), field_name="transferred_on", lookup_expr="lte", widget=DateInput(),
        validators=DATE_BOUNDS)

    class Meta:
        model = TransferNotice
        fields: list[str] = []

    def __init__(self, *args, scope: QuerySet[TransferNotice] | None = None, **kwargs) -> None:
        if scope is not None:  # the page passes the viewer's rows; the API its visible queryset
            kwargs["queryset"] = scope
        super().__init__(*args, **kwargs)
        scope = self.queryset
        # Only the agencies of the viewer's own notices are offered.
        self.filters["agency"].queryset = Agency.objects.filter(
            pk__in=scope.values("agency_id")).order_by("name")
        self.filters["police_agency"].queryset = Agency.objects.filter(
            pk__in=scope.values("police_agency_id")).order_by("name")
        for field in self.form.fields.values():
            field.widget.attrs["class"] = ("form-select form-select-sm"
                                           if isinstance(field.widget, forms.Select)
                                           else "form-control form-control-sm")

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(letter_number__icontains=value) | Q(case_name__icontains=value)
                               | Q(suspect_name__icontains=value)
                               | Q(admin_case_number__icontains=value))
