"""Passwords and sessions to 等保三级 (issue 15): 12+ characters of three kinds, the published
demo password refused outside demo mode, every message in the user's language; a password-
change page for every user that ends their other sessions and is audited; sessions that end
after 30 idle minutes and 12 hours after the login whatever happens."""

from __future__ import annotations

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation

from supervision.models import AuditEntry

pytestmark = pytest.mark.django_db

GOOD = "Haian-court-2026"


@pytest.mark.parametrize("password", ["Short-1a", "alllowercaseletters", "ALLUPPER12345678",
                                      "onlylower-and-symbols", "123456789012"])
def test_weak_passwords_are_refused_in_chinese_and_english(world, password):
    for language, words in (("zh-hans", "密码"), ("en", "password")):
        with translation.override(language), pytest.raises(ValidationError) as refused:
            validate_password(password, world.court_liaison)
        assert any(words in message.lower() or words in message for message in refused.value.messages)


def test_a_strong_password_passes():
    validate_password(GOOD)


@override_settings(DEMO_MODE=False)
def test_the_demo_password_is_refused_outside_demo_mode():
    with pytest.raises(ValidationError, match="演示"):
        validate_password("demo-pass-2026")


@override_settings(DEMO_MODE=True)
def test_the_demo_password_is_allowed_in_demo_mode():
    validate_password("demo-pass-2026")


def test_every_user_changes_their_password_and_other_sessions_end(world):
    user = world.court_liaison
    user.set_password("Old-password-2026")
    user.save()
    here, elsewhere = Client(), Client()
    for client in (here, elsewhere):
        client.force_login(user)
    url = reverse("settings-password")
    wrong = here.post(url, {"old_password": "nope", "new_password1": GOOD, "new_password2": GOOD})
    assert wrong.status_code == 200 and "旧密码不正确" in wrong.content.decode()
    weak = here.post(url, {"old_password": "Old-password-2026", "new_password1": "short",
                           "new_password2": "short"}).content.decode()
    assert "密码须包含" in weak or "太短" in weak
    done = here.post(url, {"old_password": "Old-password-2026", "new_password1": GOOD,
                           "new_password2": GOOD}, follow=True)
    assert "密码已修改" in done.content.decode()
    assert here.get(reverse("portal:inbox")).status_code == 200  # this session stays
    assert elsewhere.get(reverse("portal:inbox")).status_code == 302  # the other one ended
    assert AuditEntry.objects.filter(action="password.changed", target_id=str(user.pk)).exists()


def test_an_idle_session_ends_after_thirty_minutes(world):
    client = Client()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(world.procurator)
        assert client.get(reverse("cases:list")).status_code == 200
    with time_machine.travel(start + timezone.timedelta(minutes=29), tick=False):
        assert client.get(reverse("cases:list")).status_code == 200  # and seen again
    with time_machine.travel(start + timezone.timedelta(minutes=58), tick=False):
        assert client.get(reverse("cases:list")).status_code == 200
    with time_machine.travel(start + timezone.timedelta(minutes=89), tick=False):
        response = client.get(reverse("cases:list"))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=%2Fcases%2F") and "expired=1" in response["Location"]


def test_a_busy_session_still_ends_twelve_hours_after_login(world):
    client = Client()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(world.procurator)
        client.get(reverse("cases:list"))
    for minutes in range(20, 12 * 60, 20):  # a request every 20 minutes, all day
        with time_machine.travel(start + timezone.timedelta(minutes=minutes), tick=False):
            assert client.get(reverse("cases:list")).status_code == 200, minutes
    with time_machine.travel(start + timezone.timedelta(hours=12, minutes=1), tick=False):
        assert client.get(reverse("cases:list")).status_code == 302
