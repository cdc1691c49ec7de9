"""Two-factor authentication (issue 15): staff, observers and the three administrators verify a
TOTP code after their password — a password-only session reaches no protected page — liaisons
may choose to; recovery codes stand in for a lost phone; every step is audited."""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from supervision.models import AuditEntry
from tests.two_factor import authenticator, code_for, password_only_login
from tests.world import PASSWORD

pytestmark = pytest.mark.django_db


def _actions(user) -> list[str]:
    return list(AuditEntry.objects.filter(target_type="supervision.user", target_id=str(user.pk))
                .order_by("pk").values_list("action", flat=True))


def _password_login(username: str, next_url: str = "/cases/") -> Client:
    """A browser that has typed the right password on the login page, and followed it."""
    client = Client()
    response = client.post(reverse("login") + f"?next={next_url}",
                           {"username": username, "password": PASSWORD, "next": next_url})
    assert response.status_code == 302 and response["Location"] == next_url
    return client


# --- A password-only session ---------------------------------------------------------------

def test_after_the_password_an_enrolled_procurator_is_asked_for_the_code(world):
    authenticator(world.procurator)
    client = _password_login("procurator")
    page = client.get("/cases/")
    assert page.status_code == 302 and page["Location"] == "/login/verify/?next=%2Fcases%2F"
    verify = client.get(page["Location"])
    assert verify.status_code == 200 and "两步验证" in verify.content.decode()


def test_a_procurator_without_an_authenticator_is_sent_to_enrolment(world):
    client = _password_login("procurator")
    page = client.get("/cases/")
    assert page.status_code == 302
    assert page["Location"] == "/settings/two-factor/?next=%2Fcases%2F"
    assert client.get("/login/verify/?next=/cases/")["Location"].startswith("/settings/two-factor/")


def test_htmx_gets_hx_redirect_and_the_api_403(world):
    authenticator(world.procurator)
    client = _password_login("procurator")
    fragment = client.get("/cases/?q=x", HTTP_HX_REQUEST="true",
                          HTTP_HX_CURRENT_URL="http://testserver/cases/?q=x")
    assert fragment.status_code == 204
    assert fragment["HX-Redirect"] == "/login/verify/?next=%2Fcases%2F%3Fq%3Dx"
    api = client.get(reverse("api-case-list"))
    assert api.status_code == 403 and "两步验证" in api.json()["errors"][0]["detail"]


def test_a_password_only_session_sees_no_navigation(world):
    authenticator(world.approver)
    client = _password_login("approver")
    page = client.get("/login/verify/").content.decode()
    assert reverse("cases:list") not in page and reverse("recommendations:approvals") not in page


# --- The verify step ------------------------------------------------------------------------

def test_the_code_from_the_authenticator_opens_the_page_asked_for(world):
    device = authenticator(world.procurator)
    client = _password_login("procurator")
    done = client.post("/login/verify/", {"token": code_for(device), "next": "/cases/"})
    assert done.status_code == 302 and done["Location"] == "/cases/"
    assert client.get("/cases/").status_code == 200
    assert _actions(world.procurator)[-2:] == ["auth.login", "auth.2fa_verified"]


