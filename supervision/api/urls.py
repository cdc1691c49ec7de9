"""The core's API routes, gathered by ``config/api_urls.py``: ``routes`` are
(prefix, viewset, basename) for the shared router, ``urlpatterns`` any other API paths
(under ``/api/``)."""

from __future__ import annotations

from django.urls import path

from .notifications import NotificationViewSet
from .views import DeadlinePreviewView

routes: list[tuple] = [
    ("notifications", NotificationViewSet, "api-notification"),
]
urlpatterns: list = [
    path("deadlines/preview/", DeadlinePreviewView.as_view(), name="api-deadline-preview"),
]
