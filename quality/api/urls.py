"""The quality app's API routes, gathered by ``config/api_urls.py``."""

from __future__ import annotations

from .views import ReviewViewSet

routes: list[tuple] = [
    ("quality-reviews", ReviewViewSet, "api-quality-review"),
]
urlpatterns: list = []
