"""Brute-force protection: a username is locked from an address after repeated failures."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.world import PASSWORD


def _attempt(client: Client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password},
                       REMOTE_ADDR="10.0.0.8")


def test_five_failures_lock_the_account_even_with_the_right_password(world, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        page = _attempt(client, "procurator", "wrong-password")
        assert page.status_code == 200 and "用户名或密码不正确" in page.content.decode()
    locked = _attempt(client, "procurator", "wrong-password")
    assert locked.status_code == 429 and "账号已临时锁定" in locked.content.decode()
    assert _attempt(client, "procurator", PASSWORD).status_code == 429
    # another user from the same address is not locked
    assert _attempt(Client(), "approver", PASSWORD).status_code == 302


def test_a_successful_login_resets_the_failure_count(world, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _attempt(client, "procurator", "wrong-password")
    assert _attempt(client, "procurator", PASSWORD).status_code == 302
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _attempt(Client(), "procurator", "wrong-password").status_code == 200


def _through_proxy(username: str, password: str, forwarded: str):
    """A login through one reverse proxy at 10.0.0.1, which appends what it saw."""
    return Client().post(reverse("login"), {"username": username, "password": password},
                         REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)


def test_behind_a_proxy_an_outsider_cannot_lock_someone_elses_account(world, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _through_proxy("procurator", "wrong-password", "203.0.113.9")
    assert _through_proxy("procurator", PASSWORD, "203.0.113.9").status_code == 429
    # The procurator, at their own desk behind the same proxy, still logs in.
    assert _through_proxy("procurator", PASSWORD, "10.20.30.40").status_code == 302


def test_a_forged_forwarded_header_does_not_escape_the_lock(world, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _through_proxy("procurator", "wrong-password", "203.0.113.9")
    # The attacker writes another address first; the proxy appends the real one.
    assert _through_proxy("procurator", PASSWORD, "10.20.30.40, 203.0.113.9").status_code == 429


def test_without_trusted_proxies_the_header_is_ignored(world, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _through_proxy("procurator", "wrong-password", "203.0.113.9")
    assert _through_proxy("procurator", PASSWORD, "10.20.30.40").status_code == 429
