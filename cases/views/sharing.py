"""The page on which a case is shared with, or withdrawn from, a named outside user."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.permissions import get_case_for_user
from cases.services import sharing
from supervision.forms import BootstrapFormMixin
from supervision.models import User


class ShareForm(BootstrapFormMixin, forms.Form):
    username = forms.CharField(label=gettext_lazy("用户名"), max_length=150,
                               help_text=gettext_lazy("其他检察院检察人员的登录用户名"))

    def clean_username(self) -> User:
        try:
            return User.objects.get(username=self.cleaned_data["username"].strip(), is_active=True)
        except User.DoesNotExist as exc:
            raise forms.ValidationError(_("没有这个用户。")) from exc


@login_required
def case_sharing(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    if not sharing.can_share(request.user, case):
        raise Http404
    form = ShareForm(request.POST or None)
    if request.method == "POST":
        try:
            if "remove" in request.POST:
                user = User.objects.get(pk=request.POST["remove"])
                sharing.case_unshare(actor=request.user, case=case, user=user)
                messages.success(request, _("已取消共享：%(user)s") % {"user": user})
                return redirect("case-sharing", pk=case.pk)
            if form.is_valid():
                user = form.cleaned_data["username"]
                sharing.case_share(actor=request.user, case=case, user=user)
                messages.success(request, _("已共享给 %(user)s") % {"user": user})
                return redirect("case-sharing", pk=case.pk)
        except (ValidationError, PermissionDenied, User.DoesNotExist, ValueError) as exc:
            form.add_error(None, exc.messages if isinstance(exc, ValidationError) else _("操作失败。"))
    return render(request, "cases/sharing.html", {
        "case": case, "form": form, "shared_with": sharing.case_shared_with(case)})
