"""The security administrator's page (安全管理员, issue 15): the login lockouts in force, each
with an unlock button, and the accounts' two-factor state, each with a reset (a lost phone: the
user enrols again). Issue 17 adds the procuratorates' system accounts (for systems that connect
through the API) with their tokens: make an account, make a token for it (shown once), revoke
one. Every action is audited by its service; every other role gets 404."""

from __future__ import annotations

from urllib.parse import urlencode

from axes.models import AccessAttempt
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from supervision.choices import Role
from supervision.forms import BootstrapFormMixin
from supervision.models import ApiToken, Procuratorate, User
from supervision.permissions import require_role
from supervision.selectors import accounts_for_security, lockouts_active
from supervision.services import api_tokens as token_services
from supervision.services import two_factor as services
from supervision.views.api_tokens import ApiTokenForm, create_from_form

SECURITY_ROLES = {Role.SECADMIN}


class SystemAccountForm(BootstrapFormMixin, forms.Form):
    username = forms.CharField(label=gettext_lazy("账号名"), max_length=150,
                               help_text=gettext_lazy("字母、数字和 @ . + - _，如 dingjian-bananxitong。"))
    display_name = forms.CharField(label=gettext_lazy("系统名称"), max_length=50,
                                   help_text=gettext_lazy("对接的系统，如“定检办案系统”。"))
    procuratorate = forms.ModelChoiceField(label=gettext_lazy("所属检察院"),
                                           queryset=Procuratorate.objects.none())
    role = forms.ChoiceField(label=gettext_lazy("角色"), help_text=gettext_lazy(
        "系统账号按此角色在所属检察院的范围内读取数据。"))

    def __init__(self, *args, actor: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        places = Procuratorate.objects.order_by("path")
        if actor.procuratorate_id:
            places = places.filter(path__startswith=actor.procuratorate.path)
        self.fields["procuratorate"].queryset = places
        self.fields["role"].choices = [(r.value, r.label)
                                       for r in token_services.SYSTEM_ACCOUNT_ROLES]


def _system_accounts() -> list[User]:
    """The system accounts, each with ``api_tokens``: its tokens, newest first."""
    accounts = list(User.objects.filter(is_system_account=True)
                    .select_related("procuratorate").order_by("username"))
    tokens: dict[int, list[ApiToken]] = {}
    for token in ApiToken.objects.filter(user__in=accounts).order_by("-created", "-id"):
        tokens.setdefault(token.user_id, []).append(token)
    for account in accounts:
        account.api_tokens = tokens.get(account.pk, [])
    return accounts


def _page(request: HttpRequest, **extra) -> HttpResponse:
    # PostgreSQL refuses a NUL in a query parameter (a 500): never one in a search.
    query = request.GET.get("q", "").replace("\x00", "").strip()
    context = {"lockouts": lockouts_active(), "accounts": accounts_for_security(query), "q": query,
               "system_accounts": _system_accounts(),
               "account_form": SystemAccountForm(actor=request.user),
               "token_form": ApiTokenForm(), "header": "Token"} | extra
    response = render(request, "supervision/security.html", context)
    if extra.get("plain"):
        response["Cache-Control"] = "no-store"
    return response


@login_required
def security(request: HttpRequest) -> HttpResponse:
    require_role(request.user, SECURITY_ROLES)
    return _page(request)


@login_required
@require_POST
def system_account_create(request: HttpRequest) -> HttpResponse:
    require_role(request.user, SECURITY_ROLES)
    form = SystemAccountForm(request.POST, actor=request.user)
    if form.is_valid():
        try:
            account = token_services.system_account_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("已创建系统账号 %(username)s，现在可以为它创建 API 令牌。")
                             % {"username": account.username})
            return redirect(f"{reverse('security')}#system-accounts")
    return _page(request, account_form=form)


@login_required
def system_account_token_create(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, SECURITY_ROLES)
    account = get_object_or_404(User, pk=pk, is_system_account=True)
    back = f"{reverse('security')}#system-accounts"
    if request.method != "POST":  # the address the token was shown at, opened again
        return redirect(back)
    form = ApiTokenForm(request.POST)
    made = create_from_form(request, form, account, back)
    if isinstance(made, HttpResponse):
        return made
    if made is None:
        return _page(request, token_form=form, token_form_for=account.pk)
    created, plain = made
    return _page(request, created=created, plain=plain)


@login_required
@require_POST
def system_account_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, SECURITY_ROLES)
    token = get_object_or_404(ApiToken.objects.select_related("user"), pk=pk,
                              user__is_system_account=True)
    if token.revoked_at is None:
        token_services.api_token_revoke(actor=request.user, token=token)
        messages.success(request, _("已撤销 %(username)s 的令牌“%(name)s”。")
                         % {"username": token.user.username, "name": token.name})
    return redirect(f"{reverse('security')}#system-accounts")


@login_required
@require_POST
def unlock(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, SECURITY_ROLES)
    attempt = get_object_or_404(AccessAttempt, pk=pk)
    services.lockout_release(actor=request.user, attempt=attempt)
    messages.success(request, _("已解除 %(username)s 在 %(ip)s 的登录锁定。")
                     % {"username": attempt.username, "ip": attempt.ip_address})
    return redirect("security")


@login_required
@require_POST
def two_factor_reset(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, SECURITY_ROLES)
    user = get_object_or_404(User, pk=pk)
    services.two_factor_reset(actor=request.user, user=user)
    messages.success(request, _("已重置 %(username)s 的两步验证，其下次登录时须重新设置。")
                     % {"username": user.username})
    query = request.POST.get("q", "").strip()
    return redirect(f"{reverse('security')}?{urlencode({'q': query})}" if query else "security")
