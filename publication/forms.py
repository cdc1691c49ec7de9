"""The staff pages' forms: a typical case's texts, a release's period, a reason."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from supervision.forms import BootstrapFormMixin
from supervision.models import SupervisionKind

_DATE = {"required": _("请填写日期。"), "invalid": _("请输入有效的日期。")}


class TypicalCaseForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200,
                            help_text=_("如“督促规范执行财产处置检察监督案”，不写当事人姓名。"))
    kind = forms.ModelChoiceField(label=_("检察类别"), queryset=SupervisionKind.objects.all(),
                                  empty_label=None,
                                  error_messages={"invalid_choice": _("请选择有效的检察类别。")})
    summary = forms.CharField(label=_("基本案情"), widget=forms.Textarea(attrs={"rows": 6}),
                              help_text=_("公开前会自动隐去姓名、证件号码、电话和住址；"
                                          "仍可能识别个人的内容请改写。"))
    achieved = forms.CharField(label=_("监督成效"), widget=forms.Textarea(attrs={"rows": 4}))
    significance = forms.CharField(label=_("典型意义"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}))


class ReleaseForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    start = forms.DateField(label=_("起始日期"), error_messages=_DATE,
                            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end = forms.DateField(label=_("截止日期"), error_messages=_DATE,
                          widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    note = forms.CharField(label=_("说明"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}))
