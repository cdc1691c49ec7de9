"""A system's API token (issue 17): django-rest-knox's ``Authorization: Token <token>``, with
this project's rules on top — a revoked or expired token, or one of an inactive account,
answers 401; every use is recorded in the audit trail (who, which token, method and path) and
stamps the token's last use (at most once a minute).

Knox deletes an expired token when it meets one; here the row stays, so that the audit trail
keeps pointing at it — it simply no longer authenticates.
"""

from __future__ import annotations

import binascii
from hmac import compare_digest

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox.auth import TokenAuthentication
from knox.crypto import hash_token
from knox.settings import CONSTANTS
from rest_framework import exceptions

from supervision.models import ApiToken


class ApiTokenAuthentication(TokenAuthentication):
    """``request.user`` is the token's account, ``request.auth`` the :class:`ApiToken`."""

    def authenticate(self, request):
        try:
            result = super().authenticate(request)
        except UnicodeEncodeError as exc:  # a header no HTTP server passes on, but a client may
            raise exceptions.AuthenticationFailed(_("令牌无效。")) from exc
        if result is None:
            return None
        user, token = result
        from supervision.services.api_tokens import api_token_use

        api_token_use(actor=user, token=token, method=request.method,
                      path=request.get_full_path()[:500])
        return user, token

    def authenticate_credentials(self, token: bytes):
        invalid = _("令牌无效。")
        try:
            text = token.decode("utf-8")
            digest = hash_token(text)
        except (UnicodeDecodeError, TypeError, ValueError, binascii.Error) as exc:
            raise exceptions.AuthenticationFailed(invalid) from exc
        candidates = ApiToken.objects.filter(
            token_key=text[:CONSTANTS.TOKEN_KEY_LENGTH]).select_related("user")
        for candidate in candidates:
            if not compare_digest(digest, candidate.digest):
                continue
            if candidate.revoked_at is not None:
                raise exceptions.AuthenticationFailed(_("令牌已撤销。"))
            if candidate.is_expired:
                raise exceptions.AuthenticationFailed(_("令牌已过期。"))
            return self.validate_user(candidate)
        raise exceptions.AuthenticationFailed(invalid)

    def validate_user(self, auth_token: ApiToken):
        if not auth_token.user.is_active:
            raise exceptions.AuthenticationFailed(_("令牌所属账号已停用。"))
        return auth_token.user, auth_token


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """The token in the OpenAPI schema: ``Authorization: Token <token>``."""

    target_class = ApiTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        scheme = build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix=self.target.authenticate_header(None))
        scheme["description"] = str(_(
            "API 令牌：在“设置 → API 令牌”中创建，或由 manage.py api_token create 生成；"
            "请求头写作 Authorization: Token <令牌>。"))
        return scheme
