"""Coming back after a timed-out session (issue 14): the user logs in again and lands on the
page they were on, not on their home page and not on a fragment.

Django's ``login_required`` already sends a plain GET to ``login?next=<that page>``. Two cases
need more:

* **htmx** asks for a fragment; the login page would be swapped into the middle of the page.
  It gets ``HX-Redirect`` to the login page instead, with ``next`` the address in the browser's
  bar (``HX-Current-URL``), and htmx loads it as a whole page.
* **A form posted after the timeout**: its action URL may answer only POST, so ``next`` is the
  page the form was on (the same-host ``Referer``). What was typed is not kept — the login page
  says so — because replaying an unauthenticated POST after login would be a CSRF hole.

In both cases, and for a plain GET that arrives with a session cookie the server no longer
knows, ``expired=1`` tells the login page to say why the user is asked to log in again.
"""

from __future__ import annotations

import time
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

from supervision.client_ip import client_ip
from supervision.services.audit import request_context


class SessionReturnMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 302 or request.user.is_authenticated:
            return response
        login = resolve_url(settings.LOGIN_URL)
        if urlsplit(response.get("Location", "")).path != login:
            return response
        expired = settings.SESSION_COOKIE_NAME in request.COOKIES
        htmx = getattr(request, "htmx", None)
        if htmx:
            back = _local(request, htmx.current_url) or "/"
            answer = HttpResponse(status=204)
            answer["HX-Redirect"] = _login_url(login, back, expired=expired)
            return answer
        if request.method == "POST":
            back = _local(request, request.headers.get("Referer")) or "/"
            response["Location"] = _login_url(login, back, expired=True)
        elif expired:
            response["Location"] = _login_url(login, request.get_full_path(), expired=True)
        return response


def _local(request: HttpRequest, url: str | None) -> str | None:
    """``url``'s path and query if it points at this site, else None."""
    if not url or not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                                       require_https=request.is_secure()):
        return None
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _login_url(login: str, back: str, *, expired: bool) -> str:
    query = {"next": back}
    if expired:
        query["expired"] = "1"
    return f"{login}?{urlencode(query)}"


#: Session keys: when the user logged in, and when they were last seen (epoch seconds).
STARTED, SEEN = "_auth_started", "_auth_seen"
#: ``SEEN`` is rewritten at most this often, so a busy session is not saved on every request.
SEEN_RESOLUTION = 60


class SessionLifetimeMiddleware:
    """A session ends after ``SESSION_IDLE_SECONDS`` without a request (30 minutes) and
    ``SESSION_COOKIE_AGE`` after the login however busy (12 hours) — 等保三级 asks both; Django
    alone gives one sliding age. The next request then finds the user logged out and, through
    :class:`SessionReturnMiddleware`, back at the login page with the page to return to."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            session, now = request.session, int(time.time())
            started, seen = session.get(STARTED), session.get(SEEN)
            if started is None:  # logged in before this middleware, or by a test's login()
                session[STARTED] = started = now
            if ((seen is not None and now - seen > settings.SESSION_IDLE_SECONDS)
                    or now - started > settings.SESSION_COOKIE_AGE):
                logout(request)
            elif seen is None or now - seen >= SEEN_RESOLUTION:
                session[SEEN] = now
        return self.get_response(request)


@receiver(user_logged_in)
def _session_started(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[STARTED] = now
        request.session[SEEN] = now


class AuditContextMiddleware:
    """Audit entries written while a request is handled carry the client's address (as
    :func:`supervision.client_ip.client_ip` reads it behind trusted proxies) — issue 15."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_context(source_ip=client_ip(request)):
            return self.get_response(request)
