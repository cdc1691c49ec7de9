"""Query counts of every list and detail page and API endpoint, pinned, and flat in the number
of rows (no query per row)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _add_replied(world, n: int) -> list:
    from recommendations import services

    recs = []
    for _ in range(n):
        rec = world.served(datetime.date(2026, 11, 2))
        services.reply_submit(actor=world.court_liaison, recommendation=rec, content="已整改")
        recs.append(rec)
    return recs


# persona, url name, args-from-first-instrument, pinned count
PAGES = [
    ("procurator", "cases:list", None, 5),
    ("procurator", "cases:detail", "case", 9),
    ("procurator", "recommendations:detail", "rec", 5),
    ("court_liaison", "portal:inbox", None, 5),
    ("court_liaison", "portal:detail", "rec", 5),
    ("supervisor", "reporting:dashboard", None, 6),
    ("supervisor", "api-recommendation-list", None, 5),
    ("procurator", "api-case-list", None, 4),
    ("procurator", "notifications", None, 4),
]


@pytest.mark.parametrize(("persona", "name", "arg", "expected"), PAGES)
def test_query_count_is_pinned_and_flat(world, persona, name, arg, expected):
    with time_machine.travel(NOW, tick=False):
        recs = _add_replied(world, 2)
        client = Client()
        client.force_login(getattr(world, persona))
        args = {"case": [recs[0].case_id], "rec": [recs[0].pk], None: []}[arg]
        url = reverse(name, args=args)
        client.get(url)  # warm-up: content types and other per-process caches fill once
        first = _queries(client, url)
        _add_replied(world, 3)
        assert _queries(client, url) == first == expected, (name, first)
