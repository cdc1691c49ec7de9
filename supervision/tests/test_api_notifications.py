"""The notifications API (issue 17): the caller's own notifications, newest first, in the
caller's language, marked read as the page marks them; nobody else's, by list or by id."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import override

from supervision.models import Notification
from supervision.services.notifications import notify, render_message

LIST = reverse("api-notification-list")
MARK_READ = reverse("api-notification-mark-read")
PARAMS = {"name": "陈立", "type": "检察建议", "type_en": "procuratorial recommendation",
          "title": "关于规范执法的检察建议"}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _notify(user, n: int = 1) -> list[Notification]:
    return [notify([user], "approval.requested", PARAMS, link="/instruments/1/")[0]
            for _ in range(n)]


@pytest.mark.django_db
def test_the_list_holds_only_the_callers_own_newest_first(world):
    mine = _notify(world.approver, 3)
    _notify(world.procurator, 2)
    data = _client(world.approver).get(LIST).json()
    assert [row["id"] for row in data["results"]] == [n.pk for n in reversed(mine)]
    assert data["count"] == 3
    assert data["results"][0]["unread"] is True
    assert data["results"][0]["link"] == "/instruments/1/"


@pytest.mark.django_db
def test_another_persons_notification_is_not_found_by_id(world):
    theirs = _notify(world.procurator)[0]
    mine = _notify(world.approver)[0]
    client = _client(world.approver)
    assert client.get(reverse("api-notification-detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("api-notification-detail", args=[mine.pk])).status_code == 200
    # A liaison, too, sees only their own (none here).
    assert _client(world.court_liaison).get(LIST).json()["results"] == []


@pytest.mark.django_db
def test_the_text_reads_in_the_requesters_language(world):
    note = _notify(world.approver)[0]
    client = _client(world.approver)
    url = reverse("api-notification-detail", args=[note.pk])
    chinese = client.get(url, headers={"accept-language": "zh-hans"}).json()["text"]
    english = client.get(url, headers={"accept-language": "en"}).json()["text"]
    assert chinese == "陈立 提请审批检察建议“关于规范执法的检察建议”，请审批。"
    with override("en"):
        assert english == render_message("approval.requested", PARAMS)
    assert "procuratorial recommendation" in english


@pytest.mark.django_db
def test_the_unread_filter_and_mark_read_touch_only_the_callers_rows(world):
    read, unread = _notify(world.approver, 2)
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)
    theirs = _notify(world.procurator)[0]
    client = _client(world.approver)
    assert [r["id"] for r in client.get(LIST + "?unread=true").json()["results"]] == [unread.pk]
    assert [r["id"] for r in client.get(LIST + "?unread=false").json()["results"]] == [read.pk]
    # As the case list's yes/no filters: a value that is neither leaves the list unfiltered.
    maybe = client.get(LIST + "?unread=maybe")  # told, not ignored
    assert maybe.status_code == 400 and b"unread" in maybe.content
    response = client.post(MARK_READ)
    assert response.status_code == 200
    assert response.json() == {"marked": 1}
    assert client.get(LIST + "?unread=true").json()["results"] == []
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert client.post(MARK_READ).json() == {"marked": 0}


@pytest.mark.django_db
def test_only_a_signed_in_caller_reads_or_marks(world):
    client = Client()
    assert client.get(LIST).status_code in (401, 403)
    assert client.post(MARK_READ).status_code in (401, 403)


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_query_counts_are_pinned_and_flat_in_rows(world):
    # session, user, the bounded count, the page.
    client = _client(world.approver)
    first_note = _notify(world.approver)[0]
    client.get(LIST)
    first = _count(client, LIST)
    _notify(world.approver, 4)
    assert _count(client, LIST) == first == 4
    # session, user, the row.
    assert _count(client, reverse("api-notification-detail", args=[first_note.pk])) == 3
