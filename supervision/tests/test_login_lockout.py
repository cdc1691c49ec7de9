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
