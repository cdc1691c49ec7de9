"""Forms of the case pages: they validate input and hand it to one service, nothing more."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from supervision.choices import Role
from supervision.forms import BootstrapFormMixin, DateInput
from supervision.ids import validate_resident_id, validate_uscc
from supervision.input_dates import DATE_BOUNDS
from supervision.models import Matter, User

from .choices import (
    ClueSource,
    InterferenceManner,
    MeasureType,
    PartyKind,
    PartyRole,
    RelatedNumberKind,
    TransferRecipient,
)
from .services import PartyInput, RelatedNumberInput

#: The related number's kind follows from the supervised agency's type.
NUMBER_KIND_BY_AGENCY = {"court": RelatedNumberKind.COURT, "police": RelatedNumberKind.POLICE,
                         "administrative": RelatedNumberKind.ADMINISTRATIVE}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None) -> list:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class CaseRegisterForm(BootstrapFormMixin, forms.Form):
    """Registering a supervision case. The kind follows from the matter, so it is not asked:
    the matters are offered grouped under their kind (刑事检察 › 立案监督·有案不立 …)."""

    matter = forms.ModelChoiceField(label=_("监督事项"), queryset=Matter.objects.none(),
                                    help_text=_("按检察类别分组；检察类别随监督事项确定。"
                                                "公益诉讼案件选择所属领域。"))
    agency = forms.ModelChoiceField(label=_("被监督单位"), queryset=Agency.objects.none())
    clue_source = forms.ChoiceField(label=_("线索来源"), choices=ClueSource.choices,
                                    initial=ClueSource.EX_OFFICIO)
    title = forms.CharField(label=_("案件名称"), max_length=200)
    summary = forms.CharField(label=_("案情摘要"), widget=forms.Textarea(attrs={"rows": 5}))
    related_numbers = forms.CharField(
        label=_("关联案件号"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("法院、公安或行政机关的案件编号，每行一个"))
    juvenile = forms.BooleanField(label=_("涉未成年人"), required=False)
    handler = forms.ModelChoiceField(label=_("承办检察官"), queryset=User.objects.none())
    assistant = forms.ModelChoiceField(label=_("检察官助理"), queryset=User.objects.none(),
                                       required=False)
    accepted_on = forms.DateField(validators=DATE_BOUNDS, label=_("受理日期"), widget=DateInput())
    confirm_duplicate = forms.BooleanField(label=_("仍然登记"), required=False,
                                           widget=forms.HiddenInput())

    def __init__(self, *args, user: User, **kwargs) -> None:
        kwargs.setdefault("initial", {}).setdefault("handler", user.pk)
        super().__init__(*args, **kwargs)
        # A procurator registers cases against the agencies their procuratorate supervises.
        self.fields["agency"].queryset = Agency.objects.filter(
            supervising_procuratorate_id=user.procuratorate_id)
        matters = Matter.objects.filter(children__isnull=True).select_related("kind", "parent")
        self.fields["matter"].queryset = matters
        groups: dict[str, list[tuple[int, str]]] = {}
        for matter in matters:  # Matter's ordering: by kind, then within it
            groups.setdefault(str(matter.kind), []).append((matter.pk, str(matter)))
        self.fields["matter"].choices = [("", "---------"), *groups.items()]
        staff = User.objects.filter(procuratorate_id=user.procuratorate_id, is_active=True)
        self.fields["handler"].queryset = staff.filter(
            role__in=[Role.PROCURATOR, Role.APPROVER, Role.CHIEF])
        self.fields["assistant"].queryset = staff.filter(role=Role.ASSISTANT)

    def show_duplicate_confirmation(self) -> None:
        """After a duplicate warning the box becomes a visible checkbox the user must tick."""
        field = self.fields["confirm_duplicate"]
        field.widget = forms.CheckboxInput(attrs={"class": "form-check-input"})

    def related_number_inputs(self) -> list[RelatedNumberInput]:
        agency = self.cleaned_data["agency"]
        kind = NUMBER_KIND_BY_AGENCY.get(agency.agency_type, RelatedNumberKind.OTHER)
        lines = self.cleaned_data.get("related_numbers", "").splitlines()
        return [RelatedNumberInput(line.strip(), kind) for line in lines if line.strip()]


class PartyForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=PartyKind.choices, initial=PartyKind.PERSON)
    role = forms.ChoiceField(label=_("诉讼地位"), choices=PartyRole.choices, initial=PartyRole.APPLICANT)
    name = forms.CharField(label=_("姓名/名称"), max_length=100, required=False)
    id_number = forms.CharField(label=_("身份证号/统一社会信用代码"), max_length=25, required=False)

    def clean(self) -> dict:
        data = super().clean()
        number = data.get("id_number", "").strip()
        if number and not data.get("name", "").strip():
            self.add_error("name", _("请填写姓名或名称。"))
        if number:
            try:
                data["id_number"] = (validate_resident_id(number) if data.get("kind") == PartyKind.PERSON
                                     else validate_uscc(number))
            except forms.ValidationError as exc:
                self.add_error("id_number", exc)
        return data

    def as_input(self) -> PartyInput | None:
        data = self.cleaned_data
        if not data.get("name", "").strip():
            return None
        return PartyInput(name=data["name"], kind=data["kind"], role=data["role"],
                          id_number=data.get("id_number", ""))


PartyFormSet = forms.formset_factory(PartyForm, extra=3, max_num=30)


class MeasureForm(BootstrapFormMixin, forms.Form):
    measure_type = forms.ChoiceField(label=_("调查方式"), choices=MeasureType.choices)
    taken_on = forms.DateField(validators=DATE_BOUNDS, label=_("调查日期"), widget=DateInput())
    target = forms.CharField(label=_("调查对象"), max_length=200)
    agency = forms.ModelChoiceField(label=_("协助配合单位"), queryset=Agency.objects.none(), required=False)
    result = forms.CharField(label=_("调查结果"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    refused = forms.BooleanField(label=_("拒不配合"), required=False)
    refusal_note = forms.CharField(label=_("拒不配合情况"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}))
    files = MultipleFileField(label=_("附件"), required=False,
                              help_text=_("PDF、OFD、DOCX、XLSX、JPG、PNG，可多选"))

    def __init__(self, *args, case, **kwargs) -> None:
        kwargs.setdefault("initial", {}).setdefault("taken_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(
            supervising_procuratorate_id=case.procuratorate_id)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("refused") and not data.get("refusal_note", "").strip():
            self.add_error("refusal_note", _("记录拒不配合时必须说明具体情况。"))
        return data


class EscalateForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(label=_("报告意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AttachmentForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label=_("文件"), help_text=_("PDF、OFD、DOCX、XLSX、JPG、PNG"))
    description = forms.CharField(label=_("说明"), max_length=200, required=False)


class TransferForm(BootstrapFormMixin, forms.Form):
    recipient_kind = forms.ChoiceField(label=_("移送对象类别"), choices=TransferRecipient.choices)
    recipient_agency = forms.ModelChoiceField(
        label=_("接收单位（系统内）"), queryset=Agency.objects.none(), required=False,
        help_text=_("接收机关在单位名录中的，选择后由其联络员在平台书面反馈；否则填写下面的名称，"
                    "收到书面反馈后由本院登记。"))
    recipient = forms.CharField(label=_("接收机关"), max_length=100, required=False)
    clue = forms.CharField(label=_("线索内容"), widget=forms.Textarea(attrs={"rows": 3}))
    letter_number = forms.CharField(label=_("移送函文号"), max_length=60, required=False)
    transferred_on = forms.DateField(validators=DATE_BOUNDS, label=_("移送日期"), widget=DateInput())
    files = MultipleFileField(label=_("附件"), required=False,
                              help_text=_("移送函及随附材料，接收单位可在平台查阅"))

    def __init__(self, *args, case=None, **kwargs) -> None:
        kwargs.setdefault("initial", {}).setdefault("transferred_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["recipient_agency"].queryset = Agency.objects.filter(
                supervising_procuratorate_id=case.procuratorate_id)

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("recipient_agency") and not data.get("recipient", "").strip():
            self.add_error("recipient", _("请选择接收单位或填写接收机关名称。"))
        return data


class TransferReplyForm(BootstrapFormMixin, forms.Form):
    replied_on = forms.DateField(validators=DATE_BOUNDS, label=_("反馈日期"), widget=DateInput())
    summary = forms.CharField(label=_("反馈结果"), widget=forms.Textarea(attrs={"rows": 2}))


class EarlyInvolvementForm(BootstrapFormMixin, forms.Form):
    """提前介入 at the supervisory commission's request (seed 002 §7)."""

    organ_agency = forms.ModelChoiceField(label=_("商请机关（系统内）"), queryset=Agency.objects.none(),
                                          required=False)
    organ = forms.CharField(label=_("商请机关"), max_length=100, required=False,
                            help_text=_("商请机关不在单位名录中时填写"))
    requested_on = forms.DateField(validators=DATE_BOUNDS, label=_("商请日期"), widget=DateInput())
    scope = forms.CharField(label=_("介入事项"), widget=forms.Textarea(attrs={"rows": 2}))
    procurator = forms.ModelChoiceField(label=_("派员检察官"), queryset=User.objects.none())
    involved_on = forms.DateField(validators=DATE_BOUNDS, label=_("介入日期"), widget=DateInput(),
                                  required=False)
    opinion = forms.CharField(label=_("检察官意见"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("可在提出意见后再补记"))
    opinion_on = forms.DateField(validators=DATE_BOUNDS, label=_("提出意见日期"), widget=DateInput(),
                                 required=False)

    def __init__(self, *args, case, **kwargs) -> None:
        kwargs.setdefault("initial", {}).setdefault("procurator", case.handler_id)
        super().__init__(*args, **kwargs)
        self.fields["organ_agency"].queryset = Agency.objects.filter(
            supervising_procuratorate_id=case.procuratorate_id)
        self.fields["procurator"].queryset = User.objects.filter(
            procuratorate_id=case.procuratorate_id, is_active=True,
            role__in=[Role.PROCURATOR, Role.APPROVER, Role.CHIEF]).order_by("pk")

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("organ_agency") and not data.get("organ", "").strip():
            self.add_error("organ", _("请选择或填写商请机关。"))
        return data


class InvolvementOpinionForm(BootstrapFormMixin, forms.Form):
    opinion = forms.CharField(label=_("检察官意见"), widget=forms.Textarea(attrs={"rows": 2}))
    opinion_on = forms.DateField(validators=DATE_BOUNDS, label=_("提出意见日期"), widget=DateInput())


class SupplementaryReturnForm(BootstrapFormMixin, forms.Form):
    """退回补充调查 (seed 002 §7): one month, at most twice."""

    organ_agency = forms.ModelChoiceField(label=_("监察机关（系统内）"), queryset=Agency.objects.none(),
                                          required=False)
    organ = forms.CharField(label=_("监察机关"), max_length=100, required=False,
                            help_text=_("监察机关不在单位名录中时填写"))
    returned_on = forms.DateField(validators=DATE_BOUNDS, label=_("退回日期"), widget=DateInput())
    reasons = forms.CharField(label=_("退回理由"), widget=forms.Textarea(attrs={"rows": 2}))
    items = forms.CharField(label=_("需要补充调查的事项"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, case, **kwargs) -> None:
        kwargs.setdefault("initial", {}).setdefault("returned_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["organ_agency"].queryset = Agency.objects.filter(
            supervising_procuratorate_id=case.procuratorate_id)

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("organ_agency") and not data.get("organ", "").strip():
            self.add_error("organ", _("请选择或填写监察机关。"))
        return data


class ResubmissionForm(BootstrapFormMixin, forms.Form):
    resubmitted_on = forms.DateField(validators=DATE_BOUNDS, label=_("重新移送日期"), widget=DateInput())
    note = forms.CharField(label=_("补充调查情况"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class InterferenceForm(BootstrapFormMixin, forms.Form):
    occurred_on = forms.DateField(validators=DATE_BOUNDS, label=_("发生日期"), widget=DateInput())
    intervener = forms.CharField(label=_("过问干预人"), max_length=50)
    intervener_post = forms.CharField(label=_("单位及职务"), max_length=100)
    manner = forms.ChoiceField(label=_("方式"), choices=InterferenceManner.choices)
    content = forms.CharField(label=_("过问干预内容"), widget=forms.Textarea(attrs={"rows": 3}))


class TransitionForm(BootstrapFormMixin, forms.Form):
    decided_on = forms.DateField(validators=DATE_BOUNDS, label=_("日期"), widget=DateInput(), required=False)
    reason = forms.CharField(label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SealForm(BootstrapFormMixin, forms.Form):
    """犯罪记录封存 (``services.case_record_seal``) and, with ``sealed_on`` unused, 解除封存."""

    sealed_on = forms.DateField(validators=DATE_BOUNDS, label=_("封存日期"), widget=DateInput(),
                                required=False)
    reason = forms.CharField(label=_("依据和理由"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))
