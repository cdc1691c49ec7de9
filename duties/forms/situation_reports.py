"""Forms of the situation reports flow: the agency's report and supplement (portal), the
procuratorate's acknowledgement, one-step case and closing note (staff pages), and the intake
queue's filters."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from cases.forms import MultipleFileField
from supervision.choices import Role
from supervision.forms import BootstrapFormMixin, DateInput, DateTimeInput
from supervision.input_dates import DATE_BOUNDS
from supervision.models import User

from ..models import SituationKind, SituationReport
from ..models.situation_reports import SituationStatus
from ..selectors.situation_reports import leaf_matters, suggested_matter

TEXT = 10_000


class SituationReportForm(BootstrapFormMixin, forms.Form):
    """The report (首报): what happened, when and where, what was done, who is concerned."""

    kind = forms.ChoiceField(label=_("情况类别"), choices=[("", "---------"), *SituationKind.choices],
                             help_text=_("被监管人死亡、脱逃将立即通知检察长和部门负责人。"))
    title = forms.CharField(label=_("标题"), max_length=120,
                            help_text=_("一句话概括，如“在押人员张某某在监室内死亡”。"))
    occurred_at = forms.DateTimeField(label=_("发生时间"), widget=DateTimeInput(),
                                      validators=DATE_BOUNDS)
    place = forms.CharField(label=_("发生地点"), max_length=200)
    summary = forms.CharField(label=_("基本情况"), max_length=TEXT,
                              widget=forms.Textarea(attrs={"rows": 5}),
                              help_text=_("事件经过、原因（已查明的）、后果。"))
    measures = forms.CharField(label=_("已采取的处置措施"), max_length=TEXT,
                               widget=forms.Textarea(attrs={"rows": 3}))
    persons = forms.CharField(label=_("涉及人员"), max_length=TEXT, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=_("姓名、身份（在押人员、民警、其他人员）等，每行一人。"))
    files = MultipleFileField(label=_("附件"), required=False,
                              help_text=_("现场照片、情况报告等：PDF、OFD、DOCX、XLSX、JPG、PNG。"))

    def clean_occurred_at(self) -> datetime.datetime:
        value = self.cleaned_data["occurred_at"]
        if value > timezone.now():
            raise forms.ValidationError(_("发生时间不能晚于现在。"))
        return value


class SupplementForm(BootstrapFormMixin, forms.Form):
    """续报: what has happened since."""

    content = forms.CharField(label=_("续报内容"), max_length=TEXT,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("事态进展、调查或鉴定结果、新采取的措施等。"))
    files = MultipleFileField(label=_("附件"), required=False)


class AcknowledgeForm(BootstrapFormMixin, forms.Form):
    instruction = forms.CharField(
        label=_("意见（选填）"), max_length=TEXT, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("对通报单位的要求，如“请于三日内续报尸检结果”，随签收通知对方。"))


class CloseForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(label=_("办结说明"), max_length=TEXT,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("不需立案监督的理由，通报单位可见。"))


class OpenCaseForm(BootstrapFormMixin, forms.Form):
    """One step from the report to a supervision case: the matter (suggested by the kind),
    the case's name and its handling procurator."""

    matter = forms.ModelChoiceField(label=_("监督事项"), queryset=leaf_matters())
    title = forms.CharField(label=_("案件名称"), max_length=200)
    handler = forms.ModelChoiceField(label=_("承办检察官"), queryset=User.objects.none())
    instruction = forms.CharField(
        label=_("对通报单位的意见（选填）"), max_length=TEXT, required=False,
        widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user: User, report: SituationReport, **kwargs) -> None:
        matter = suggested_matter(report)
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("handler", user.pk)
        initial.setdefault("title", report.title)
        if matter is not None:
            initial.setdefault("matter", matter.pk)
        super().__init__(*args, **kwargs)
        groups: dict[str, list[tuple[int, str]]] = {}
        for m in self.fields["matter"].queryset:  # Matter's ordering: by kind, then within it
            groups.setdefault(str(m.kind), []).append((m.pk, str(m)))
        self.fields["matter"].choices = [("", "---------"), *groups.items()]
        if matter is not None:
            self.fields["matter"].help_text = _("按通报类别建议：%(matter)s；可另选。") % {
                "matter": matter}
        self.fields["handler"].queryset = User.objects.filter(
            procuratorate_id=user.procuratorate_id, is_active=True,
            role__in=[Role.PROCURATOR, Role.APPROVER, Role.CHIEF]).order_by("pk")


class SituationReportFilter(django_filters.FilterSet):
    """The intake queue's filters (and the API list's): a filter only takes rows away."""

    kind = django_filters.ChoiceFilter(label=_("情况类别"), choices=SituationKind.choices,
                                       empty_label=_("全部类别"))
    status = django_filters.ChoiceFilter(label=_("状态"), choices=SituationStatus.choices,
                                         empty_label=_("全部状态"))
    agency = django_filters.ModelChoiceFilter(label=_("通报单位"), queryset=Agency.objects.none(),
                                              empty_label=_("全部单位"))
    reported_from = django_filters.DateFilter(
        label=_("通报日期自"), field_name="reported_at", lookup_expr="date__gte",
        widget=DateInput(), validators=DATE_BOUNDS)
    reported_to = django_filters.DateFilter(
        label=_("通报日期至"), field_name="reported_at", lookup_expr="date__lte",
        widget=DateInput(), validators=DATE_BOUNDS)

    class Meta:
        model = SituationReport
        fields = ["kind", "status", "agency", "reported_from", "reported_to"]

    def __init__(self, *args, agencies=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["agency"].queryset = agencies if agencies is not None else Agency.objects.none()
        for field in self.form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css
