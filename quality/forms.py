"""Forms of the review pages: they validate input and hand it to one service, nothing more."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from supervision.forms import BootstrapFormMixin
from supervision.models import User

from .choices import Decision, FeedbackKind, Grade, ItemResult, ReviewKind
from .selectors import ChecklistGroupRows


class ReviewerChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.display_name or obj.username}（{obj.procuratorate.short_name}·{obj.get_role_display()}）"


class SubjectSearchForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("案号或文号"), max_length=60,
                        widget=forms.TextInput(attrs={"type": "search",
                                                      "placeholder": _("例如：定检刑监〔2026〕3号")}))


class StartForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("评查类型"), choices=ReviewKind.choices)
    reviewers = ReviewerChoice(label=_("评查人"), queryset=User.objects.none(),
                               widget=forms.CheckboxSelectMultiple,
                               help_text=_("本院或上级院的检察官；承办检察官、检察官助理及文书的拟稿人、审批人应当回避，不在此列"))
    focus = forms.CharField(label=_("评查重点"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("例如：专项评查民事执行监督案件的调查核实"))

    def __init__(self, *args, reviewers, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = reviewers


class ChecklistForm(BootstrapFormMixin, forms.Form):
    """One result and one note per applicable item (``result_<id>``, ``note_<id>``); any
    subset may be saved, the service says what a problem needs."""

    def __init__(self, *args, groups: Sequence[ChecklistGroupRows], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.item_ids: list[int] = []
        for group in groups:
            for row in group.rows:
                pk = row.item.pk
                self.item_ids.append(pk)
                self.fields[f"result_{pk}"] = forms.ChoiceField(
                    label=row.item.localized_name, required=False,
                    choices=[("", _("（未填写）")), *ItemResult.choices],
                    initial=row.result.result if row.result else "")
                self.fields[f"note_{pk}"] = forms.CharField(
                    label=_("说明"), required=False, max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 1}),
                    initial=row.result.note if row.result else "")

    def results(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {pk: (data[f"result_{pk}"], data[f"note_{pk}"]) for pk in self.item_ids
                if data.get(f"result_{pk}")}


class GradeForm(BootstrapFormMixin, forms.Form):
    grade = forms.ChoiceField(label=_("评定等次"), choices=Grade.choices)
    grade_reason = forms.CharField(label=_("评定理由"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}),
                                   help_text=_("评定等次与按评查结果应评的等次不同时必填"))
    findings = forms.CharField(label=_("发现的问题"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("评查表之外发现的问题，每行一项"))
    opinion = forms.CharField(label=_("评查意见"), widget=forms.Textarea(attrs={"rows": 4}))


class FeedbackForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("反馈意见"), choices=FeedbackKind.choices,
                             widget=forms.RadioSelect)
    text = forms.CharField(label=_("异议理由"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class ConcludeForm(BootstrapFormMixin, forms.Form):
    decision = forms.ChoiceField(label=_("对异议的决定"), required=False,
                                 choices=[("", "—"), *Decision.choices])
    grade = forms.ChoiceField(label=_("变更后的等次"), required=False,
                              choices=[("", "—"), *Grade.choices])
    reason = forms.CharField(label=_("决定理由"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class CancelForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("撤销理由"), widget=forms.Textarea(attrs={"rows": 2}))
