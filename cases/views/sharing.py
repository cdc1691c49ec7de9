"""The page on which a case is shared with, or withdrawn from, a named outside user."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.permissions import can_share, get_case_for_user
from cases.selectors import case_shared_user, case_shared_with
from cases.services import sharing
from supervision.forms import BootstrapFormMixin
from supervision.models import User
from supervision.selectors import active_user_named
from supervision.service_errors import call_service


class ShareForm(BootstrapFormMixin, forms.Form):
    username = forms.CharField(label=gettext_lazy("用户名"), max_length=150,
                               help_text=gettext_lazy("其他检察院检察人员的登录用户名"))

    def clean_username(self) -> User:
        user = active_user_named(self.cleaned_data["username"].strip())
        if user is None:
            raise forms.ValidationError(_("没有这个用户。"))
        return user


@login_required
def case_sharing(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    if not can_share(request.user, case):
        raise Http404
    shared_with = case_shared_with(case)
    form = ShareForm(request.POST or None)
    if request.method == "POST":
        if "remove" in request.POST:
            user = case_shared_user(case, request.POST["remove"])
            if user is None:
                raise Http404
            if call_service(request, lambda: sharing.case_unshare(
                    actor=request.user, case=case, user=user), form=form,
                    success=_("已取消共享：%(user)s") % {"user": user}):
                return redirect("case-sharing", pk=case.pk)
        elif form.is_valid():
            user = form.cleaned_data["username"]
            if call_service(request, lambda: sharing.case_share(
                    actor=request.user, case=case, user=user), form=form,
                    success=_("已共享给 %(user)s") % {"user": user}):
                return redirect("case-sharing", pk=case.pk)
    return render(request, "cases/sharing.html", {
        "case": case, "form": form, "shared_with": shared_with})
