"""Forms of the meetings flow: the staff list's filters, the meeting, its minutes, a task, a
task's completion (also the liaison's, at phone width) and a reason."""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from cases.forms import MultipleFileField
from cases.models import SupervisionCase
from supervision.forms import BootstrapFormMixin, DateInput, ModelMultipleChoiceField
from supervision.input_dates import DATE_BOUNDS
from supervision.models import User
from supervision.permissions import STAFF_ROLES

from ..models import JointMeeting, MeetingKind, MeetingStatus, MeetingTask
from ..selectors.meetings import AWAITING, OVERDUE

FILES_HELP = _("可选多个文件；接受 PDF、OFD、DOCX、XLSX、JPG、PNG。")


def _agencies_for(user: User):
    """The agencies a meeting of ``user``'s procuratorate may involve: those supervised by it
    or by a procuratorate below it."""
    return (Agency.objects.filter(supervising_procuratorate__path__startswith=(
        user.procuratorate.path)).order_by("name"))


def _staff_of(procuratorate_id: int):
    return (User.objects.filter(procuratorate_id=procuratorate_id, role__in=STAFF_ROLES,
                                is_active=True).order_by("display_name", "pk"))


class MeetingFilter(django_filters.FilterSet):
    """The staff meeting list's filters (on what the viewer may see: a filter only narrows)."""

    kind = django_filters.ChoiceFilter(label=_("类型"), choices=MeetingKind.choices,
                                       empty_label=_("全部类型"))
    status = django_filters.ChoiceFilter(label=_("状态"), choices=MeetingStatus.choices,
                                         empty_label=_("全部状态"))
    agency = django_filters.ModelChoiceFilter(
        label=_("参会单位"), field_name="agencies", queryset=Agency.objects.none(),
        empty_label=_("全部单位"))
    held_from = django_filters.DateFilter(label=_("会议日期自"), field_name="held_on",
                                          lookup_expr="gte", widget=DateInput())
    held_to = django_filters.DateFilter(label=_("会议日期至"), field_name="held_on",
                                        lookup_expr="lte", widget=DateInput())
    q = django_filters.CharFilter(label=_("搜索"), method="filter_q", max_length=100,
                                  help_text=_("会议名称、议题或纪要中的文字"))

    class Meta:
        model = JointMeeting
        fields = ["kind", "status", "agency", "held_from", "held_to", "q"]

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["agency"].queryset = Agency.objects.filter(joint_meetings__in=self.queryset) \
            .distinct().order_by("name")
        for field in self.form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = f"{css} form-control-sm" if css == "form-control" \
                else f"{css} form-select-sm"

    def filter_q(self, queryset, name: str, value: str):
        for word in value.split():
            queryset = queryset.filter(Q(title__icontains=word) | Q(topics__icontains=word)
                                       | Q(minutes__icontains=word))
        return queryset


class QueueForm(BootstrapFormMixin, forms.Form):
    view = forms.ChoiceField(label=_("分类"), required=False, choices=[
        ("", _("全部待办")), (AWAITING, _("单位已完成待确认")), (OVERDUE, _("逾期未完成"))],
        error_messages={"invalid_choice": _("没有这个分类，请从上方的分类中选择。")})


class MeetingForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("会议名称"), max_length=120)
    held_on = forms.DateField(label=_("会议日期"), widget=DateInput(), validators=DATE_BOUNDS)
    place = forms.CharField(label=_("地点"), max_length=120)
    agencies = ModelMultipleChoiceField(
        label=_("参会单位"), queryset=Agency.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少选择一个参会单位。")})
    participants = ModelMultipleChoiceField(
        label=_("本院参会人员"), queryset=User.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple)
    topics = forms.CharField(label=_("议题"), widget=forms.Textarea(attrs={"rows": 4}))
    case_numbers = forms.CharField(
        label=_("涉及案件"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("填写本院案件的案号，每行一个；可不填。"))

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["agencies"].queryset = _agencies_for(user)
        self.fields["participants"].queryset = _staff_of(user.procuratorate_id)
        for name in ("agencies", "participants"):
            self.fields[name].widget.attrs["class"] = "form-check-input"

    def clean_case_numbers(self) -> list[SupervisionCase]:
        numbers = [n.strip() for n in re.split(r"[\n,，;；]+", self.cleaned_data["case_numbers"])
                   if n.strip()]
        if len(numbers) > 20:
            raise forms.ValidationError(_("一次最多关联 20 件案件。"))
        found = {c.number: c for c in SupervisionCase.objects.filter(
            number__in=numbers, procuratorate_id=self.user.procuratorate_id)}
        missing = [n for n in numbers if n not in found]
        if missing:
            raise forms.ValidationError(_("本院没有这些案号的案件：%(numbers)s") % {
                "numbers": "、".join(missing)})
        return [found[n] for n in dict.fromkeys(numbers)]

    @staticmethod
    def initial_for(meeting: JointMeeting) -> dict:
        return {"kind": meeting.kind, "title": meeting.title, "held_on": meeting.held_on,
                "place": meeting.place, "topics": meeting.topics,
                "agencies": list(meeting.agencies.all()),
                "participants": list(meeting.participants.all()),
                "case_numbers": "\n".join(c.number for c in meeting.cases.all())}


class MinutesForm(BootstrapFormMixin, forms.Form):
    minutes = forms.CharField(label=_("会议纪要"), required=False,
                              widget=forms.Textarea(attrs={"rows": 10}),
                              help_text=_("纪要定稿后，参会单位即可在平台查看纪要和议定事项。"))
    files = MultipleFileField(label=_("纪要文件"), required=False, help_text=FILES_HELP)


class TaskForm(BootstrapFormMixin, forms.Form):
    """A task: what, whose (``u<id>`` one of the procuratorate's staff, ``a<id>`` one of the
    participating agencies), by when; ``reason`` for a changed date once the minutes are
    recorded."""

    description = forms.CharField(label=_("议定事项"), widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.ChoiceField(label=_("承办人或承办单位"))
    due_date = forms.DateField(label=_("完成期限"), widget=DateInput(), validators=DATE_BOUNDS,
                               help_text=_("会议商定的完成日期。"))
    reason = forms.CharField(label=_("调整期限的理由"), required=False, max_length=200,
                             help_text=_("纪要定稿后调整完成期限的，须说明经商定调整的理由。"))

    def __init__(self, *args, meeting: JointMeeting, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        agencies = list(meeting.agencies.order_by("name"))
        staff = list(_staff_of(meeting.procuratorate_id))
        self._agencies = {f"a{a.pk}": a for a in agencies}
        self._staff = {f"u{u.pk}": u for u in staff}
        self.fields["owner"].choices = [
            ("", "—"),
            (_("参会单位"), [(k, str(a)) for k, a in self._agencies.items()]),
            (_("本院人员"), [(k, str(u)) for k, u in self._staff.items()]),
        ]
        if not meeting.is_recorded:
            del self.fields["reason"]

    def clean_owner(self) -> tuple[User | None, Agency | None]:
        key = self.cleaned_data["owner"]
        return self._staff.get(key), self._agencies.get(key)

    @staticmethod
    def initial_for(task: MeetingTask) -> dict:
        owner = f"a{task.owner_agency_id}" if task.owner_agency_id else f"u{task.owner_user_id}"
        return {"description": task.description, "owner": owner, "due_date": task.due_date}


class TaskCloseForm(BootstrapFormMixin, forms.Form):
    done_on = forms.DateField(label=_("完成日期"), widget=DateInput(), validators=DATE_BOUNDS)
    note = forms.CharField(label=_("完成情况"), widget=forms.Textarea(attrs={"rows": 4}))
    files = MultipleFileField(label=_("证明材料"), required=False, help_text=FILES_HELP)


class ReasonForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))
