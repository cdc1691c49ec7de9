"""The API's instrument list takes the inbox's tabs and search (``view``, ``q``) from the same
rules as the portal's inbox (``recommendations.inbox``): a liaison's system sees each tab as
the liaison sees it on the page."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client

from portal.selectors import VIEWS

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 12, 20, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


def _ids(client: Client, query: str) -> set[int]:
    response = client.get(f"/api/recommendations/?{query}")
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def _page_ids(client: Client, view: str, q: str = "") -> set[int]:
    response = client.get("/portal/", {"bucket": view, "q": q})
    assert response.status_code == 200
    return {rec.pk for rec in response.context["rows"]}


def test_each_inbox_tab_and_the_search_agree_with_the_portal(world):
    overdue = world.served(datetime.date(2026, 10, 1), items=["一、依法纠正"])
    running = world.served(datetime.date(2026, 12, 1), items=["一、依法纠正"])
    client = Client()
    with time_machine.travel(TODAY, tick=False):
        client.force_login(world.court_liaison)
        assert _ids(client, "view=overdue") == {overdue.pk}
        assert _ids(client, "view=awaiting") == {running.pk}
        assert _ids(client, "view=todo") == {overdue.pk, running.pk}
        for view in VIEWS:
            assert _ids(client, f"view={view}") == _page_ids(client, view), view
        number = running.number or running.title
        assert _ids(client, f"q={number}") == _page_ids(client, "all", number)
        assert running.pk in _ids(client, f"q={number}")
        assert client.get("/api/recommendations/?view=nonsense").status_code == 400
        nul = client.get("/api/recommendations/?q=%00")  # PostgreSQL refuses NUL: told, not 500
        assert nul.status_code == 400 and b'"q"' in nul.content
