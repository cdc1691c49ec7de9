"""The reporting app's API routes, gathered by ``config/api_urls.py``: ``routes`` are
(prefix, viewset, basename) for the shared router, ``urlpatterns`` any other API paths
(under ``/api/``)."""

from __future__ import annotations

from django.urls import path

from .scorecards import RankingView, ScorecardView
from .statistics import StatisticsView

routes: list[tuple] = []
urlpatterns: list = [
    path("statistics/", StatisticsView.as_view(), name="api-statistics"),
    path("scorecards/", RankingView.as_view(), name="api-scorecard-ranking"),
    path("scorecards/<id:pk>/", ScorecardView.as_view(), name="api-scorecard"),
]
