from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from integrations.models import EventType
from integrations.permissions import event_types_for


class SubscriptionForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    url = forms.CharField(label=_("接收地址"), max_length=500, help_text=_(
        "http:// 或 https:// 开头；不能指向内部网络、本机或保留地址（系统管理员允许的除外）。"),
        widget=forms.URLInput)
    event_types = forms.MultipleChoiceField(label=_("事件类型"),
                                            widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(EventType.choices)
        self.fields["event_types"].choices = [(t, labels[t]) for t in event_types_for(user)]
