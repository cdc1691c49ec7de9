from __future__ import annotations

from django import forms
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from supervision.choices import PeriodUnit
from supervision.forms import BootstrapFormMixin, DateInput, ModelMultipleChoiceField
from supervision.input_dates import DATE_BOUNDS

from .choices import (
    CommitteeDecisionKind,
    EvaluationOutcome,
    FollowUpKind,
    ItemAnswer,
    ReviewKind,
    ReviewOutcome,
    ServiceMethod,
    instrument_sections,
)
from .models import InstrumentType

#: The text fields of a draft, one per drafting section (``choices.SECTION_FIELDS``).
SECTION_TEXT_FIELDS = ("case_source", "facts", "problems", "legal_basis", "body")


def case_source_text(case) -> str:
    """案件来源 prefilled from the case: its source and number (document wording: call it
    under ``translation.override("zh-hans")``, see ``draft_defaults``)."""
    source = case.get_clue_source_display()
    return str(_("本院在办理%(number)s一案中发现（案件来源：%(source)s）。") % {
        "number": case.number, "source": source})


def draft_defaults(case, instrument_type=None) -> dict:
    """What a new draft starts with. The text goes into the official document, which is
    Chinese whatever the interface language, so it is worded under the Chinese locale."""
    from .documents import generated_title

    with translation.override("zh-hans"):
        return {
            "instrument_type": instrument_type.pk if instrument_type else None,
            "agency": case.agency_id,
            "title": generated_title(instrument_type=instrument_type, agency=case.agency,
                                     case=case),
            "facts": case.summary,
            "case_source": case_source_text(case),
        }


