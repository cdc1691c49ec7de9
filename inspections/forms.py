"""Forms of the inspection pages: they validate input and hand it to one service, nothing more."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from recommendations.models import InstrumentType
from supervision.forms import BootstrapFormMixin, DateInput, ModelMultipleChoiceField
from supervision.input_dates import DATE_BOUNDS
from supervision.models import Matter, User

from .choices import (
    INSTITUTION_TYPES,
    INSTRUMENT_CODES,
    FindingCategory,
    InspectionKind,
    InspectionMode,
    Severity,
)
from .models import Finding, Inspection
from .permissions import LEADER_ROLES, MEMBER_ROLES

#: The group of matters an inspection's findings belong to (seed 000 §2: 刑罚执行和监管活动监督).
EXECUTION_MATTERS = "刑事执行监督"


def _date(label, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), validators=DATE_BOUNDS, **kwargs)


def institutions_for(procuratorate_id: int) -> QuerySet[Agency]:
    """The places of custody and execution the procuratorate supervises."""
    return Agency.objects.filter(agency_type__in=INSTITUTION_TYPES,
                                 supervising_procuratorate_id=procuratorate_id).order_by("name")


def execution_matters() -> QuerySet[Matter]:
    """The matters a finding's case may have: those of 刑事执行监督 (leaves only)."""
    return (Matter.objects.filter(kind__code="criminal", parent__name=EXECUTION_MATTERS,
                                  children__isnull=True).order_by("order", "pk"))


class MatterChoice(forms.ModelChoiceField):
    """Each matter by its own name: all of them are 刑事执行监督's."""

    def label_from_instance(self, obj: Matter) -> str:
        return obj.localized_name


class StaffChoice(ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj}（{obj.get_role_display()}）"


class InspectionForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("名称"), max_length=200,
                            help_text=_("例如：2026年第四季度舟山市看守所巡回检察"))
    kind = forms.ChoiceField(label=_("检察方式"), choices=InspectionKind.choices)
    mode = forms.ChoiceField(label=_("巡回形式"), choices=InspectionMode.choices,
                             help_text=_("派驻检察选择“日常派驻检察”"))
    institution = forms.ModelChoiceField(label=_("被检察单位"), queryset=Agency.objects.none(),
                                         help_text=_("本院监督的监狱、看守所、社区矫正机构和强制医疗所"))
    leader = forms.ModelChoiceField(label=_("检察组组长"), queryset=User.objects.none())
    members = StaffChoice(label=_("检察组成员"), queryset=User.objects.none(), required=False,
                          widget=forms.CheckboxSelectMultiple)
    start_date = _date(_("开始日期"))
    end_date = _date(_("结束日期"))
    scope = forms.CharField(label=_("检察内容"), widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("如监管执法、刑罚执行、安全防范、被监管人权益保障，每行一项"))

    def __init__(self, *args, procuratorate_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        staff = User.objects.filter(procuratorate_id=procuratorate_id, is_active=True)
        self.fields["institution"].queryset = institutions_for(procuratorate_id)
        self.fields["leader"].queryset = staff.filter(role__in=LEADER_ROLES).order_by(
            "role", "display_name", "pk")
        self.fields["members"].queryset = staff.filter(role__in=MEMBER_ROLES).order_by(
            "role", "display_name", "pk")

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("结束日期不能早于开始日期。"))
        return data


def inspection_initial(inspection: Inspection) -> dict:
    return {"title": inspection.title, "kind": inspection.kind, "mode": inspection.mode,
            "institution": inspection.institution_id, "leader": inspection.leader_id,
            "members": list(inspection.members.values_list("pk", flat=True)),
            "start_date": inspection.start_date, "end_date": inspection.end_date,
            "scope": inspection.scope}


