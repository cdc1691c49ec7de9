"""Forms of the litigation pages: they validate input and hand it to one service."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from supervision.forms import BootstrapFormMixin, DateInput, LocalDateTimeField
from supervision.input_dates import DATE_BOUNDS

from .choices import (
    AnnouncementMedium,
    AnnouncementResult,
    Appellant,
    InstrumentOutcome,
    JudgmentResult,
    SecondResult,
    SessionKind,
    SuitKind,
)


def _date(label) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), validators=DATE_BOUNDS)


def _text(label, rows: int = 3, required: bool = True, help_text: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=required, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}))


class OpenForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("诉讼类型"), choices=SuitKind.choices)
    defendant = forms.CharField(label=_("被告"), max_length=200,
                                help_text=_("行政公益诉讼为不依法履职的行政机关；民事公益诉讼为损害社会公共利益的单位或个人"))


class AnnounceForm(BootstrapFormMixin, forms.Form):
    medium = forms.ChoiceField(label=_("公告媒体"), choices=AnnouncementMedium.choices)
    published_on = _date(_("公告日期"))
    content = _text(_("公告内容"), rows=5)


class AnnouncementResultForm(BootstrapFormMixin, forms.Form):
    result = forms.ChoiceField(label=_("公告结果"), choices=[
        (AnnouncementResult.NOBODY_SUED.value, AnnouncementResult.NOBODY_SUED.label),
        (AnnouncementResult.ORGAN_SUED.value, AnnouncementResult.ORGAN_SUED.label)])
    result_on = _date(_("登记日期"))
    plaintiff = forms.CharField(label=_("起诉的机关或组织"), max_length=200, required=False,
                                help_text=_("适格主体已起诉的填写；本院可以支持起诉"))


class DecideForm(BootstrapFormMixin, forms.Form):
    decided_on = _date(_("决定日期"))


class CourtChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return obj.name


class FileForm(BootstrapFormMixin, forms.Form):
    court = CourtChoice(label=_("受诉法院"), queryset=Agency.objects.none())
    filed_on = _date(_("起诉日期"))
    claims = _text(_("诉讼请求"), rows=4, help_text=_("每行一项"))
    facts = _text(_("事实与理由"), rows=6)
    court_case_number = forms.CharField(label=_("法院案号"), max_length=60, required=False)

    def __init__(self, *args, courts, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["court"].queryset = courts


class SessionForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=SessionKind.choices)
    scheduled_at = LocalDateTimeField(label=_("时间"))
    place = forms.CharField(label=_("地点"), max_length=200)
    attending = forms.CharField(label=_("出庭检察官"), max_length=100, required=False)
    note = _text(_("庭审情况"), rows=3, required=False)


class JudgmentForm(BootstrapFormMixin, forms.Form):
    result = forms.ChoiceField(label=_("一审结果"), choices=JudgmentResult.choices)
    judgment_on = _date(_("裁判日期"))
    served_on = forms.DateField(label=_("送达日期"), widget=DateInput(), validators=DATE_BOUNDS,
                                required=False,
                                help_text=_("判决书、裁定书送达本院的日期，上诉期限自次日起算"))
    summary = _text(_("裁判主文"), rows=4)


class AppealForm(BootstrapFormMixin, forms.Form):
    appellant = forms.ChoiceField(label=_("上诉人"), choices=Appellant.choices)
    appealed_on = _date(_("上诉日期"))


class SecondForm(BootstrapFormMixin, forms.Form):
    result = forms.ChoiceField(label=_("二审结果"), choices=SecondResult.choices)
    second_on = _date(_("二审裁判日期"))


class EnforcementForm(BootstrapFormMixin, forms.Form):
    enforcement_on = _date(_("移送执行日期"))
    note = _text(_("执行情况"), rows=3, required=False)


class CloseForm(BootstrapFormMixin, forms.Form):
    closed_on = _date(_("办结日期"))
    performance = _text(_("履行情况"), rows=4)


class WithdrawForm(BootstrapFormMixin, forms.Form):
    reason = _text(_("终结审查理由"), rows=3)


class OutcomeForm(BootstrapFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("结果"), choices=InstrumentOutcome.choices)
    outcome_on = _date(_("日期"))
    court = forms.CharField(label=_("法院"), max_length=100, required=False)
    note = _text(_("说明"), rows=3, required=False)

    def __init__(self, *args, allowed=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if allowed is not None:
            self.fields["outcome"].choices = [(o.value, o.label) for o in allowed]
