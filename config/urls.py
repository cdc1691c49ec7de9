from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from cases.views.sharing import case_sharing
from demo.accounts import login_accounts
from recommendations.views.calendar_feed import calendar_feed
from supervision.monitoring import health, metrics
from supervision.views import home as core_views

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
    path("duties/", include("duties.urls")),
    path("hearings/", include("hearings.urls")),
    path("inspections/", include("inspections.urls")),
    path("litigation/", include("litigation.urls")),
    path("quality/", include("quality.urls")),
    path("adjudication/", include("adjudication.urls")),
    path("portal/", include("portal.urls")),
    path("reporting/", include("reporting.urls")),
    path("publication/", include("publication.urls")),
    path("integrations/", include("integrations.urls")),
    # The public page (检务公开): no login, published items only.
    path("public/", include("publication.public_urls")),
    path("api/", include("config.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # Operations (docs/operations.md): unauthenticated health, restricted metrics.
    path("health/", health.HealthView.as_view(), name="health"),
    path("health/live/", health.liveness, name="health-live"),
    path("metrics", metrics.metrics_view, name="metrics"),
]

# The API's one error shape for a 404 no view answered and for a bug outside a DRF view; the
# pages keep Django's (supervision.service_errors).
handler404 = "supervision.service_errors.page_not_found"
handler500 = "supervision.service_errors.server_error"
