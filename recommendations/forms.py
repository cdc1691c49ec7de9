from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
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

    def __init__(self, *args, case, **kwargs) -> None:
        kwargs.setdefault("initial", {
            "agency": case.agency_id,
            "title": case.title,
            "facts": case.summary,
        })
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(
            supervising_procuratorate_id=case.procuratorate_id)


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
