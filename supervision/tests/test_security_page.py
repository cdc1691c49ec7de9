"""The security administrator's page (issue 15): the login lockouts in force with an unlock
button, and a two-factor reset per account — both audited; every other role gets 404."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from supervision.models import AuditEntry
from tests.two_factor import authenticator
from tests.world import PASSWORD

pytestmark = pytest.mark.django_db

OTHER_ROLES = ["procurator", "approver", "supervisor", "court_liaison", "observer", "sysadmin",
               "auditadmin"]


def _lock(settings, username: str = "approver", address: str = "10.0.0.8") -> Client:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": username, "password": "wrong"},
                    REMOTE_ADDR=address)
    return client


def _secadmin(world) -> Client:
    client = Client()
    client.force_login(world.secadmin)
    return client


def test_the_secadmin_sees_the_lockouts_and_unlocks_one(world, settings):
    _lock(settings)
    _lock(settings, "someone-unknown", "10.0.0.9")
    client = _secadmin(world)
    page = client.get(reverse("security")).content.decode()
    assert page.count('data-testid="lockout-row"') == 2 and "10.0.0.8" in page
    attempt = AccessAttempt.objects.get(username="approver")
    done = client.post(reverse("security-unlock", args=[attempt.pk]), follow=True)
    assert "已解除" in done.content.decode()
    assert not AccessAttempt.objects.filter(username="approver").exists()
    assert AccessAttempt.objects.filter(username="someone-unknown").exists()
    entry = AuditEntry.objects.get(action="auth.unlocked")
    assert entry.actor == world.secadmin and entry.target_id == str(world.approver.pk)
    assert entry.data["ip_address"] == "10.0.0.8"
    # The approver logs in from that address again.
    again = Client().post(reverse("login"), {"username": "approver", "password": PASSWORD},
                          REMOTE_ADDR="10.0.0.8")
    assert again.status_code == 302


def test_unlocking_a_name_that_is_no_account_is_audited_on_the_lockout(world, settings):
    _lock(settings, "someone-unknown", "10.0.0.9")
    attempt = AccessAttempt.objects.get()
    _secadmin(world).post(reverse("security-unlock", args=[attempt.pk]))
    entry = AuditEntry.objects.get(action="auth.unlocked")
    assert entry.target_type == "axes.accessattempt" and entry.data["username"] == "someone-unknown"


def test_the_secadmin_resets_a_users_two_factor_and_their_sessions_lose_it(world):
    user = world.procurator
    theirs = Client()
    theirs.force_login(user)  # verified by their authenticator
    StaticDevice.objects.create(user=user, name="r", confirmed=True)
    assert theirs.get("/cases/").status_code == 200
    client = _secadmin(world)
    page = client.get(reverse("security") + "?q=procurator").content.decode()
    assert reverse("security-two-factor-reset", args=[user.pk]) in page
    client.post(reverse("security-two-factor-reset", args=[user.pk]))
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    assert theirs.get("/cases/")["Location"].startswith("/settings/two-factor/")
    entry = AuditEntry.objects.get(action="auth.2fa_reset")
    assert entry.actor == world.secadmin and entry.target_id == str(user.pk)


def test_the_secadmin_finds_accounts_and_their_two_factor_state(world):
    authenticator(world.approver)
    client = _secadmin(world)
    page = client.get(reverse("security") + "?q=approver").content.decode()
    rows = {row.split("</td>")[0]: row for row in page.split('<tr data-testid="account-row"><td>')[1:]}
    assert "已启用" in rows["approver"]
    assert all("未启用" in row for name, row in rows.items() if name != "approver")


def test_the_navigation_leads_the_secadmin_there(world):
    page = _secadmin(world).get(reverse("security")).content.decode()
    assert f'href="{reverse("security")}"' in page


@pytest.mark.parametrize("persona", OTHER_ROLES)
def test_every_other_role_gets_404(world, settings, persona):
    _lock(settings)
    attempt = AccessAttempt.objects.get()
    authenticator(world.assistant)
    client = Client()
    client.force_login(getattr(world, persona))
    assert client.get(reverse("security")).status_code == 404
    assert client.post(reverse("security-unlock", args=[attempt.pk])).status_code == 404
    reset = client.post(reverse("security-two-factor-reset", args=[world.assistant.pk]))
    assert reset.status_code == 404
    assert AccessAttempt.objects.exists() and TOTPDevice.objects.filter(user=world.assistant).exists()
