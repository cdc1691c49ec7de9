"""The security administrator's page (安全管理员, issue 15): the login lockouts in force, each
with an unlock button, and the accounts' two-factor state, each with a reset (a lost phone: the
user enrols again). Both actions are audited by their services; every other role gets 404."""

from __future__ import annotations

from urllib.parse import urlencode

from axes.models import AccessAttempt
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from supervision.choices import Role
from supervision.models import User
from supervision.permissions import require_role
from supervision.selectors import accounts_for_security, lockouts_active
from supervision.services import two_factor as services

SECURITY_ROLES = {Role.SECADMIN}


@login_required
def security(request: HttpRequest) -> HttpResponse:
    require_role(request.user, SECURITY_ROLES)
    # PostgreSQL refuses a NUL in a query parameter (a 500): never one in a search.
    query = request.GET.get("q", "").replace("\x00", "").strip()
    return render(request, "supervision/security.html", {
        "lockouts": lockouts_active(), "accounts": accounts_for_security(query), "q": query})


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
