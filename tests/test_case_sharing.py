"""A case shared with a named outside procurator through django-guardian."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from cases.permissions import can_work_on_case, cases_visible_to
from cases.selectors import case_shared_with
from cases.services import sharing

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture
def rec(world):
    with time_machine.travel(NOW, tick=False):
        return world.served(datetime.date(2026, 11, 2))


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_shared_case_and_its_instruments_open_for_the_outside_procurator_read_only(world, rec):
    outsider = _client(world.pt_procurator)
    case_url = reverse("cases:detail", args=[rec.case_id])
    assert outsider.get(case_url).status_code == 404
    sharing.case_share(actor=world.procurator, case=rec.case, user=world.pt_procurator)
    assert outsider.get(case_url).status_code == 200
    assert outsider.get(reverse("recommendations:detail", args=[rec.pk])).status_code == 200
    assert outsider.get(reverse("recommendations:pdf", args=[rec.pk])).status_code == 200
    assert not can_work_on_case(world.pt_procurator, rec.case)
    assert outsider.get(reverse("recommendations:draft", args=[rec.case_id])).status_code == 404
    assert list(cases_visible_to(world.pt_procurator)) == [rec.case]
    sharing.case_unshare(actor=world.approver, case=rec.case, user=world.pt_procurator)
    assert outsider.get(case_url).status_code == 404


def test_only_the_handler_or_an_approver_shares_and_only_with_outside_staff(world, rec):
    with pytest.raises(PermissionDenied):
        sharing.case_share(actor=world.assistant, case=rec.case, user=world.pt_procurator)
    for user in (world.court_liaison, world.observer, world.approver):
        with pytest.raises(ValidationError):
            sharing.case_share(actor=world.procurator, case=rec.case, user=user)


def test_the_sharing_page_adds_and_removes_a_user(world, rec):
    client = _client(world.procurator)
    url = reverse("case-sharing", args=[rec.case_id])
    response = client.post(url, {"username": "pt_procurator"})
    assert response.status_code == 302
    assert "pt_procurator" in client.get(url).content.decode()
    assert client.post(url, {"username": "nobody"}).status_code == 200  # error shown, nothing lost
    client.post(url, {"remove": world.pt_procurator.pk})
    assert list(case_shared_with(rec.case)) == []
