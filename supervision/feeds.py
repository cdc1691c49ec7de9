"""Calendar subscription URLs: one secret token per user, regenerated or revoked at will.

The token is the feed's only credential (calendar clients cannot log in), so it is long and
random (``secrets.token_urlsafe(32)``: 256 bits), compared by an indexed exact lookup, and
revoking it (or regenerating, which revokes the old one) makes the old URL answer 404 at once.
"""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from supervision.services.audit import audit_record

from .models import CalendarFeed, User


def live_feed_of(user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


@transaction.atomic
def calendar_feed_regenerate(*, actor: User) -> CalendarFeed:
    """Give ``actor`` a new secret feed URL; the previous one stops working."""
    User.objects.select_for_update().filter(pk=actor.pk).first()  # one regeneration at a time
    revoked = CalendarFeed.objects.filter(user=actor, revoked_at__isnull=True).update(
        revoked_at=timezone.now())
    feed = CalendarFeed.objects.create(user=actor, token=secrets.token_urlsafe(32))
    audit_record(actor=actor, action="calendar_feed_regenerate", target=feed, revoked=revoked)
    return feed


@transaction.atomic
def calendar_feed_revoke(*, actor: User) -> int:
    """Stop ``actor``'s feed URL; returns how many were live (0 or 1)."""
    revoked = CalendarFeed.objects.filter(user=actor, revoked_at__isnull=True).update(
        revoked_at=timezone.now())
    if revoked:
        audit_record(actor=actor, action="calendar_feed_revoke", target=actor)
    return revoked


def feed_user(token: str) -> User | None:
    """The active owner of a live feed token, or None (unknown, revoked, user deactivated).
    Records the use, at most once a minute, so the owner sees when a client last read it."""
    feed = (CalendarFeed.objects.select_related("user", "user__notification_preference")
            .filter(token=token, revoked_at__isnull=True, user__is_active=True).first())
    if feed is None:
        return None
    now = timezone.now()
    if feed.last_used_at is None or (now - feed.last_used_at).total_seconds() > 60:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
    return feed.user
