"""The deadline list's filters: every choice limited to the viewer's scope."""

from __future__ import annotations

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from cases.models import SupervisionCase
from recommendations.models import InstrumentType, Recommendation
from supervision.forms import BootstrapFormMixin
from supervision.models import Department, Procuratorate, SupervisionKind, User
from supervision.permissions import dashboard_procuratorates, dashboard_scope

from .selectors import OVERDUE_AGES, ListFilter

AGE_LABELS = {"1_7": _("1–7天"), "8_30": _("8–30天"), "31_90": _("31–90天"), "90_plus": _("90天以上")}


class DeadlineListForm(BootstrapFormMixin, forms.Form):
    """``?agency=``, ``?department=`` and ``?procurator=`` come from the dashboard's links (a
    chip shows each; a province's scope has thousands of agencies and procurators and hundreds
    of departments, too many for a select). Each is checked against the viewer's scope: a
    value outside it is refused with a message, never a wider list."""

    agency = forms.ModelChoiceField(
        label=_("被监督单位"), queryset=Agency.objects.none(), required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("该被监督单位不在您的查看范围内。")})
    procuratorate = forms.ModelChoiceField(
        label=_("检察院（含下级）"), queryset=Procuratorate.objects.none(), required=False,
        empty_label=_("全部检察院"),
        error_messages={"invalid_choice": _("请选择有效的检察院。")})
    department = forms.ModelChoiceField(
        label=_("部门"), queryset=Department.objects.none(), required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("该部门不在您的查看范围内。")})
    procurator = forms.ModelChoiceField(
        label=_("承办检察官"), queryset=User.objects.none(), required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("该承办检察官不在您的查看范围内。")})
    kind = forms.ModelChoiceField(
        label=_("检察类别"), queryset=SupervisionKind.objects.none(), required=False,
        empty_label=_("全部类别"),
        error_messages={"invalid_choice": _("请选择有效的检察类别。")})
    type = forms.TypedChoiceField(label=_("文书类型"), coerce=int, required=False, empty_value=None,
                                  error_messages={"invalid_choice": _("请选择有效的文书类型。")})
    age = forms.ChoiceField(label=_("逾期时长"), required=False,
                            choices=[("", _("不限")), *AGE_LABELS.items()],
                            error_messages={"invalid_choice": _("请选择有效的逾期时长。")})

    def __init__(self, *args, user: User, bucket: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The agencies supervised in scope, and any other an instrument of the scope went to
        # (the dashboard names and links those too).
        addressed = Recommendation.objects.filter(
            dashboard_scope(user, field="procuratorate") or Q(pk__in=[]), agency=OuterRef("pk"))
        self.fields["agency"].queryset = Agency.objects.filter(
            (dashboard_scope(user, field="supervising_procuratorate") or Q(pk__in=[]))
            | Exists(addressed))
        self.fields["procuratorate"].queryset = dashboard_procuratorates(user)
        self.fields["department"].queryset = Department.objects.select_related(
            "procuratorate").filter(dashboard_scope(user, field="procuratorate") or Q(pk__in=[]))
        # The handlers of cases in scope (a procurator of the viewer's procuratorate who
        # handles nothing here lists nothing; one elsewhere is not offered at all).
        cases = SupervisionCase.objects.filter(
            dashboard_scope(user, field="procuratorate") or Q(pk__in=[]), handler=OuterRef("pk"))
        self.fields["procurator"].queryset = User.objects.filter(Exists(cases))
        self.fields["kind"].queryset = SupervisionKind.objects.all()
        self.fields["type"].choices = [("", _("全部类型")), *[
            (t.pk, str(t)) for t in InstrumentType.objects.all()]]
        if bucket != "overdue":
            del self.fields["age"]

    def narrowing(self, *, descending: bool = False) -> ListFilter:
        data = self.cleaned_data if self.is_valid() else {}
        age = data.get("age") or None
        return ListFilter(agency=data.get("agency"), procuratorate=data.get("procuratorate"),
                          department=data.get("department"), procurator=data.get("procurator"),
                          kind=data.get("kind"), instrument_type=data.get("type"),
                          age=age if age in OVERDUE_AGES else None,
                          descending=descending)
