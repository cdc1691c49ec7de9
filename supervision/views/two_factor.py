"""Two-factor pages (issue 15): the login's second step, and 两步验证 in the user's settings —
enrolling an authenticator (a QR code and the secret to type), recovery codes shown once,
regenerating them, turning two-factor off. Thin: ``supervision.services.two_factor`` writes;
``supervision.two_factor.TwoFactorMiddleware`` sends a password-only session here."""

from __future__ import annotations

from base64 import b32encode

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from supervision.forms import CodeForm
from supervision.selectors import recovery_codes_left
from supervision.service_errors import call_service
from supervision.services import two_factor as services
from supervision.two_factor import is_enrolled, two_factor_required


def _next(request: HttpRequest) -> str:
    """Where to go once verified: ``next`` when it stays on this site, else the home page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    # A path on this site only: ``redirect("-1")`` would take it for a view name (a 500).
    if target.startswith("/") and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _verified(request: HttpRequest, device) -> None:
    """Mark the session verified by ``device``, under a new session key (the session has just
    gained rights: a key seen before this moment must not carry them)."""
    django_otp.login(request, device)
    request.session.cycle_key()


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """两步验证, after the password: a code from the authenticator, or a recovery code."""
    user = request.user
    if user.is_verified():
        return redirect(_next(request))
    if not is_enrolled(user):
        return redirect(f"{reverse('settings-two-factor')}?{request.GET.urlencode()}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = services.code_verify(actor=user, token=form.cleaned_data["token"])
        if check.device is not None:
            _verified(request, check.device)
            if check.codes_left is not None:
                messages.warning(request, _("已使用一个恢复码，还剩 %(count)s 个。恢复码用完前请在“设置 → 两步验证”中重新生成。")
                                 % {"count": check.codes_left})
            return redirect(_next(request))
        form.add_error("token", check.message)
    return render(request, "supervision/two_factor_verify.html",
                  {"form": form, "next": _next(request)})


def _qr_svg(uri: str) -> str:
    """The otpauth URI as an inline SVG (no image file, no inline style: the CSP allows none)."""
    return mark_safe(segno.make(uri, error="m").svg_inline(
        scale=5, border=2, dark="#000", light="#fff", title=_("两步验证二维码")))


def _grouped(secret: str) -> str:
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


@login_required
def two_factor_settings(request: HttpRequest) -> HttpResponse:
    """Without an authenticator: the QR code, the secret and the confirm form. With one: the
    state, regenerating the recovery codes, turning two-factor off. A session that has an
    authenticator but has not verified is sent to the verify step first."""
    user = request.user
    enrolled = is_enrolled(user)
    if enrolled and not user.is_verified():
        return redirect(f"{reverse('login-verify')}?next={reverse('settings-two-factor')}")
    context = {"enrolled": enrolled, "required": two_factor_required(user), "next": _next(request)}
    if enrolled:
        context["codes_left"] = recovery_codes_left(user)
        context["disable_form"] = CodeForm(recovery=False, auto_id="disable_%s")
        return render(request, "supervision/settings_two_factor.html", context)
    device = services.enrolment_start(actor=user)
    form = CodeForm(request.POST or None, recovery=False)
    if request.method == "POST" and form.is_valid():
        check, codes = services.enrolment_confirm(actor=user, token=form.cleaned_data["token"])
        if check.device is not None:
            _verified(request, check.device)
            messages.success(request, _("两步验证已启用。"))
            return render(request, "supervision/settings_two_factor_codes.html",
                          {"codes": codes, "next": _next(request)})
        form.add_error("token", check.message)
    context.update(form=form, qr=_qr_svg(device.config_url),
                   secret=_grouped(b32encode(device.bin_key).decode()))
    return render(request, "supervision/settings_two_factor.html", context)


@login_required
@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Ten new recovery codes, shown once; the old ones stop working."""
    done = call_service(request, lambda: services.recovery_codes_regenerate(actor=request.user))
    if not done:
        return redirect("settings-two-factor")
    messages.success(request, _("已生成新的恢复码，原有恢复码已失效。"))
    return render(request, "supervision/settings_two_factor_codes.html",
                  {"codes": done.value, "next": reverse("settings-two-factor")})


@login_required
@require_POST
def disable(request: HttpRequest) -> HttpResponse:
    """Turn two-factor off (a liaison's choice; anyone who must use it confirms with a current
    code and enrols a new authenticator next)."""
    form = CodeForm(request.POST, recovery=False)
    token = form.cleaned_data["token"] if form.is_valid() else ""
    failed = services.two_factor_disable(actor=request.user, token=token)
    if failed is not None:
        messages.error(request, failed.message)
    elif two_factor_required(request.user):
        messages.success(request, _("原身份验证器已停用，请设置新的身份验证器。"))
    else:
        messages.success(request, _("两步验证已关闭。"))
    return redirect("settings-two-factor")