class StartForm(BootstrapFormMixin, forms.Form):
    started_on = _date(_("进驻日期"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["started_on"].initial = timezone.localdate()


class FindingForm(BootstrapFormMixin, forms.Form):
    category = forms.ChoiceField(label=_("问题类别"), choices=FindingCategory.choices)
    severity = forms.ChoiceField(label=_("严重程度"), choices=Severity.choices)
    description = forms.CharField(label=_("问题描述"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.CharField(label=_("证据情况"), required=False,
                               widget=forms.Textarea(attrs={"rows": 2}),
                               help_text=_("如调阅的台账、监控录像、谈话记录"))
    found_on = _date(_("发现日期"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["found_on"].initial = timezone.localdate()


def finding_initial(finding: Finding) -> dict:
    return {"category": finding.category, "severity": finding.severity,
            "description": finding.description, "evidence": finding.evidence,
            "found_on": finding.found_on}


class ToCaseForm(BootstrapFormMixin, forms.Form):
    matter = MatterChoice(label=_("监督事项"), queryset=Matter.objects.none())
    title = forms.CharField(label=_("案件名称"), max_length=200)
    summary = forms.CharField(label=_("案情摘要"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("留空则以问题描述为摘要"))

    def __init__(self, *args, finding: Finding, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["matter"].queryset = execution_matters()
        self.fields["title"].initial = _("%(institution)s%(category)s问题监督案") % {
            "institution": finding.inspection.institution.name,
            "category": finding.get_category_display()}


class ToInstrumentForm(BootstrapFormMixin, forms.Form):
    instrument_type = forms.ModelChoiceField(label=_("文书种类"),
                                             queryset=InstrumentType.objects.none())
    matter = MatterChoice(label=_("监督事项"), queryset=Matter.objects.none(),
                                    help_text=_("同时登记的监督案件的事项"))
    title = forms.CharField(label=_("文书标题"), max_length=200)
    body = forms.CharField(label=_("纠正意见或建议事项"), widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("分项写明，例如：一、……；二、……"))
    legal_basis = forms.CharField(label=_("法律依据"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, finding: Finding, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        institution = finding.inspection.institution
        types = [t.pk for t in InstrumentType.objects.filter(code__in=INSTRUMENT_CODES)
                 if t.may_address(institution.agency_type)]
        self.fields["instrument_type"].queryset = InstrumentType.objects.filter(
            pk__in=types).order_by("order", "pk")
        first = next((t for t in self.fields["instrument_type"].queryset
                      if t.code == "correction_notice"), None)
        if first is not None:
            self.fields["instrument_type"].initial = first.pk
        self.fields["matter"].queryset = execution_matters()
        self.fields["title"].initial = _("关于%(institution)s%(category)s问题的纠正意见") % {
            "institution": institution.name, "category": finding.get_category_display()}


class OralForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(label=_("口头纠正情况"), widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("向谁指出、对方如何当场纠正"))
    corrected_on = _date(_("纠正日期"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["corrected_on"].initial = timezone.localdate()


class RectifyingForm(BootstrapFormMixin, forms.Form):
    measures = forms.CharField(label=_("整改措施"), widget=forms.Textarea(attrs={"rows": 2}))
    due = _date(_("整改期限"), required=False)


class VerifyForm(BootstrapFormMixin, forms.Form):
    rectified = forms.TypedChoiceField(label=_("核查结果"), coerce=lambda v: v == "yes",
                                       choices=[("yes", _("已整改")), ("no", _("未整改"))])
    verified_on = _date(_("核查日期"))
    note = forms.CharField(label=_("核查情况"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["verified_on"].initial = timezone.localdate()


class ConcludeForm(BootstrapFormMixin, forms.Form):
    report_summary = forms.CharField(label=_("检察情况及总体评价"),
                                     widget=forms.Textarea(attrs={"rows": 5}))
    report_requests = forms.CharField(label=_("整改要求"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 3}))
    report_issued_on = _date(_("反馈日期"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["report_issued_on"].initial = timezone.localdate()


class CancelForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("撤销理由"), widget=forms.Textarea(attrs={"rows": 2}))
