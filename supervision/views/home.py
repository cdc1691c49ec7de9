"""Pages every role shares: the role-dependent home page and the notifications list."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from supervision.choices import Role
from supervision.pagination import paginate
from supervision.selectors import notifications_of
from supervision.services.notifications import notifications_mark_read as mark_read

HOME_BY_ROLE = {
    Role.LIAISON: "portal:inbox",
    Role.APPROVER: "recommendations:approvals",  # what waits for my approval
    Role.SUPERVISOR: "reporting:dashboard",
    Role.OBSERVER: "reporting:dashboard",
    Role.SECADMIN: "security",  # lockouts and two-factor resets; its nav leads to the admin
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each user to the page their role starts from."""
    if request.user.role in {Role.SYSADMIN, Role.AUDITADMIN}:
        return redirect("admin:index") if request.user.is_staff else render(request, "supervision/admin_home.html")
    return redirect(HOME_BY_ROLE.get(request.user.role, "cases:list"))


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    return render(request, "supervision/notifications.html",
                  {"page": paginate(request, notifications_of(request.user), page_size=50)})


@login_required
@require_POST
def notifications_mark_read(request: HttpRequest) -> HttpResponse:
    mark_read(actor=request.user)
    return redirect("notifications")


class LoginView(auth_views.LoginView):
    """Django's login page; in demo mode it also lists the demo accounts (never in production).

    The demo world lives in a layer above this one, so it is handed in where the URL is wired
    (``config.urls``): ``demo_accounts() -> ([(username, role), …], password)``.
    """

    demo_accounts = None

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        if settings.DEMO_MODE and self.demo_accounts is not None:
            accounts, password = self.demo_accounts()
            context["demo_accounts"] = [(username, Role(role).label) for username, role in accounts]
            context["demo_password"] = password
        return context
