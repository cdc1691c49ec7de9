"""The core's pages: notifications, personal settings, the system administrator's legal
calendar and self-check. Names are global (``notifications``, ``ops-calendar`` …); the home
and login pages are wired in ``config/urls.py``."""

from django.urls import path

from supervision.views import home, ops, personal

urlpatterns = [
    path("notifications/", home.notifications, name="notifications"),
    path("notifications/read/", home.notifications_mark_read, name="notifications-mark-read"),
    path("settings/notifications/", personal.notification_settings,
         name="settings-notifications"),
    path("settings/calendar/", personal.calendar_settings, name="settings-calendar"),
    path("settings/calendar/regenerate/", personal.calendar_regenerate,
         name="settings-calendar-regenerate"),
    path("settings/calendar/revoke/", personal.calendar_revoke,
         name="settings-calendar-revoke"),
    path("settings/password/", personal.PasswordChangeView.as_view(), name="settings-password"),
    path("ops/calendar/", ops.calendar_change, name="ops-calendar"),
    path("ops/selfcheck/", ops.selfcheck_reports, name="ops-selfcheck"),
    path("ops/selfcheck/run/", ops.selfcheck_run, name="ops-selfcheck-run"),
]
