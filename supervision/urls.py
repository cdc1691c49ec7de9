"""The core's pages: notifications, personal settings, the system administrator's legal
calendar and self-check. Names are global (``notifications``, ``ops-calendar`` …); the home
and login pages are wired in ``config/urls.py``; the login's second step is here."""

from django.urls import path

from supervision.views import api_tokens, home, ops, personal, security, two_factor

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
    # Two-factor (issue 15): the login's second step and the user's own settings.
    path("login/verify/", two_factor.verify, name="login-verify"),
    path("settings/two-factor/", two_factor.two_factor_settings, name="settings-two-factor"),
    path("settings/two-factor/recovery-codes/", two_factor.recovery_codes,
         name="settings-two-factor-codes"),
    path("settings/two-factor/disable/", two_factor.disable, name="settings-two-factor-disable"),
    # API tokens (issue 17): the user's own, made and revoked on their settings page.
    path("settings/api-tokens/", api_tokens.api_tokens, name="settings-api-tokens"),
    path("settings/api-tokens/<id:pk>/revoke/", api_tokens.api_token_revoke,
         name="settings-api-token-revoke"),
    # The security administrator's page: lockouts and two-factor resets.
    path("security/", security.security, name="security"),
    path("security/lockouts/<id:pk>/unlock/", security.unlock, name="security-unlock"),
    path("security/users/<id:pk>/two-factor/reset/", security.two_factor_reset,
         name="security-two-factor-reset"),
    # ... and the procuratorates' system accounts with their API tokens (issue 17).
    path("security/system-accounts/", security.system_account_create,
         name="security-system-account-create"),
    path("security/system-accounts/<id:pk>/tokens/", security.system_account_token_create,
         name="security-system-account-token-create"),
    path("security/tokens/<id:pk>/revoke/", security.system_account_token_revoke,
         name="security-token-revoke"),
    path("ops/calendar/", ops.calendar_change, name="ops-calendar"),
    path("ops/selfcheck/", ops.selfcheck_reports, name="ops-selfcheck"),
    path("ops/selfcheck/run/", ops.selfcheck_run, name="ops-selfcheck-run"),
]
