"""The calendar feed: a person's own open deadlines as ``text/calendar``, behind the secret
token of their subscription (``supervision.feeds``). No login — calendar clients cannot log
in; an unknown or revoked token answers 404. The subscription settings are in
``supervision.views.personal``."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from recommendations.ics_feed import deadlines_ics
from supervision import feeds


@require_GET
@never_cache
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """``text/calendar`` of the token owner's own open deadlines."""
    user = feeds.feed_user(token)
    if user is None:
        raise Http404
    response = HttpResponse(deadlines_ics(user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="deadlines.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response
