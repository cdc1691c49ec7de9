"""What a token's scope allows (issue 17): a read-only token (只读) may use the safe methods
only; a token that may act (读取和办理) — and a browser session — may do whatever the account
may, which the services and the visibility querysets decide as for the pages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from supervision.models import ApiToken, ApiTokenScope


class TokenScope(BasePermission):
    message = _("该 API 令牌为只读令牌，不能办理（只允许 GET、HEAD、OPTIONS 请求）。")

    def has_permission(self, request, view) -> bool:
        token = request.auth
        if not isinstance(token, ApiToken) or request.method in SAFE_METHODS:
            return True
        return token.scope == ApiTokenScope.ACT
