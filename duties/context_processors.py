"""Template context of every page: the agencies' duties in the navigation (``base.html``).

For the procuratorate's staff who see the flows' rows (``duties.permissions.staff_q``), one
entry "协作事项" with the total waiting; for a liaison, one entry per flow with a portal page
and what waits for their agency. Nothing when no flow is registered. Counted lazily (only a
page that draws the navigation pays) and once per request, in one query for all flows
(:mod:`duties.selectors.surfaces`)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from .permissions import agency_q, staff_q
from .registry import flows
from .selectors.surfaces import portal_queues, staff_queues

_CACHE = "_duties_navigation"


class StaffEntry:
    """The staff's "协作事项" entry: its address, whether it is the open page, and the total
    waiting (counted when the template first asks)."""

    def __init__(self, request: HttpRequest) -> None:
        self.url = reverse("duties:intake")
        self.active = request.path.startswith(self.url)
        self._request = request

    @property
    def total(self) -> int:
        cached = getattr(self._request, _CACHE, None)
        if cached is None:
            cached = sum(queue.count for queue in staff_queues(self._request.user) or [])
            setattr(self._request, _CACHE, cached)
        return cached


def _portal_entries(request: HttpRequest) -> list:
    cached = getattr(request, _CACHE, None)
    if cached is None:
        cached = [{"queue": queue, "active": request.path.startswith(queue.url)}
                  for queue in portal_queues(request.user)]
        setattr(request, _CACHE, cached)
    return cached


def duties_navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not flows():
        return {}
    # ``duties_nav_after``: the navigation item the entries follow (base.html), the staff's
    # cases, the liaison's inbox — in the bar next to the work they belong with.
    if staff_q(user) is not None:
        return {"duties_nav": StaffEntry(request), "duties_nav_after": reverse("cases:list")}
    if agency_q(user) is not None:
        return {"duties_portal_nav": SimpleLazyObject(lambda: _portal_entries(request)),
                "duties_nav_after": reverse("portal:inbox")}
    return {}
