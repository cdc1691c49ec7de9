"""Template context of every page: the agencies a liaison may switch between (the header's
agency switcher in ``base.html``)."""

from __future__ import annotations

from django.http import HttpRequest

from agencies.selectors import active_memberships
from supervision.choices import Role


def liaison_agencies(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if user.role != Role.LIAISON:
        return {"liaison_agencies": []}
    return {"liaison_agencies": [m.agency for m in active_memberships(user)]}
