"""Pages: procuratorate staff invite a liaison; the liaison sets a password from the link."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.models import Agency
from agencies.permissions import can_invite_liaisons
from agencies.selectors import agencies_invitable_by, memberships_of
from agencies.services import invitations
from supervision.forms import BootstrapFormMixin
from supervision.service_errors import call_service


class InviteForm(BootstrapFormMixin, forms.Form):
    agency = forms.ModelChoiceField(label=gettext_lazy("被监督单位"), queryset=Agency.objects.none())
    display_name = forms.CharField(label=gettext_lazy("联络员姓名"), max_length=50)
    email = forms.EmailField(label=gettext_lazy("电子邮箱"),
                             help_text=gettext_lazy("邀请链接将发送到该邮箱，邮箱即登录用户名"))
    is_responsible = forms.BooleanField(
        label=gettext_lazy("单位负责人（可签发回复）"), required=False,
        help_text=gettext_lazy("单位要求回复经负责人签发时，由其确认后发送检察院"))

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies_invitable_by(user)


class BootstrapSetPasswordForm(BootstrapFormMixin, SetPasswordForm):
    pass


@login_required
def liaison_invite(request: HttpRequest) -> HttpResponse:
    if not can_invite_liaisons(request.user):
        raise Http404
    agencies = agencies_invitable_by(request.user)
    form = InviteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = call_service(request, lambda: invitations.liaison_invite(
            actor=request.user, agency=data["agency"], email=data["email"],
            display_name=data["display_name"], is_responsible=data["is_responsible"],
            accept_url=lambda uid, token: request.build_absolute_uri(
                reverse("liaison-accept", args=[uid, token]))), form=form)
        if done:
            messages.success(request, _("邀请已发送至 %(email)s。") % {"email": done.value.email})
            return redirect("liaison-invite")
    liaisons = list(memberships_of(agencies))
    # Agencies whose replies need the responsible person's sign-off but that have none yet.
    signed_off = {m.agency_id for m in liaisons if m.is_active and m.is_responsible}
    no_signer = sorted({m.agency.name for m in liaisons
                        if m.agency.reply_requires_signoff and m.agency_id not in signed_off})
    return render(request, "agencies/invite.html", {"form": form, "liaisons": liaisons,
                                                    "no_signer": no_signer})


def liaison_accept(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    user = invitations.user_from_invitation(uidb64, token)
    if user is None:
        return render(request, "agencies/invite_invalid.html")
    form = BootstrapSetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitations.liaison_accept(user=user, password=form.cleaned_data["new_password1"])
        login(request, user, backend="supervision.auth.UserBackend")
        messages.success(request, _("密码已设置，欢迎使用。"))
        return redirect("home")
    return render(request, "agencies/invite_accept.html", {"form": form, "invited": user})
