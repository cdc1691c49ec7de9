"""The integrations app's API routes, gathered by ``config/api_urls.py``: ``routes`` are
(prefix, viewset, basename) for the shared router, ``urlpatterns`` any other API paths
(under ``/api/``)."""

from __future__ import annotations

from .views import DeliveryViewSet, SubscriptionViewSet

routes: list[tuple] = [
    ("webhook-subscriptions", SubscriptionViewSet, "api-webhook-subscription"),
    ("webhook-deliveries", DeliveryViewSet, "api-webhook-delivery"),
]
urlpatterns: list = []
