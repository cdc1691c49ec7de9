"""A user's own settings: how deadline e-mail reaches them, their calendar subscription (the
secret URL; the feed it serves is ``recommendations.views.calendar_feed``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from supervision import feeds
from supervision.forms import NotificationPreferenceForm, PasswordChangeForm
from supervision.services.audit import audit_record
from supervision.services.notifications import notification_preference_set, preference_of


@login_required
def notification_settings(request: HttpRequest) -> HttpResponse:
    mode, language = preference_of(request.user)
    form = NotificationPreferenceForm(request.POST or None,
                                      initial={"email_mode": mode, "language": language})
    if request.method == "POST" and form.is_valid():
        notification_preference_set(actor=request.user, **form.cleaned_data)
        messages.success(request, _("通知设置已保存。"))
        return redirect("settings-notifications")
    return render(request, "supervision/settings_notifications.html", {"form": form})


@login_required
def calendar_settings(request: HttpRequest) -> HttpResponse:
    """我的日历订阅: the secret URL, when a client last read it, regenerate / stop."""
    feed = feeds.live_feed_of(request.user)
    url = request.build_absolute_uri(reverse("calendar-feed", args=[feed.token])) if feed else ""
    return render(request, "supervision/settings_calendar.html", {"feed": feed, "feed_url": url})


@login_required
@require_POST
def calendar_regenerate(request: HttpRequest) -> HttpResponse:
    had_one = feeds.live_feed_of(request.user) is not None
    feeds.calendar_feed_regenerate(actor=request.user)
    messages.success(request, _("已生成新的订阅地址，原地址已失效。") if had_one
                     else _("已生成订阅地址。"))
    return redirect("settings-calendar")


@login_required
@require_POST
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    if feeds.calendar_feed_revoke(actor=request.user):
        messages.success(request, _("订阅地址已停用。"))
    return redirect("settings-calendar")


class PasswordChangeView(auth_views.PasswordChangeView):
    """修改密码, for every user (procurators and liaisons included): the old password, the new
    one twice, checked by ``AUTH_PASSWORD_VALIDATORS`` (12+ characters of three kinds, never a
    published one) with every message in the user's language. Django ends the user's other
    sessions (their session hash no longer matches) and keeps this one; the change is audited."""

    form_class = PasswordChangeForm
    template_name = "supervision/settings_password.html"
    success_url = reverse_lazy("settings-password")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            audit_record(actor=self.request.user, action="password.changed",
                         target=self.request.user)
        messages.success(self.request, _("密码已修改。您在其他设备上的登录已失效。"))
        return response