def test_a_wrong_code_is_refused_in_the_users_language_then_throttled(world):
    authenticator(world.procurator)
    client = _password_login("procurator")
    wrong = client.post("/login/verify/", {"token": "000000"}).content.decode()
    assert "验证码不正确" in wrong
    again = client.post("/login/verify/", {"token": "000000"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "秒后再试" in again.content.decode() or "seconds" in again.content.decode()
    assert client.get("/cases/").status_code == 302
    assert _actions(world.procurator).count("auth.2fa_failed") == 2


def test_a_recovery_code_works_once(world):
    device = authenticator(world.procurator)
    static = StaticDevice.objects.create(user=world.procurator, name="r", confirmed=True)
    static.token_set.create(token="abcd2345")
    static.token_set.create(token="efgh6789")
    first = _password_login("procurator")
    done = first.post("/login/verify/", {"token": "ABCD 2345", "next": "/cases/"}, follow=True)
    assert done.redirect_chain[-1][0] == "/cases/"
    assert "还剩 1 个" in done.content.decode()
    second = _password_login("procurator")
    assert "验证码不正确" in second.post("/login/verify/", {"token": "abcd2345"}).content.decode()
    assert "auth.recovery_code_used" in _actions(world.procurator)
    assert device.pk  # the authenticator is untouched


def _wait_out_the_throttle() -> None:
    """After a wrong code the next attempt must wait a second (django-otp): as if it had."""
    TOTPDevice.objects.update(throttling_failure_timestamp=None, throttling_failure_count=0)


# --- Enrolment ------------------------------------------------------------------------------

def _enrol(client: Client) -> tuple[TOTPDevice, list[str]]:
    """Enrol from the page as a person would: read the secret, compute the code."""
    page = client.get("/settings/two-factor/").content.decode()
    assert "<svg" in page and " style=" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', page).group(1)
    key = b32decode(secret.replace(" ", ""))
    code = f"{TOTP(key).token():06d}"
    done = client.post("/settings/two-factor/", {"token": code, "next": "/cases/"})
    assert done.status_code == 200
    codes = re.findall(r'data-testid="recovery-code">([a-z2-7]+)<', done.content.decode())
    return TOTPDevice.objects.get(confirmed=True, key=key.hex()), codes


def test_a_procurator_enrols_and_gets_ten_recovery_codes(world):
    client = _password_login("procurator")
    wrong = client.post("/settings/two-factor/", {"token": "123456"}).content.decode()
    assert "验证码不正确" in wrong and "<svg" in wrong
    _wait_out_the_throttle()
    device, codes = _enrol(client)
    assert device.user == world.procurator and len(set(codes)) == 10
    assert client.get("/cases/").status_code == 200  # enrolling verified this session
    assert _actions(world.procurator)[-2:] == ["auth.2fa_enrol_failed", "auth.2fa_enrolled"]
    # Enrolled: the page shows the state, never the secret again.
    page = client.get("/settings/two-factor/").content.decode()
    assert 'data-testid="totp-secret"' not in page and "10 个" in page


def test_regenerated_recovery_codes_replace_the_old_ones(world):
    client = _password_login("procurator")
    _device, old = _enrol(client)
    new_page = client.post(reverse("settings-two-factor-codes")).content.decode()
    new = re.findall(r'data-testid="recovery-code">([a-z2-7]+)<', new_page)
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)
    assert client.get("/cases/").status_code == 200  # still verified
    assert "auth.recovery_codes_regenerated" in _actions(world.procurator)


def test_an_enrolled_but_unverified_session_cannot_touch_its_two_factor_settings(world):
    authenticator(world.procurator)
    client = _password_login("procurator")
    assert client.get("/settings/two-factor/")["Location"].startswith("/login/verify/")
    assert client.post(reverse("settings-two-factor-codes")).status_code == 302
    assert client.post(reverse("settings-two-factor-disable")).status_code == 302
    assert TOTPDevice.objects.filter(user=world.procurator).exists()


def test_staff_replace_their_authenticator_only_with_a_current_code(world):
    client = _password_login("procurator")
    device, _codes = _enrol(client)
    client.post(reverse("settings-two-factor-disable"), {"token": "000000"})
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    _wait_out_the_throttle()
    client.post(reverse("settings-two-factor-disable"), {"token": code_for(device)})
    assert not TOTPDevice.objects.filter(user=world.procurator).exists()
    assert client.get("/cases/")["Location"].startswith("/settings/two-factor/")
    assert "auth.2fa_disabled" in _actions(world.procurator)


# --- Liaisons -------------------------------------------------------------------------------

def test_a_liaison_without_an_authenticator_reaches_the_portal_with_the_password(world):
    client = _password_login("court_liaison", "/portal/")
    assert client.get("/portal/").status_code == 200


def test_a_liaison_who_enrolled_must_verify_and_may_turn_it_off(world):
    client = _password_login("court_liaison", "/portal/")
    device, _codes = _enrol(client)
    later = _password_login("court_liaison", "/portal/")
    assert later.get("/portal/")["Location"] == "/login/verify/?next=%2Fportal%2F"
    later.post("/login/verify/", {"token": code_for(device)})
    assert later.get("/portal/").status_code == 200
    later.post(reverse("settings-two-factor-disable"))  # their choice: no code needed
    assert not TOTPDevice.objects.filter(user=world.court_liaison).exists()
    assert _password_login("court_liaison", "/portal/").get("/portal/").status_code == 200


def test_when_two_factor_is_not_required_staff_may_use_the_password_alone(world, settings):
    settings.TWO_FACTOR_REQUIRED = False
    client = _password_login("procurator")
    assert client.get("/cases/").status_code == 200


# --- Audit of logins, failures and lockouts -----------------------------------------------

def test_logins_failures_and_lockouts_are_audited(world, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "approver", "password": "wrong"},
                    REMOTE_ADDR="10.0.0.8")
    actions = _actions(world.approver)
    assert actions.count("auth.login_failed") == settings.AXES_FAILURE_LIMIT
    assert "auth.locked_out" in actions
    entry = AuditEntry.objects.filter(action="auth.login_failed").first()
    assert entry.actor is None and entry.data["ip_address"] == "10.0.0.8"


def test_a_failure_for_a_name_that_is_no_account_is_audited_on_its_lockout_row(world):
    Client().post(reverse("login"), {"username": "nobody-here", "password": "x"},
                  REMOTE_ADDR="10.0.0.9")
    entry = AuditEntry.objects.get(action="auth.login_failed")
    assert entry.target_type == "axes.accessattempt" and entry.data["username"] == "nobody-here"


# --- Passwords end the other sessions -------------------------------------------------------

def test_a_password_change_ends_every_other_session_and_keeps_this_one_verified(world):
    user = world.procurator
    here, elsewhere = Client(), Client()
    here.force_login(user)
    elsewhere.force_login(user)
    assert elsewhere.get("/cases/").status_code == 200
    new = "Haian-court-2026"
    done = here.post(reverse("settings-password"), {
        "old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert here.get("/cases/").status_code == 200
    gone = elsewhere.get("/cases/")
    assert gone.status_code == 302 and gone["Location"].startswith("/login/")


def test_the_raw_force_login_is_password_only(world):
    client = Client()
    password_only_login(client, world.procurator)
    assert client.get("/cases/").status_code == 302
