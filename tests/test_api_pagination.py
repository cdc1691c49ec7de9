"""Every API list is keyset paginated with a bounded count: no ``OFFSET``, no ``COUNT(*)`` over
the whole table, at any depth (``supervision.pagination``)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from supervision import pagination

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture
def instruments(world):
    with time_machine.travel(NOW, tick=False):
        return [world.served(datetime.date(2026, 11, 2)) for _ in range(7)]


def test_the_instrument_list_walks_every_row_once_newest_first_by_cursor(world, instruments):
    client = Client()
    client.force_login(world.procurator)
    seen, url, pages = [], "/api/recommendations/?page_size=3", 0
    while url:
        with CaptureQueriesContext(connection) as ctx:
            data = client.get(url).json()
        sql = " ".join(q["sql"] for q in ctx.captured_queries).upper()
        assert " OFFSET " not in sql
        seen += [row["id"] for row in data["results"]]
        url, pages = data["next"], pages + 1
        assert data["count"] == len(instruments) and data["count_capped"] is False
        assert "page=" not in (url or "") and (url is None or "cursor=" in url)
    assert pages == 3 and seen == sorted(seen, reverse=True) == sorted(r.pk for r in instruments)[::-1]
    # and back again from the last page
    back = client.get(data["previous"]).json() if data["previous"] else None
    assert back is not None and [r["id"] for r in back["results"]] == seen[3:6]


def test_the_count_is_bounded_and_says_so(world, instruments, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_LIMIT", 5)
    client = Client()
    client.force_login(world.procurator)
    with CaptureQueriesContext(connection) as ctx:
        data = client.get("/api/recommendations/").json()
    assert data["count"] == 5 and data["count_capped"] is True and len(data["results"]) == 7
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT 6" in sql for sql in counts)  # never the whole table


def test_a_tampered_cursor_is_a_clear_404_not_a_500(world, instruments):
    client = Client()
    client.force_login(world.procurator)
    response = client.get("/api/recommendations/", {"cursor": "not-a-cursor"})
    assert response.status_code == 404
    detail = response.json()["errors"][0]["detail"]
    assert "cursor" in detail.lower() or "游标" in detail


@override_settings(LANGUAGE_CODE="zh-hans")
def test_the_interference_list_is_keyset_paginated_too(world):
    client = Client()
    client.force_login(world.approver)
    data = client.get("/api/interference-records/").json()
    assert set(data) == {"count", "count_capped", "next", "previous", "results"}


def test_the_pages_lists_walk_by_cursor_too_notifications_and_the_deadline_lists(world):
    from supervision.models import Notification

    Notification.objects.bulk_create([Notification(recipient=world.procurator, code="x",
                                                   message=f"通知{i}") for i in range(60)])
    client = Client()
    client.force_login(world.procurator)
    seen, url = [], "/notifications/"
    while url:
        html = client.get(url).content.decode()
        seen += [n for n in range(60) if f"通知{n}<" in html]
        url = (html.split('class="page-link" href="')[-1].split('"')[0].replace("&amp;", "&")
               if "下一页" in html else None)
        assert url is None or "cursor=" in url
    assert sorted(seen) == list(range(60))
    assert client.get("/notifications/", {"cursor": "bad"}).status_code == 404
