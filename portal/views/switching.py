"""The explicit agency switch for a duty page of another agency the liaison serves.

A liaison may serve several agencies and acts for one at a time (``user.agency``). A
notification or a link of one agency may be opened while acting for another: the portal then
offers the switch instead of a bare 404 — as the instrument page does
(``portal.views.instrument._switch_or_404``) — but only when the row is one that agency's
liaison would see, found by the flow's own rule (the getter the page uses), never by a second
rule of its own. Anything else stays 404.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import wraps

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from agencies.models import Agency
from supervision.models import User

Getter = Callable[[User, int], object]


def agency_seeing(user: User, getter: Getter, pk: int) -> Agency | None:
    """Another agency ``user`` actively serves whose liaison would see row ``pk`` by
    ``getter`` (the flow's rule), or None. One query for the agencies, then the getter's
    own per agency (a liaison serves a handful)."""
    others = (Agency.objects.filter(memberships__user=user, memberships__is_active=True)
              .exclude(pk=user.agency_id).order_by("name").distinct())
    for agency in others:
        acting = copy.copy(user)  # Django copies the related-object cache with the instance
        acting.agency = agency
        try:
            getter(acting, pk)
        except Http404:
            continue
        return agency
    return None


def offer_agency_switch(getter: Getter) -> Callable:
    """Decorate a portal detail view ``view(request, pk, …)``: when it answers 404 to a GET
    because the row belongs to another agency the liaison serves, offer the switch (back to
    this page once switched); otherwise the 404 stands. A POST is never redirected: the form
    was for the agency the page was opened for."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, pk: int, *args, **kwargs) -> HttpResponse:
            try:
                return view(request, pk, *args, **kwargs)
            except Http404:
                if request.method != "GET" or not request.user.is_authenticated:
                    raise
                try:
                    getter(request.user, pk)
                except Http404:
                    agency = agency_seeing(request.user, getter, pk)
                    if agency is not None:
                        return render(request, "portal/switch_agency.html", {
                            "agency": agency, "next": request.path}, status=200)
                raise
        wrapped.offers_agency_switch = True  # kept by the decorators above it (functools.wraps)
        return wrapped

    return decorator
