from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from supervision.choices import PeriodUnit
from supervision.forms import BootstrapFormMixin, DateInput

from .choices import ServiceMethod
from .models import InstrumentType


class DraftForm(BootstrapFormMixin, forms.Form):
    """The sections 人民检察院检察建议工作规定 asks of a recommendation."""

    instrument_type = forms.ModelChoiceField(label=_("文书类型"), queryset=InstrumentType.objects.all())
    agency = forms.ModelChoiceField(label=_("主送单位"), queryset=Agency.objects.none())
    title = forms.CharField(label=_("标题"), max_length=200)
    facts = forms.CharField(label=_("查明的事实"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    problems = forms.CharField(label=_("存在的问题/违法情形"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
    legal_basis = forms.CharField(label=_("法律依据"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    body = forms.CharField(label=_("建议的具体内容"), widget=forms.Textarea(attrs={"rows": 5}))
    period_amount = forms.IntegerField(
        label=_("紧急情形：文书载明的较短回复期限"), required=False, min_value=1, max_value=365,
        help_text=_("一般留空，按期限规则计算。确因紧急（如公益损害持续扩大）需缩短时填写，"
                    "须短于规则期限并写明理由；行政公益诉讼诉前检察建议的紧急期限为十五日。"))
    period_unit = forms.ChoiceField(label=_("期限单位"), required=False,
                                    choices=PeriodUnit.choices)
    period_reason = forms.CharField(label=_("缩短期限的理由"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, case, **kwargs) -> None:
        kwargs.setdefault("initial", {
            "agency": case.agency_id,
            "title": case.title,
            "facts": case.summary,
        })
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(
            supervising_procuratorate_id=case.procuratorate_id)

    def clean(self):
        data = super().clean()
        if data.get("period_amount") is None:
            data["period_unit"], data["period_reason"] = "", ""
        return data


class ServeForm(BootstrapFormMixin, forms.Form):
    served_on = forms.DateField(label=_("送达日期"), widget=DateInput(),
                                help_text=_("以送达回证上的签收日期为准；期间自次日起算。"))
    method = forms.ChoiceField(label=_("送达方式"), choices=ServiceMethod.choices,
                               initial=ServiceMethod.DIRECT)

    def clean_served_on(self):
        value = self.cleaned_data["served_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("送达日期不能晚于今天。"))
        return value


class ReturnForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("退回理由"), widget=forms.Textarea(attrs={"rows": 2}))


class ReplyForm(BootstrapFormMixin, forms.Form):
    content = forms.CharField(label=_("回复内容"), widget=forms.Textarea(attrs={"rows": 6}))
    measures = forms.CharField(label=_("整改措施"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    attachment = forms.FileField(label=_("附件"), required=False,
                                 help_text=_("PDF、OFD、DOCX、XLSX、JPG、PNG，按内容校验类型"))


class ExtensionForm(BootstrapFormMixin, forms.Form):
    """延长回复期限: a number of days added to the current due date, or the new date."""

    days = forms.IntegerField(label=_("延长天数"), required=False, min_value=1, max_value=366)
    new_due = forms.DateField(label=_("或：延长至"), required=False, widget=DateInput())
    reason = forms.CharField(label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if bool(data.get("days")) == bool(data.get("new_due")):
            raise forms.ValidationError(_("请填写延长天数或延长后的日期（二者选一）。"))
        return data


class ExtensionRefuseForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("不予准许的理由"), widget=forms.Textarea(attrs={"rows": 2}))
