from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from supervision.forms import BootstrapFormMixin, DateInput
from supervision.models import Matter, SupervisionKind

from .choices import ClueSource


class CaseRegisterForm(BootstrapFormMixin, forms.Form):
    """Registering a supervision case; the kind follows from the matter."""

    kind = forms.ModelChoiceField(label=_("检察类别"), queryset=SupervisionKind.objects.all())
    matter = forms.ModelChoiceField(label=_("监督事项"),
                                    queryset=Matter.objects.select_related("kind", "parent"))
    agency = forms.ModelChoiceField(label=_("被监督单位"), queryset=Agency.objects.none())
    clue_source = forms.ChoiceField(label=_("线索来源"), choices=ClueSource.choices,
                                    initial=ClueSource.EX_OFFICIO)
    title = forms.CharField(label=_("案件名称"), max_length=200)
    summary = forms.CharField(label=_("案情摘要"), widget=forms.Textarea(attrs={"rows": 5}))
    related_case_number = forms.CharField(label=_("关联案件号"), max_length=100, required=False,
                                          help_text=_("法院、公安或行政机关的案件编号"))
    juvenile = forms.BooleanField(label=_("涉未成年人"), required=False)
    accepted_on = forms.DateField(label=_("受理日期"), widget=DateInput())

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A procurator registers cases against the agencies their procuratorate supervises.
        self.fields["agency"].queryset = Agency.objects.filter(
            supervising_procuratorate_id=user.procuratorate_id)
        self.fields["matter"].queryset = Matter.objects.filter(children__isnull=True).select_related(
            "kind", "parent")

    def clean(self) -> dict:
        data = super().clean()
        kind, matter = data.get("kind"), data.get("matter")
        if kind and matter and matter.kind_id != kind.pk:
            self.add_error("matter", _("所选监督事项不属于该检察类别。"))
        return data
