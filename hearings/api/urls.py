"""The hearings app's API routes, gathered by ``config/api_urls.py``."""

from __future__ import annotations

from .views import HearingViewSet, PeopleSupervisorViewSet

routes: list[tuple] = [
    ("hearings", HearingViewSet, "api-hearing"),
    ("people-supervisors", PeopleSupervisorViewSet, "api-people-supervisor"),
]
urlpatterns: list = []
