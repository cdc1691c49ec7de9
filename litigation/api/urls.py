"""The litigation app's API routes, gathered by ``config/api_urls.py``."""

from __future__ import annotations

from .views import PublicInterestSuitViewSet

routes: list[tuple] = [
    ("public-interest-suits", PublicInterestSuitViewSet, "api-public-interest-suit"),
]
urlpatterns: list = []
