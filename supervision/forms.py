"""Form helpers shared by every app."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.contrib.auth import forms as auth_forms
from django.http import QueryDict
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from supervision.converters import MAX_ID
from supervision.input_dates import validate_input_date


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


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, refusing as an invalid choice an id no database column can hold: Django
    checks one value at a time lazily and then asks ``pk__in``, which SQLite answers with an
    OverflowError (a 500) for a number past 2**63 - 1."""

    def _check_values(self, value):
        for pk in value or ():
            try:
                number = int(str(pk))
            except ValueError:
                continue  # Django's own check names it
            if not 0 < number <= MAX_ID:
                raise forms.ValidationError(self.error_messages["invalid_pk_value"],
                                            code="invalid_pk_value", params={"pk": pk})
        return super()._check_values(value)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker (works on phones); Beijing time."""

    input_type = "datetime-local"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _bounded(value: datetime.datetime | None) -> None:
    if value is not None:
        validate_input_date(value)


class LocalDateTimeField(forms.DateTimeField):
    """A ``datetime-local`` input, read as Beijing time, its year bounded like every date."""

    widget = DateTimeInput
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
    default_validators = [_bounded]


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


@dataclass(frozen=True)
class FilterChip:
    """One filter a list applies, shown above it; following ``remove_url`` drops it."""

    name: str
    label: str
    remove_url: str


def filter_chips(form: forms.Form, query: QueryDict) -> list[FilterChip]:
    """The active filters of a bound, validated filter ``form`` as chips, one per value (a
    multiple choice gives one chip per choice), each linking to the same list without it.
    Labels come from the form's own fields and choices, so they read in the user's language;
    a model choice uses the object already cleaned (no query)."""
    chips = []
    cleaned = getattr(form, "cleaned_data", {}) or {}
    for name, field in form.fields.items():
        raw = query.getlist(name)
        for value in [v for v in raw if v != ""]:
            if name not in cleaned or cleaned[name] in (None, "", []):
                continue  # an invalid value: the form shows its error beside the field
            rest = query.copy()
            rest.setlist(name, [v for v in raw if v != value])
            rest.pop("cursor", None)
            text = _chip_value(field, value, cleaned[name])
            chips.append(FilterChip(name, _("%(label)s：%(value)s") % {"label": field.label,
                                                                      "value": text},
                                    "?" + rest.urlencode()))
    return chips


def _chip_value(field: forms.Field, raw: str, cleaned) -> str:
    if isinstance(field, forms.ModelChoiceField):
        return str(cleaned)
    if isinstance(cleaned, datetime.date):
        return date_format(cleaned)
    choices = getattr(field, "choices", None) or getattr(field.widget, "choices", None)
    if choices:
        labels = {str(key): label for key, label in choices}
        if raw in labels:
            return str(labels[raw])
    return raw


class PasswordChangeForm(BootstrapFormMixin, auth_forms.PasswordChangeForm):
    """Django's, with the product's widgets."""


class CodeForm(BootstrapFormMixin, forms.Form):
    """A six-digit code from the authenticator app, or (where ``recovery`` allows it) one of
    the recovery codes."""

    token = forms.CharField(label=_("验证码"), max_length=20, strip=True)

    def __init__(self, *args, recovery: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["token"]
        field.widget.attrs.update({"autocomplete": "one-time-code", "autofocus": True,
                                   "autocapitalize": "off", "spellcheck": "false"})
        if recovery:
            field.help_text = _("输入身份验证器应用显示的 6 位数字；手机不在身边时，可输入一个恢复码。")
        else:
            field.help_text = _("输入身份验证器应用当前显示的 6 位数字。")
            field.widget.attrs["inputmode"] = "numeric"
