"""Requests per API token (issue 17): ``API_TOKEN_THROTTLE_RATE`` (e.g. ``600/min``) for each
token, counted in the shared cache; beyond it, 429 with ``Retry-After``. Browser sessions are
not throttled here."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from supervision.models import ApiToken


class ApiTokenRateThrottle(SimpleRateThrottle):
    scope = "api_token"

    def get_rate(self) -> str | None:
        # Read when asked, not when the class is defined, so a deployment (or a test) sets it.
        return settings.API_TOKEN_THROTTLE_RATE

    def get_cache_key(self, request, view) -> str | None:
        token = request.auth
        if not isinstance(token, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.pk}
