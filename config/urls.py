from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from cases.api.views import CaseViewSet, InterferenceViewSet
from cases.views.sharing import case_sharing
from demo.accounts import login_accounts
from recommendations.api.views import RecommendationViewSet
from recommendations.views.calendar_feed import calendar_feed
from reporting.api.statistics import StatisticsView
from supervision.api.views import DeadlinePreviewView
from supervision.monitoring import health, metrics
from supervision.views import home as core_views

router = DefaultRouter()
router.register("cases", CaseViewSet, basename="api-case")
router.register("interference-records", InterferenceViewSet, basename="api-interference")
router.register("recommendations", RecommendationViewSet, basename="api-recommendation")

urlpatterns = [
    path("", core_views.home, name="home"),
    path("login/", core_views.LoginView.as_view(demo_accounts=login_accounts), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("supervision.urls")),
    path("", include("agencies.urls")),
    path("cases/", include("cases.urls")),
    path("cases/<id:pk>/sharing/", case_sharing, name="case-sharing"),
    path("instruments/", include("recommendations.urls")),
    # A feed token is secrets.token_urlsafe: a slug; anything else is the resolver's 404.
    path("calendar/<slug:token>.ics", calendar_feed, name="calendar-feed"),
    path("portal/", include("portal.urls")),
    path("reporting/", include("reporting.urls")),
    path("api/", include(router.urls)),
    path("api/deadlines/preview/", DeadlinePreviewView.as_view(), name="api-deadline-preview"),
    path("api/statistics/", StatisticsView.as_view(), name="api-statistics"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # Operations (docs/operations.md): unauthenticated health, restricted metrics.
    path("health/", health.HealthView.as_view(), name="health"),
    path("health/live/", health.liveness, name="health-live"),
    path("metrics", metrics.metrics_view, name="metrics"),
]
