"""Every API route under ``/api/``: each app lists its own in ``<app>/api/urls.py``
(``routes`` for the shared router, ``urlpatterns`` for the rest); the schema and its
documentation pages are wired here, and any other address under ``/api/`` answers the API's
404 (``supervision.service_errors``), not the site's page."""

from __future__ import annotations

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from adjudication.api import urls as adjudication_api
from agencies.api import urls as agencies_api
from cases.api import urls as cases_api
from duties.api import urls as duties_api
from hearings.api import urls as hearings_api
from inspections.api import urls as inspections_api
from integrations.api import urls as integrations_api
from litigation.api import urls as litigation_api
from quality.api import urls as quality_api
from recommendations.api import urls as recommendations_api
from reporting.api import urls as reporting_api
from supervision.api import urls as supervision_api
from supervision.api.docs import ApiDocsView, ApiRedocView
from supervision.service_errors import api_not_found

APPS = (supervision_api, agencies_api, cases_api, recommendations_api, duties_api, hearings_api,
        inspections_api, litigation_api, quality_api, adjudication_api, reporting_api,
        integrations_api)

router = DefaultRouter()
for app in APPS:
    for prefix, viewset, basename in app.routes:
        router.register(prefix, viewset, basename=basename)

urlpatterns = [path("", include(router.urls))]
for app in APPS:
    urlpatterns += app.urlpatterns
urlpatterns += [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The documentation pages (Swagger UI, Redoc), from packaged assets, for signed-in users.
    path("docs/", ApiDocsView.as_view(), name="api-docs"),
    path("redoc/", ApiRedocView.as_view(), name="api-redoc"),
    # Last: an address no route answers. Only one ending in "/", so that CommonMiddleware's
    # APPEND_SLASH still sends /api/cases to /api/cases/.
    re_path(r"^.*/\Z", api_not_found),
]
