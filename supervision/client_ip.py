"""The client's address, as the login lockout sees it (issue 15).

Behind a reverse proxy every request's ``REMOTE_ADDR`` is the proxy's, so a lockout keyed on
it lets anyone lock any named account for everyone. With ``TRUSTED_PROXY_COUNT`` = n (the
proxies in front of Django, each appending to ``X-Forwarded-For``), the client is the n-th
address from the right of that header — the one the outermost trusted proxy saw; whatever a
client wrote further left is its own claim and is ignored. Without proxies (n = 0, the
default) the header is ignored altogether."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                if h.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")
