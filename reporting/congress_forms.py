"""Forms of the reports to the people's congress: validation only; the services decide."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from congress.models import ReportKind
from congress.permissions import WRITER_ROLES
from supervision.forms import BootstrapFormMixin
from supervision.models import User

from .statistics import validate_period

_DATE = {"required": _("请填写日期。"), "invalid": _("请输入有效的日期。")}


def _date_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, error_messages=_DATE,
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                           **kwargs)


class ReportCreateForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("报告类别"), choices=ReportKind.choices,
                             initial=ReportKind.ANNUAL)
    subject = forms.CharField(label=_("专项主题"), max_length=100, required=False,
                              help_text=_("专项工作报告填写，如“行政检察工作”“公益诉讼检察工作”。"))
    period_start = _date_field(_("统计起始日"))
    period_end = _date_field(_("统计截止日"))
    title = forms.CharField(label=_("标题"), max_length=200, required=False,
                            help_text=_("不填则按报告类别自动生成，之后可修改。"))

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end:
            try:
                validate_period(start, end)
            except ValidationError as error:
                self.add_error(None, error)
        if data.get("kind") == ReportKind.SPECIAL and not (data.get("subject") or "").strip():
            self.add_error("subject", _("专项工作报告须填写专项主题。"))
        return data


def last_year(today: datetime.date) -> dict:
    return {"period_start": datetime.date(today.year - 1, 1, 1),
            "period_end": datetime.date(today.year - 1, 12, 31)}


class SectionForm(BootstrapFormMixin, forms.Form):
    """One narrative section; ``seen`` is the section's ``updated_at`` when the form was
    drawn (the optimistic lock of ``congress.services.reports.section_save``)."""

    heading = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(label=_("正文"), required=False,
                           widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=_("每段一行；保存后即用于报告的PDF和DOCX。"))
    seen = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, section=None, **kwargs) -> None:
        prefix = f"s{section.pk}" if section is not None else None
        if section is not None and not args:
            kwargs.setdefault("initial", {"heading": section.heading, "body": section.body,
                                          "seen": section.updated_at.isoformat()})
        super().__init__(*args, prefix=prefix, **kwargs)

    def clean_seen(self) -> datetime.datetime:
        seen = parse_datetime(self.cleaned_data["seen"])
        if seen is None or seen.tzinfo is None:
            raise ValidationError(_("页面已过期，请刷新后再保存。"))
        return seen


class ReturnForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("退回理由"), widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("请填写退回理由。")})


class ReleaseForm(BootstrapFormMixin, forms.Form):
    released_on = _date_field(_("报送日期"), required=False,
                              help_text=_("报告送交人大常委会的日期，不填为今天。"))


class OpinionForm(BootstrapFormMixin, forms.Form):
    letter_number = forms.CharField(label=_("交办函文号"), max_length=60, required=False)
    received_on = _date_field(_("收到日期"))
    content = forms.CharField(label=_("审议意见"), widget=forms.Textarea(attrs={"rows": 4}),
                              error_messages={"required": _("请填写审议意见。")})
    responsible = forms.ModelChoiceField(label=_("承办人"), queryset=User.objects.none(),
                                         error_messages={"required": _("请选择承办人。")})
    stated_amount = forms.IntegerField(label=_("交办函载明的回复期限"), required=False,
                                       min_value=1, max_value=366,
                                       help_text=_("交办函未载明期限的，不填：自收到之日起两个月内书面回复。"))
    stated_unit = forms.ChoiceField(label=_("期限单位"), required=False,
                                    choices=[("days", _("日")), ("months", _("个月"))],
                                    initial="days")

    def __init__(self, *args, report, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = User.objects.filter(
            procuratorate_id=report.procuratorate_id, role__in=WRITER_ROLES,
            is_active=True).order_by("username")


class OpinionReplyForm(BootstrapFormMixin, forms.Form):
    replied_on = _date_field(_("回复日期"))
    reply_number = forms.CharField(label=_("回复文号"), max_length=60, required=False)
    summary = forms.CharField(label=_("落实情况"), widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"required": _("请填写落实情况。")})

    def __init__(self, *args, opinion=None, **kwargs) -> None:
        prefix = f"o{opinion.pk}" if opinion is not None else None
        super().__init__(*args, prefix=prefix, **kwargs)
