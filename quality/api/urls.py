"""The quality app's API routes, gathered by ``config/api_urls.py``."""

from __future__ import annotations

routes: list[tuple] = []
urlpatterns: list = []