class DraftForm(BootstrapFormMixin, forms.Form):
    """A draft's type, addressee, title and sections. The sections are the type's own
    (``choices.instrument_sections``: which, in what order, under what heading); those the
    type does not have stay in the page as hidden inputs, so switching the type back loses
    nothing, and are not saved. ``rendered_type`` is the type the page's sections were laid
    out for: a post for another type redraws the form instead of saving it."""

    instrument_type = forms.ModelChoiceField(label=_("文书类型"), queryset=InstrumentType.objects.all())
    agency = forms.ModelChoiceField(label=_("主送单位"), queryset=Agency.objects.none())
    title = forms.CharField(label=_("标题"), max_length=200,
                            help_text=_("按“关于……的（文书名称）”拟定，可修改。"))
    case_source = forms.CharField(label=_("案件来源"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    facts = forms.CharField(label=_("查明的事实"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    problems = forms.CharField(label=_("存在的问题"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
    legal_basis = forms.CharField(label=_("法律依据"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    body = forms.CharField(label=_("建议内容"), widget=forms.Textarea(attrs={"rows": 5}),
                           help_text=_("逐项写明，每项另起一行，以“一、”“二、”或“1.”开头；"
                                       "文书中按（一）（二）编号，项下各点按1. 2.编号。"))
    period_amount = forms.IntegerField(
        label=_("紧急情形：文书载明的较短回复期限"), required=False, min_value=1, max_value=365,
        help_text=_("一般留空，按期限规则计算。确因紧急（如公益损害持续扩大）需缩短时填写，"
                    "须短于规则期限并写明理由（《人民检察院检察建议工作规定》第十六条、第十九条）；"
                    "行政公益诉讼诉前检察建议的紧急期限为十五日（《最高人民法院、最高人民检察院"
                    "关于检察公益诉讼案件适用法律若干问题的解释》第二十一条）。"))
    period_unit = forms.ChoiceField(label=_("期限单位"), required=False,
                                    choices=PeriodUnit.choices)
    period_reason = forms.CharField(label=_("缩短期限的理由"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    urgency_reason = forms.CharField(
        label=_("紧急情形"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("写明需要及时采取保全措施的紧急情形，如财产可能被转移、隐匿，"
                    "证据可能灭失或者以后难以取得。"))
    rendered_type = forms.CharField(required=False, widget=forms.HiddenInput())

    def __init__(self, *args, case, instrument_type=None, **kwargs) -> None:
        kwargs.setdefault("initial", draft_defaults(case, instrument_type))
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(
            supervising_procuratorate_id=case.procuratorate_id)
        self.fields["rendered_type"].initial = instrument_type.pk if instrument_type else ""
        self.sections = instrument_sections(instrument_type)
        used = [section.field for section in self.sections]
        for section in self.sections:
            self.fields[section.field].label = section.heading
        for field in SECTION_TEXT_FIELDS:
            if field not in used:
                self.fields[field].widget = forms.HiddenInput()
                self.fields[field].required = False
        # Only a type that must state its urgency (财产保全建议, 证据保全建议) shows the field.
        self.needs_urgency = bool(getattr(instrument_type, "requires_urgency_reason", False))
        if self.needs_urgency:
            self.fields["urgency_reason"].required = True
        else:
            self.fields["urgency_reason"].widget = forms.HiddenInput()
        urgent = ["urgency_reason"] if self.needs_urgency else []
        self.order_fields(["instrument_type", "agency", "title", *urgent, *used])

    def clean(self):
        data = super().clean()
        if data.get("period_amount") is None:
            data["period_unit"], data["period_reason"] = "", ""
        data.pop("rendered_type", None)
        # Only the type's sections are saved: a text kept in the page while another type was
        # shown is not part of this document.
        used = {section.field for section in self.sections}
        for field in SECTION_TEXT_FIELDS:
            if field not in used:
                data[field] = ""
        if not self.needs_urgency:
            data["urgency_reason"] = ""
        return data


def redrawn_initial(form: DraftForm, case, new_type, old_type) -> dict:
    """The values of a form posted for another type, to draw it again for ``new_type``: what
    was typed is kept; the title follows the type unless the procurator wrote their own."""
    from .documents import generated_title

    initial = {name: form.data.get(name, "") for name in form.fields}
    initial.pop("rendered_type", None)
    if "agencies" in form.fields:
        initial["agencies"] = form.data.getlist("agencies")
    title = initial.get("title", "").strip()
    with translation.override("zh-hans"):
        agency = Agency.objects.filter(pk=initial.get("agency") or case.agency_id).first()
        if not title or title == generated_title(instrument_type=old_type, agency=agency,
                                                 case=case):
            initial["title"] = generated_title(instrument_type=new_type, agency=agency,
                                               case=case)
    return initial


class DocxUploadForm(BootstrapFormMixin, forms.Form):
    """A DOCX of the draft (downloaded, edited in WPS or Word) read back into it."""

    docx = forms.FileField(label=_("上传修改后的DOCX"),
                           help_text=_("上传本草稿下载的DOCX：标题和各部分的标题保持不变，"
                                       "其下内容可修改。"))


class ServeForm(BootstrapFormMixin, forms.Form):
    served_on = forms.DateField(validators=DATE_BOUNDS, label=_("送达日期"), widget=DateInput(), initial=timezone.localdate,
                                help_text=_("以送达回证上的签收日期为准（《中华人民共和国民事诉讼法》第八十七条）；"
                                            "期间自次日起算（《中华人民共和国刑事诉讼法》第一百零五条、"
                                            "《中华人民共和国民事诉讼法》第八十五条）。"))
    method = forms.ChoiceField(label=_("送达方式"), choices=ServiceMethod.choices,
                               initial=ServiceMethod.DIRECT)

    def clean_served_on(self):
        value = self.cleaned_data["served_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("送达日期不能晚于今天。"))
        return value


class ReturnForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("退回理由"), widget=forms.Textarea(attrs={"rows": 2}))


class ApproveForm(BootstrapFormMixin, forms.Form):
    """审批同意, with the approver's opinion if they write one (审批意见)."""

    opinion = forms.CharField(label=_("审批意见"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))


class CommitteeDecisionForm(BootstrapFormMixin, forms.Form):
    """The procuratorial committee's decision, recorded by the chief after the meeting."""

    meeting_on = forms.DateField(validators=DATE_BOUNDS, label=_("会议日期"), widget=DateInput(),
                                 initial=timezone.localdate)
    session_number = forms.IntegerField(label=_("会议次数"), min_value=1, max_value=999,
                                        help_text=_("本年度第几次检察委员会会议。"))
    decision = forms.ChoiceField(label=_("决定"), choices=CommitteeDecisionKind.choices,
                                 widget=forms.RadioSelect)
    summary = forms.CharField(label=_("表决情况和决定理由"), max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("修改后同意或不同意的，写明修改意见或理由，文书将退回拟稿人。"))
    minutes_reference = forms.CharField(label=_("会议纪要编号"), required=False, max_length=100)

    def clean_meeting_on(self):
        value = self.cleaned_data["meeting_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("会议日期不能晚于今天。"))
        return value


class ReplyForm(BootstrapFormMixin, forms.Form):
    """The agency's reply as a draft: nothing is required until it is sent (the service checks
    completeness then), so saving half-written work always succeeds."""

    content = forms.CharField(label=_("回复内容"), required=False,
                              widget=forms.Textarea(attrs={"rows": 6}),
                              help_text=_("写明采纳情况、已采取和拟采取的措施。发送时必填；"
                                          "逐项回复了每一项建议事项的，可不填。"))
    measures = forms.CharField(label=_("整改措施"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    attachment = forms.FileField(label=_("附件"), required=False,
                                 help_text=_("PDF、OFD、DOCX、XLSX、JPG、PNG，按内容校验类型"))
    remove_attachment = forms.BooleanField(label=_("删除已上传的附件"), required=False)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput())


class ExtensionForm(BootstrapFormMixin, forms.Form):
    """延长回复期限: a number of days added to the current due date, or the new date."""

    days = forms.IntegerField(label=_("延长天数"), required=False, min_value=1, max_value=366)
    new_due = forms.DateField(validators=DATE_BOUNDS, label=_("或：延长至"), required=False, widget=DateInput())
    reason = forms.CharField(label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if bool(data.get("days")) == bool(data.get("new_due")):
            raise forms.ValidationError(_("请填写延长天数或延长后的日期（二者选一）。"))
        return data


class ExtensionRefuseForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("不予准许的理由"), widget=forms.Textarea(attrs={"rows": 2}))


# --- Issue 6: the rest of the life of an instrument --------------------------------------------

class ReasonForm(BootstrapFormMixin, forms.Form):
    """A reason, for voiding (作废) or closing (办结)."""

    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}))


class ReviewRequestForm(BootstrapFormMixin, forms.Form):
    """The agency's objection / reconsideration (异议/复议) or review request (复查)."""

    kind = forms.ChoiceField(label=_("类型"), choices=ReviewKind.choices)
    reason = forms.CharField(label=_("异议或复查的理由"), widget=forms.Textarea(attrs={"rows": 3}))


class ReviewDecisionForm(BootstrapFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("决定"), choices=ReviewOutcome.choices)
    reason = forms.CharField(label=_("决定理由"), widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionRequestForm(BootstrapFormMixin, forms.Form):
    """The agency asks for more time (申请延期)."""

    requested_due = forms.DateField(validators=DATE_BOUNDS, label=_("申请延长至"), widget=DateInput())
    reason = forms.CharField(label=_("申请理由"), widget=forms.Textarea(attrs={"rows": 2}))


class ItemAnswerForm(BootstrapFormMixin, forms.Form):
    """The answer to one numbered item, in the portal's reply formset."""

    item_id = forms.IntegerField(widget=forms.HiddenInput())
    answer = forms.ChoiceField(label=_("采纳情况"), required=False,
                               choices=[("", _("— 请选择 —")), *ItemAnswer.choices])
    measures = forms.CharField(label=_("本项采取的措施"), required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.FileField(label=_("证明材料"), required=False)
    remove_evidence = forms.BooleanField(label=_("删除已上传的证明材料"), required=False)
    completed_on = forms.DateField(validators=DATE_BOUNDS, label=_("整改完成日期"), required=False, widget=DateInput())


ItemAnswerFormSet = forms.formset_factory(ItemAnswerForm, extra=0)


#: An evaluation is a deliberate decision (issue 14): nothing is chosen until the procurator
#: chooses, so that one click cannot rubber-stamp "adopted and rectified".
OUTCOME_CHOICES = [("", _("— 请选择 —")), *EvaluationOutcome.choices]


class EvaluationForm(BootstrapFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("评估结论"), choices=OUTCOME_CHOICES)
    reasons = forms.CharField(label=_("理由"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=_("不采纳、部分采纳、异议成立时必须填写。"))
    verify = forms.BooleanField(label=_("整改到位的，仍安排回头看"), required=False)


class ItemEvaluationForm(BootstrapFormMixin, forms.Form):
    item_id = forms.IntegerField(widget=forms.HiddenInput())
    outcome = forms.ChoiceField(label=_("评估结论"), choices=OUTCOME_CHOICES)
    note = forms.CharField(label=_("说明"), required=False)


ItemEvaluationFormSet = forms.formset_factory(ItemEvaluationForm, extra=0)


class VerifyForm(BootstrapFormMixin, forms.Form):
    rectified = forms.TypedChoiceField(label=_("核查结论"), coerce=lambda v: v == "yes",
                                       choices=[("yes", _("整改到位")), ("no", _("未整改到位"))])
    note = forms.CharField(label=_("核查情况"), widget=forms.Textarea(attrs={"rows": 2}))


class FollowUpForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("跟进方式"), choices=FollowUpKind.choices)
    recipient = forms.CharField(label=_("对象"), required=False, max_length=200,
                                help_text=_("留空：上级机关/主管部门、上级院按登记信息填写。"))
    note = forms.CharField(label=_("情况说明"), widget=forms.Textarea(attrs={"rows": 2}))


class HigherActionForm(BootstrapFormMixin, forms.Form):
    action = forms.CharField(label=_("上级院跟进监督情况"), widget=forms.Textarea(attrs={"rows": 2}))


class ReceiptUploadForm(BootstrapFormMixin, forms.Form):
    receipt = forms.FileField(label=_("签收的送达回证"),
                              help_text=_("PDF、OFD、JPG、PNG，按内容校验类型"))


class VerifyPdfForm(BootstrapFormMixin, forms.Form):
    pdf = forms.FileField(label=_("待核验的 PDF 文件"))


class BatchDraftForm(DraftForm):
    """类案检察建议: the same draft to several agencies at once."""

    agencies = ModelMultipleChoiceField(label=_("主送单位（多个）"), queryset=Agency.objects.none(),
                                              widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, case, instrument_type=None, **kwargs) -> None:
        super().__init__(*args, case=case, instrument_type=instrument_type, **kwargs)
        del self.fields["agency"]
        self.fields["agencies"].queryset = Agency.objects.filter(
            supervising_procuratorate_id=case.procuratorate_id)
