"""A password-only session reaches no protected page (issue 15): every URL of the permission
matrix, asked by staff, an observer and an administrator who typed only their password, is
refused — a page sends them to the verify step (or to enrolment when they have no
authenticator yet), the API answers 403. Never a 200."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.test_permission_matrix import MATRIX, NOW, QUERY, objects  # noqa: F401 — fixture
from tests.two_factor import authenticator, password_only_login

#: What a password-only session may open: logging in and out, and the two steps themselves.
OPEN = {"login", "logout", "login-verify", "settings-two-factor"}
#: The API's documentation pages are pages: the second step is offered, not the API's 403.
DOC_PAGES = {"api-docs", "api-redoc"}
#: Persona → has an authenticator (verify step) or not (enrolment).
PERSONAS = {"procurator": False, "approver": True, "supervisor": True, "observer": False,
            "sysadmin": True, "secadmin": False}


def _refused(response, enrolled: bool, api: bool) -> bool:
    if api:
        return (response.status_code == 403
                and response.json()["errors"][0]["code"] == "two_factor_required")
    step = "/login/verify/?next=" if enrolled else "/settings/two-factor/?next="
    return response.status_code == 302 and response["Location"].startswith(step)


def test_a_password_only_session_is_refused_on_every_protected_url(world, objects):  # noqa: F811
    clients = {}
    for persona, enrolled in PERSONAS.items():
        user = getattr(world, persona)
        if enrolled:
            authenticator(user)
        clients[persona] = Client()
        password_only_login(clients[persona], user)
    answered = {}
    for name in sorted(set(MATRIX) - OPEN):
        row = MATRIX[name]
        url = reverse(name, args=row.args(objects)) + QUERY.get(name, "")
        for persona, enrolled in PERSONAS.items():
            with time_machine.travel(NOW, tick=False):
                response = getattr(clients[persona], row.method)(url, row.data(objects))
            api = url.startswith("/api/") and name not in DOC_PAGES
            if not _refused(response, enrolled, api=api):
                answered[(name, persona)] = response.status_code
    assert answered == {}
    assert len(MATRIX) - len(OPEN) >= 90  # the whole table, not a sample


@pytest.mark.parametrize("persona", ["procurator", "secadmin"])
def test_the_steps_themselves_stay_open(world, persona):
    client = Client()
    password_only_login(client, getattr(world, persona))
    assert client.get(reverse("settings-two-factor")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
