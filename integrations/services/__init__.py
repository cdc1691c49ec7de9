"""The integrations app's services: webhook subscriptions (audited), the outbox written with
each notification, and its delivery."""

from .delivery import deliver, delivery_redeliver, due_delivery_ids
from .subscriptions import (
    subscription_create,
    subscription_deactivate,
    subscription_rotate_secret,
    subscription_update,
)

__all__ = ["deliver", "delivery_redeliver", "due_delivery_ids", "subscription_create",
           "subscription_deactivate", "subscription_rotate_secret", "subscription_update"]
