"""API 令牌 on a user's settings page (issue 17): their tokens (name, scope, made, expires,
last used, revoked), a form to make one — its plain text shown on the answer to that POST only,
never again — and a revoke button on each live token. The security administrator's system
accounts have theirs on the security page (:mod:`supervision.views.security`); the forms here
serve both."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from supervision.forms import BootstrapFormMixin
from supervision.models import ApiToken, ApiTokenScope, User
from supervision.services import api_tokens as services
from supervision.services.once import claim_form, record_result


class ApiTokenForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=gettext_lazy("名称"), max_length=services.NAME_LENGTH,
                           help_text=gettext_lazy("写明用途，如对接的系统名称，便于日后辨认。"))
    scope = forms.ChoiceField(label=gettext_lazy("权限范围"), choices=ApiTokenScope.choices,
                              initial=ApiTokenScope.READ, widget=forms.RadioSelect,
                              help_text=gettext_lazy("只读令牌只能查询；“读取和办理”还可以签收、回复等，"
                                                     "权限与本账号在页面上相同。"))
    days = forms.IntegerField(label=gettext_lazy("有效天数"), min_value=1,
                              max_value=settings.API_TOKEN_MAX_DAYS,
                              initial=settings.API_TOKEN_DEFAULT_DAYS)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["days"].help_text = _("1 至 %(max)s 天，到期后令牌自动失效。") % {
            "max": settings.API_TOKEN_MAX_DAYS}
        self.fields["days"].max_value = settings.API_TOKEN_MAX_DAYS


def create_from_form(request: HttpRequest, form: ApiTokenForm, user: User, back: str
                     ) -> tuple[ApiToken, str] | HttpResponse | None:
    """Make ``user``'s token from a valid ``form`` through the service; its refusals become
    the form's errors (None then). The form acts once (its one-time token): sent again — a
    reload of the page that showed the token — it makes no second token and sends the user
    to ``back``, where the token is listed but never shown again."""
    if not form.is_valid():
        return None
    with transaction.atomic():
        earlier = claim_form(request)
        if earlier is not None:
            messages.info(request, _("该令牌已经创建，没有重复创建；令牌只在创建时显示一次，"
                                     "如未保存，请撤销后重新创建。"))
            return redirect(back)
        try:
            made = services.api_token_create(actor=request.user, user=user, **form.cleaned_data)
        except ValidationError as exc:
            transaction.set_rollback(True)  # the form token stays free for the corrected form
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
            return None
        record_result(request, back)
        return made


def _no_store(response: HttpResponse) -> HttpResponse:
    """A page that shows a token's plain text is kept by no cache and no history."""
    response["Cache-Control"] = "no-store"
    return response


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The user's tokens; POST makes one and shows it once."""
    if request.user.is_system_account:  # no one signs in as one; its tokens are the secadmin's
        raise Http404
    created = plain = None
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST":
        made = create_from_form(request, form, request.user, reverse("settings-api-tokens"))
        if isinstance(made, HttpResponse):
            return made
        if made is not None:
            created, plain = made
            form = ApiTokenForm()
    tokens = ApiToken.objects.filter(user=request.user).order_by("-created", "-id")
    return _no_store(render(request, "supervision/settings_api_tokens.html", {
        "form": form, "tokens": tokens, "created": created, "plain": plain,
        "header": settings.REST_KNOX.get("AUTH_HEADER_PREFIX", "Token")}))


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.select_related("user"), pk=pk, user=request.user)
    if token.revoked_at is None:
        services.api_token_revoke(actor=request.user, token=token)
        messages.success(request, _("已撤销令牌“%(name)s”，使用它的请求将被拒绝。") % {"name": token.name})
    return redirect("settings-api-tokens")
