"""Form helpers shared by every app."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class BootstrapFormMixin:
    """Give every widget the Bootstrap class it needs, so templates can render fields plainly."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect):
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class NotificationPreferenceForm(BootstrapFormMixin, forms.Form):
    email_mode = forms.ChoiceField(label=_("期限邮件"),
                                   widget=forms.RadioSelect(attrs={"class": "form-check-input"}))
    language = forms.ChoiceField(label=_("邮件和日历订阅的语言"))

    def __init__(self, *args, **kwargs) -> None:
        from django.conf import settings

        from .choices import EmailMode

        super().__init__(*args, **kwargs)
        self.fields["email_mode"].choices = EmailMode.choices
        self.fields["language"].choices = settings.LANGUAGES


class CalendarChangeForm(BootstrapFormMixin, forms.Form):
    """One year's State Council holiday notice, as the exceptions to the Monday–Friday week."""

    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    days = forms.CharField(
        label=_("放假和调休安排"), required=False,
        widget=forms.Textarea(attrs={"rows": 14, "class": "font-monospace"}),
        help_text=_("每行一天：日期 休|班 名称，如“2027-02-06 休 春节”“2027-02-20 班 春节调休上班”。"
                    "只需列出与“周一至周五上班”不同的日子；保存后替换该年度的全部安排。"))
    published = forms.BooleanField(label=_("该年度国务院办公厅通知已公布（取消后该年度期限为暂定）"),
                                   required=False, initial=True)
    source = forms.CharField(label=_("来源"), max_length=200, required=False,
                             help_text=_("如“国办发明电〔2026〕×号”"))
    fingerprint = forms.CharField(required=False, widget=forms.HiddenInput)
