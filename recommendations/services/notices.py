"""Telling the addressee agency's liaisons what happened to one of its instruments.

Every liaison with an active membership of the agency hears — also one who acts for another
agency at the moment (``agencies.selectors.agency_liaisons``) — and the link opens the
instrument in the portal. Called inside the writing transaction, like ``notify`` itself: the
rows commit with the state they report, and their e-mails are queued on commit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.urls import reverse

from agencies.selectors import agency_liaisons
from recommendations.models import Recommendation
from supervision.choices import Role
from supervision.models import Notification, User
from supervision.services.notifications import notify


def portal_link(rec: Recommendation) -> str:
    return reverse("portal:detail", args=[rec.pk])


def link_for(rec: Recommendation, user: User) -> str:
    """Where ``user`` opens ``rec``: the portal for a liaison, else the instrument's page."""
    return portal_link(rec) if user.role == Role.LIAISON else rec.get_absolute_url()


def tell_liaisons(rec: Recommendation, code: str, params: Mapping[str, Any]) -> list[Notification]:
    """Notify the active liaisons of ``rec``'s agency with message ``code``."""
    return notify(list(agency_liaisons(rec.agency_id)), code, params, link=portal_link(rec))
