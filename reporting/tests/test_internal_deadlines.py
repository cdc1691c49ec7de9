"""Supervisors see both sides: the agencies' reply deadlines and the procuratorate's own."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from recommendations import services
from recommendations.services import extensions
from reporting import selectors

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture
def own_deadlines(world):
    """An evaluation overdue (reply on 2026-10-20 → due 2026-11-20) and an extension request
    due in a week, at 定检; an evaluation at 普检."""
    with time_machine.travel(datetime.datetime(2026, 10, 20, 10, tzinfo=NOW.tzinfo), tick=False):
        replied = world.served(datetime.date(2026, 9, 1))
        services.reply_submit(actor=world.court_liaison, recommendation=replied, content="已整改")
        pt = world.served(datetime.date(2026, 9, 1), case=world.register_case(
            actor=world.pt_procurator, agency=world.pt_court))
        services.reply_submit(actor=world.pt_court_liaison, recommendation=pt, content="已整改")
    with time_machine.travel(NOW, tick=False):
        asked = world.served(datetime.date(2026, 10, 15))
        extensions.extension_request(actor=world.court_liaison, recommendation=asked,
                                     requested_due=datetime.date(2026, 12, 31), reason="忙")
    return replied, asked


def test_counts_by_kind_in_the_viewers_scope(world, own_deadlines):
    rows = {r["kind"]: r for r in selectors.internal_counts_by_kind(world.supervisor, NOW.date())}
    assert rows["evaluation"]["open"] == 2 and rows["evaluation"]["overdue"] == 2
    assert rows["extension_decision"] == {**rows["extension_decision"], "open": 1, "due_7": 1,
                                          "overdue": 0}
    assert rows["review_decision"]["open"] == 0  # every kind is listed, zeros too
    approver = {r["kind"]: r for r in selectors.internal_counts_by_kind(world.approver, NOW.date())}
    assert approver["evaluation"]["open"] == 1  # 定检 only


def test_the_dashboard_shows_the_procuratorate_side_and_drills_down(world, own_deadlines):
    client = Client()
    client.force_login(world.supervisor)
    with time_machine.travel(NOW, tick=False):
        page = client.get(reverse("reporting:dashboard")).content.decode()
        assert 'data-testid="internal-deadlines"' in page
        listing = client.get(reverse("reporting:internal-list", args=["overdue"]),
                             {"kind": "evaluation"}).content.decode()
    assert listing.count('data-testid="internal-row"') == 2
    assert own_deadlines[0].number in listing
    client.force_login(world.observer)  # congress observers: figures, not the instruments
    assert client.get(reverse("reporting:internal-list", args=["overdue"])).status_code == 404
    client.force_login(world.supervisor)
    assert client.get(reverse("reporting:internal-list", args=["overdue"]),
                      {"kind": "nonsense"}).status_code == 404
