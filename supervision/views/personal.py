"""A user's own settings: how deadline e-mail reaches them, their calendar subscription (the
secret URL; the feed it serves is ``recommendations.views.calendar_feed``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from supervision import feeds
from supervision.forms import NotificationPreferenceForm
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
