"""The inspections app's API routes, gathered by ``config/api_urls.py``."""

from __future__ import annotations

from .views import InspectionViewSet

routes: list[tuple] = [("inspections", InspectionViewSet, "api-inspection")]
urlpatterns: list = []
