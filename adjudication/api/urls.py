"""The adjudication app's API routes, gathered by ``config/api_urls.py``."""

from __future__ import annotations

from .views import AttendanceViewSet

routes: list[tuple] = [
    ("adjudication-attendances", AttendanceViewSet, "api-adjudication-attendance"),
]
urlpatterns: list = []
