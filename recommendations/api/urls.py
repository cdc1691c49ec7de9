"""The recommendations app's API routes, gathered by ``config/api_urls.py``: ``routes`` are
(prefix, viewset, basename) for the shared router, ``urlpatterns`` any other API paths
(under ``/api/``)."""

from __future__ import annotations

from .views import RecommendationViewSet

routes: list[tuple] = [
    ("recommendations", RecommendationViewSet, "api-recommendation"),
]
urlpatterns: list = []
