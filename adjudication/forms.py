"""Forms of the adjudication pages: they validate input and hand it to one service."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from cases.models import SupervisionCase
from cases.permissions import cases_visible_to
from recommendations.models import Recommendation
from supervision.choices import Role
from supervision.forms import BootstrapFormMixin, DateInput, LocalDateTimeField
from supervision.input_dates import DATE_BOUNDS
from supervision.models import User

from .choices import Adoption, Category, Initiative
from .models import Attendance
from .selectors import chiefs_of, courts_for


def _local_naive(value: datetime.datetime | None) -> datetime.datetime | None:
    return timezone.localtime(value).replace(tzinfo=None) if value else None


class AttendanceForm(BootstrapFormMixin, forms.Form):
    """The court's notice and the preparation. ``case`` fixed (recorded from a case's page),
    the case-number field is left out; otherwise a case of the procuratorate may be linked by
    its number."""

    court = forms.ModelChoiceField(label=_("人民法院"), queryset=Agency.objects.none(),
                                   help_text=_("本院同级的人民法院"))
    case_number = forms.CharField(label=_("关联监督案件案号"), max_length=100, required=False,
                                  help_text=_("本院有相关监督案件的，填写其案号，例如 定检民监〔2026〕12号"))
    court_case_number = forms.CharField(label=_("法院案号"), max_length=100, required=False)
    subject = forms.CharField(label=_("讨论的案件或议题"), max_length=200)
    category = forms.ChoiceField(label=_("案件或议题类别"), choices=Category.choices)
    initiative = forms.ChoiceField(label=_("列席缘由"), choices=Initiative.choices)
    notice_received_on = forms.DateField(label=_("收到通知日期"), widget=DateInput(),
                                         validators=DATE_BOUNDS)
    meeting_at = LocalDateTimeField(label=_("会议时间"))
    place = forms.CharField(label=_("会议地点"), max_length=200, required=False)
    agenda = forms.CharField(label=_("会议议程"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))
    materials = forms.CharField(label=_("准备情况及材料"), required=False,
                                widget=forms.Textarea(attrs={"rows": 3}),
                                help_text=_("调阅的卷宗、法院送来的材料、研究情况"))
    draft_opinion = forms.CharField(label=_("列席意见（草稿）"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 4}),
                                    help_text=_("承办人为检察长准备的发言意见"))

    def __init__(self, *args, user: User, procuratorate_id: int,
                 case: SupervisionCase | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user, self.procuratorate_id, self.fixed_case = user, procuratorate_id, case
        self.fields["court"].queryset = courts_for(procuratorate_id)
        if case is not None:
            del self.fields["case_number"]
        if not self.is_bound and "notice_received_on" not in self.initial:
            self.initial["notice_received_on"] = timezone.localdate()

    def clean_case_number(self) -> SupervisionCase | None:
        number = (self.cleaned_data.get("case_number") or "").strip()
        if not number:
            return None
        case = cases_visible_to(self.user).filter(
            procuratorate_id=self.procuratorate_id, number=number).first()
        if case is None:
            raise forms.ValidationError(_("未找到本院案号为“%(number)s”的监督案件。"),
                                        params={"number": number})
        return case

    def service_values(self) -> dict:
        """The cleaned data as the services take it (``case`` for the case number)."""
        data = dict(self.cleaned_data)
        if "case_number" in data:
            data["case"] = data.pop("case_number")
        return data


def attendance_initial(attendance: Attendance) -> dict:
    return {"court": attendance.court_id,
            "case_number": attendance.case.number if attendance.case_id else "",
            "court_case_number": attendance.court_case_number, "subject": attendance.subject,
            "category": attendance.category, "initiative": attendance.initiative,
            "notice_received_on": attendance.notice_received_on,
            "meeting_at": _local_naive(attendance.meeting_at), "place": attendance.place,
            "agenda": attendance.agenda, "materials": attendance.materials,
            "draft_opinion": attendance.draft_opinion}


class EntrustForm(BootstrapFormMixin, forms.Form):
    deputy = forms.ModelChoiceField(label=_("受委托的副检察长"), queryset=User.objects.none(),
                                    required=False,
                                    help_text=_("不选择即撤回委托，由检察长本人列席"))
    reason = forms.CharField(label=_("委托理由"), required=False, max_length=500,
                             help_text=_("例如：检察长因公出差不能列席"))

    def __init__(self, *args, attendance: Attendance, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = User.objects.filter(
            procuratorate_id=attendance.procuratorate_id, role=Role.APPROVER,
            is_active=True).order_by("display_name", "pk")
        self.fields["deputy"].initial = attendance.deputy_id


class AttendForm(BootstrapFormMixin, forms.Form):
    attendee = forms.ModelChoiceField(label=_("列席人"), queryset=User.objects.none())
    attended_at = LocalDateTimeField(label=_("列席时间"))
    opinion = forms.CharField(label=_("发表的意见"), widget=forms.Textarea(attrs={"rows": 6}),
                              help_text=_("检察长（副检察长）在会上对讨论的案件或议题发表的意见"))

    def __init__(self, *args, attendance: Attendance, actor: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        ids = list(chiefs_of(attendance.procuratorate_id).values_list("pk", flat=True))
        if attendance.deputy_id:
            ids.append(attendance.deputy_id)
        self.fields["attendee"].queryset = User.objects.filter(pk__in=ids).order_by("pk")
        self.fields["attendee"].initial = actor.pk if actor.pk in ids else None
        self.fields["attended_at"].initial = _local_naive(attendance.meeting_at)
        self.fields["opinion"].initial = attendance.draft_opinion


def _instruments(attendance: Attendance) -> forms.ModelChoiceField | None:
    """The instruments of the linked case a follow-up may name (none without a case)."""
    if attendance.case_id is None:
        return None
    return forms.ModelChoiceField(
        label=_("后续监督文书"), required=False,
        queryset=Recommendation.objects.filter(case_id=attendance.case_id).order_by("-pk"),
        help_text=_("本案已制作的抗诉书、再审检察建议等"))


class DecideForm(BootstrapFormMixin, forms.Form):
    adoption = forms.ChoiceField(label=_("意见采纳情况"), choices=Adoption.choices)
    decision = forms.CharField(label=_("审判委员会决定"), widget=forms.Textarea(attrs={"rows": 4}),
                               help_text=_("审判委员会的决定；未作决定的，写明情况（例如：决定延期讨论）"))
    decided_on = forms.DateField(label=_("决定日期"), widget=DateInput(), validators=DATE_BOUNDS)
    follow_up = forms.CharField(label=_("后续监督"), required=False,
                                widget=forms.Textarea(attrs={"rows": 3}),
                                help_text=_("意见未被采纳或部分采纳时本院的后续措施"))

    def __init__(self, *args, attendance: Attendance, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = _instruments(attendance)
        if field is not None:
            self.fields["follow_up_instrument"] = field
            self.fields["follow_up_instrument"].widget.attrs["class"] = "form-select"
        if attendance.attended_at:
            self.fields["decided_on"].initial = timezone.localtime(attendance.attended_at).date()


class FollowUpForm(BootstrapFormMixin, forms.Form):
    follow_up = forms.CharField(label=_("后续监督"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, attendance: Attendance, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = _instruments(attendance)
        if field is not None:
            self.fields["follow_up_instrument"] = field
            self.fields["follow_up_instrument"].widget.attrs["class"] = "form-select"
        self.fields["follow_up"].initial = attendance.follow_up


class ReasonForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=2000)
