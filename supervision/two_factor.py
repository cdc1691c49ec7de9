"""Two-factor authentication (issue 15, 等保三级): who must verify, and the two middlewares that
make a password-only session reach no protected page.

Procuratorate staff, observers and the three administrators must enrol a TOTP authenticator
when ``TWO_FACTOR_REQUIRED`` is on (the default outside demo mode); a liaison may choose to,
and once enrolled must verify like everyone else. Until a session is verified (django-otp keeps
the device that verified it in the session), every page sends it to the verify step — or, with
no authenticator yet, to the enrolment page — and the API answers 403.

Whether the user has an authenticator, and which devices may have verified this session, come
with the user's own row (``supervision.auth.UserBackend``: two subqueries in the one query that
loads the user), so a verified request costs no query of its own; the device itself is read
only when something asks for it.
"""

from __future__ import annotations

import functools
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware as BaseOTPMiddleware
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from .choices import Role
from .middleware import _local
from .models import User
from .service_errors import TwoFactorRequired, error_response, is_api_path

#: Roles for whom two-factor is a choice; everyone else must enrol when it is required.
OPTIONAL_ROLES = frozenset({Role.LIAISON})
#: The annotations ``UserBackend`` puts on the signed-in user: the pk of their confirmed
#: authenticator and of their recovery codes (None when they have none).
TOTP_ID, STATIC_ID = "otp_totp_id", "otp_static_id"
#: How many recovery codes an enrolment (or a regeneration) hands out.
RECOVERY_CODE_COUNT = 10
#: The longest page address the verify step is asked to come back to.
MAX_NEXT_LENGTH = 2000
_MISSING = object()


def two_factor_required(user: User) -> bool:
    """Must ``user`` enrol (and then verify) before reaching any protected page?"""
    return settings.TWO_FACTOR_REQUIRED and user.role not in OPTIONAL_ROLES


def is_enrolled(user: User) -> bool:
    """Has ``user`` a confirmed authenticator? Read from the annotation when the user came
    from ``UserBackend``; otherwise one query."""
    totp_id = getattr(user, TOTP_ID, _MISSING)
    if totp_id is _MISSING:
        return TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    return totp_id is not None


def must_verify(user: User) -> bool:
    """Is a verified second factor needed before ``user``'s session reaches a protected page?
    Always once they enrolled (a liaison who chose it too); before, when it is required."""
    return is_enrolled(user) or two_factor_required(user)


def session_needs_second_factor(user: User) -> bool:
    """Is ``user`` (a request's, after :class:`OTPMiddleware`) signed in with the password
    alone where a second factor is needed? Then only the verify or enrolment step is open."""
    verified = getattr(user, "is_verified", None)
    return (verified is not None and user.is_authenticated and not verified()
            and must_verify(user))


class OTPMiddleware(BaseOTPMiddleware):
    """django-otp's middleware (``request.user.otp_device``, ``is_verified()``), checking the
    session's device against the ids that came with the user instead of reading the device
    on every request. A device deleted (the security administrator's reset, the user's own
    disabling) is gone from the annotation, so the session is no longer verified."""

    def _verify_user_sync(self, request: HttpRequest, user: User) -> User:
        if not hasattr(user, TOTP_ID):
            return super()._verify_user_sync(request, user)
        self._init_user_fields(user)
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY) if user.is_authenticated else None
        if persistent_id:
            known = {f"otp_totp.totpdevice/{getattr(user, TOTP_ID)}",
                     f"otp_static.staticdevice/{getattr(user, STATIC_ID)}"}
            if self._normalize_persistent_id(persistent_id) in known:
                user.otp_device = SimpleLazyObject(
                    functools.partial(Device.from_persistent_id, persistent_id))
            else:
                del request.session[DEVICE_ID_SESSION_KEY]
        return user


@functools.cache
def _exempt_paths() -> frozenset[str]:
    return frozenset(reverse(name) for name in (
        "login", "logout", "login-verify", "settings-two-factor", "set_language"))


def _exempt(path: str) -> bool:
    """The pages a password-only session may open: logging in and out, the verify and
    enrolment pages, the language switch; static files and the operations endpoints."""
    return (path in _exempt_paths()
            or path.startswith((settings.STATIC_URL, "/health/", "/metrics")))


class TwoFactorMiddleware:
    """Sends a session that still needs its second factor to the verify step (or, with no
    authenticator yet, to enrolment): a redirect carrying ``next``, ``HX-Redirect`` for htmx,
    403 JSON for the API. Installed after the authentication, OTP, htmx and session-lifetime
    middlewares."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (user is not None and not _exempt(request.path_info)
                and session_needs_second_factor(user)):
            return _refuse(request, "login-verify" if is_enrolled(user) else "settings-two-factor")
        return self.get_response(request)


def _doc_pages() -> set[str]:
    """The API's documentation pages are pages: the second step is offered, as on any."""
    return {reverse("api-docs"), reverse("api-redoc")}


def _refuse(request: HttpRequest, step: str) -> HttpResponse:
    if is_api_path(request) and request.path_info not in _doc_pages():
        return error_response(TwoFactorRequired())  # the API's one error shape
    htmx = getattr(request, "htmx", None)
    if htmx:
        back = _local(request, htmx.current_url) or "/"
    elif request.method in ("GET", "HEAD"):
        back = request.get_full_path()
    else:  # a form's action may answer POST only: come back to the page it was on
        back = _local(request, request.headers.get("Referer")) or "/"
    if len(back) > MAX_NEXT_LENGTH:  # a query that long is not worth coming back to
        back = request.path
    url = f"{reverse(step)}?{urlencode({'next': back})}"
    if htmx:
        answer = HttpResponse(status=204)
        answer["HX-Redirect"] = url
        return answer
    return redirect(url)
