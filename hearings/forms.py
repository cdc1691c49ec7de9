"""Forms of the hearing pages: they validate input and hand it to one service, nothing more."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from supervision.forms import (
    BootstrapFormMixin,
    DateInput,
    LocalDateTimeField,
    ModelMultipleChoiceField,
)
from supervision.input_dates import DATE_BOUNDS
from supervision.models import User

from .choices import NoticeMethod, Outcome, ParticipantRole, Stance, SupervisorStatus
from .models import Hearing, HearingParticipant, PeopleSupervisor
from .selectors import invitable_choices
from .services.hearings import PRESIDING_ROLES


class ParticipantChoice(ModelMultipleChoiceField):
    def label_from_instance(self, obj: HearingParticipant) -> str:
        return f"{obj.name}（{obj.get_role_display()}）"


class HearingForm(BootstrapFormMixin, forms.Form):
    topic = forms.CharField(label=_("听证事项"), max_length=200,
                            help_text=_("例如：对不支持监督申请决定的听证"))
    questions = forms.CharField(label=_("需要听证的问题"), widget=forms.Textarea(attrs={"rows": 3}),
                                help_text=_("争议焦点，每行一项"))
    proposed_handling = forms.CharField(label=_("拟处理意见"), required=False,
                                        widget=forms.Textarea(attrs={"rows": 3}),
                                        help_text=_("听证员据以发表同意或不同意的意见"))
    scheduled_at = LocalDateTimeField(label=_("听证时间"))
    place = forms.CharField(label=_("听证地点"), max_length=200)
    presiding = forms.ModelChoiceField(label=_("主持人"), queryset=User.objects.none())
    public = forms.BooleanField(label=_("公开听证"), required=False, initial=True,
                                help_text=_("涉及国家秘密、个人隐私、未成年人的，不公开听证"))

    def __init__(self, *args, case, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["presiding"].queryset = User.objects.filter(
            procuratorate_id=case.procuratorate_id, role__in=PRESIDING_ROLES,
            is_active=True).order_by("role", "display_name", "pk")
        self.fields["presiding"].initial = case.handler_id


def hearing_initial(hearing: Hearing) -> dict:
    return {"topic": hearing.topic, "questions": hearing.questions,
            "proposed_handling": hearing.proposed_handling,
            "scheduled_at": timezone.localtime(hearing.scheduled_at).replace(tzinfo=None),
            "place": hearing.place, "presiding": hearing.presiding_id, "public": hearing.public}


class ParticipantForm(BootstrapFormMixin, forms.Form):
    role = forms.ChoiceField(label=_("身份"), choices=ParticipantRole.choices)
    people_supervisor = forms.ModelChoiceField(
        label=_("人民监督员"), required=False, queryset=PeopleSupervisor.objects.none(),
        help_text=_("仅列出名册中在任、听证当日在任期内且尚未邀请的人民监督员"))
    name = forms.CharField(label=_("姓名/名称"), max_length=100, required=False,
                           help_text=_("人民监督员从名册中选择，无需填写"))
    affiliation = forms.CharField(label=_("单位或职务"), max_length=200, required=False)

    def __init__(self, *args, hearing: Hearing, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people_supervisor"].queryset = invitable_choices(hearing)
        self.fields["people_supervisor"].label_from_instance = (
            lambda s: f"{s.name}（{s.expertise or s.occupation or s.region}，"
                      f"{_('任期至')} {s.term_end:%Y-%m-%d}）")

    def clean(self) -> dict:
        data = super().clean()
        if data.get("role") == ParticipantRole.PEOPLE_SUPERVISOR:
            if not data.get("people_supervisor"):
                self.add_error("people_supervisor", _("人民监督员须从人民监督员名册中选择。"))
        elif data.get("role") and not (data.get("name") or "").strip():
            self.add_error("name", _("请填写参加人姓名或名称。"))
        return data


class NoticeForm(BootstrapFormMixin, forms.Form):
    participants = ParticipantChoice(label=_("通知的参加人"), queryset=HearingParticipant.objects.none(),
                                     widget=forms.CheckboxSelectMultiple)
    sent_on = forms.DateField(label=_("通知日期"), widget=DateInput(), validators=DATE_BOUNDS)
    method = forms.ChoiceField(label=_("通知方式"), choices=NoticeMethod.choices)

    def __init__(self, *args, hearing: Hearing, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = hearing.participants.all()
        self.fields["sent_on"].initial = timezone.localdate()


class HoldForm(BootstrapFormMixin, forms.Form):
    held_at = LocalDateTimeField(label=_("实际举行时间"))
    attended = ParticipantChoice(label=_("到场的参加人"), queryset=HearingParticipant.objects.none(),
                                 widget=forms.CheckboxSelectMultiple)
    recorder = forms.CharField(label=_("记录人"), max_length=50, required=False)
    record = forms.CharField(label=_("听证记录"), widget=forms.Textarea(attrs={"rows": 8}),
                             help_text=_("听证经过：主持人宣布事项、各方陈述、听证员提问与回答等"))

    def __init__(self, *args, hearing: Hearing, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attended"].queryset = hearing.participants.all()
        self.fields["held_at"].initial = timezone.localtime(hearing.scheduled_at).replace(
            tzinfo=None)


class OpinionForm(BootstrapFormMixin, forms.Form):
    opinion = forms.CharField(label=_("意见"), widget=forms.Textarea(attrs={"rows": 4}))
    stance = forms.ChoiceField(label=_("对拟处理意见"), required=False,
                               choices=[("", _("（非听证员可不选）")), *Stance.choices])


class ConcludeForm(BootstrapFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("听证意见采纳情况"), choices=Outcome.choices)
    outcome_reason = forms.CharField(label=_("未采纳或部分采纳的理由"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    decision = forms.CharField(label=_("处理决定"), widget=forms.Textarea(attrs={"rows": 3}))
    concluded_on = forms.DateField(label=_("办结日期"), widget=DateInput(), validators=DATE_BOUNDS)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["concluded_on"].initial = timezone.localdate()


class CancelForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("取消理由"), widget=forms.Textarea(attrs={"rows": 2}))


class SupervisorForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = PeopleSupervisor
        fields = ["name", "appointed_by", "region", "occupation", "expertise", "phone",
                  "term_start", "term_end", "status", "note"]
        widgets = {"term_start": DateInput(), "term_end": DateInput(),
                   "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("term_start", "term_end"):
            self.fields[name].validators += DATE_BOUNDS
        self.fields["status"].choices = SupervisorStatus.choices
