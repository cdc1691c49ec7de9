from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from agencies.views import imports as import_views
from agencies.views import invitations as invitation_views
from agencies.views import memberships as membership_views
from cases.api.views import CaseViewSet, InterferenceViewSet
from cases.views.sharing import case_sharing
from demo.accounts import login_accounts
from recommendations.api.views import RecommendationViewSet
from recommendations.views.calendar_feed import calendar_feed
from supervision.api.views import DeadlinePreviewView
from supervision.views import home as core_views
from supervision.views import ops as ops_views
from supervision.views import personal as personal_views

router = DefaultRouter()
router.register("cases", CaseViewSet, basename="api-case")
router.register("interference-records", InterferenceViewSet, basename="api-interference")
router.register("recommendations", RecommendationViewSet, basename="api-recommendation")

urlpatterns = [
    path("", core_views.home, name="home"),
    path("login/", core_views.LoginView.as_view(demo_accounts=login_accounts), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("notifications/", core_views.notifications, name="notifications"),
    path("notifications/read/", core_views.notifications_mark_read, name="notifications-mark-read"),
    path("cases/", include("cases.urls")),
    path("cases/<int:pk>/sharing/", case_sharing, name="case-sharing"),
    path("instruments/", include("recommendations.urls")),
    path("portal/", include("portal.urls")),
    path("agencies/invite/", invitation_views.liaison_invite, name="liaison-invite"),
    path("agencies/liaisons/<int:pk>/deactivate/", membership_views.liaison_deactivate,
         name="liaison-deactivate"),
    path("agencies/liaisons/<int:pk>/responsible/", membership_views.liaison_responsible,
         name="liaison-responsible"),
    path("portal/switch/", membership_views.portal_switch, name="portal-switch"),
    path("agencies/import/", import_views.agency_import, name="agency-import"),
    path("agencies/import/template.xlsx", import_views.agency_import_template,
         name="agency-import-template"),
    path("invite/<str:uidb64>/<str:token>/", invitation_views.liaison_accept, name="liaison-accept"),
    path("reporting/", include("reporting.urls")),
    # Deadline engine (issue 7): personal settings, the calendar feed, the administrator's pages.
    path("settings/notifications/", personal_views.notification_settings,
         name="settings-notifications"),
    path("settings/calendar/", personal_views.calendar_settings, name="settings-calendar"),
    path("settings/calendar/regenerate/", personal_views.calendar_regenerate,
         name="settings-calendar-regenerate"),
    path("settings/calendar/revoke/", personal_views.calendar_revoke,
         name="settings-calendar-revoke"),
    path("calendar/<str:token>.ics", calendar_feed, name="calendar-feed"),
    path("ops/calendar/", ops_views.calendar_change, name="ops-calendar"),
    path("ops/selfcheck/", ops_views.selfcheck_reports, name="ops-selfcheck"),
    path("ops/selfcheck/run/", ops_views.selfcheck_run, name="ops-selfcheck-run"),
    path("api/", include(router.urls)),
    path("api/deadlines/preview/", DeadlinePreviewView.as_view(), name="api-deadline-preview"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
