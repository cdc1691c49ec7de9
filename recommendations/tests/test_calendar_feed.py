"""The calendar feed: one's own due dates as RFC 5545 all-day events, behind a secret URL that
needs no login and stops working the moment it is revoked or regenerated (moved from
``supervision/tests``: the feed lists the instruments' deadlines; the writer's own test is
``supervision/tests/test_ics.py``)."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from recommendations import services
from recommendations.services import extensions
from supervision import feeds
from supervision.models import AuditEntry, CalendarFeed

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def unfold(text: str) -> str:
    return text.replace("\r\n ", "")


def test_the_owner_gets_a_secret_url_that_needs_no_login(world):
    rec = world.served(datetime.date(2026, 10, 15))  # due 2026-12-15
    other = world.served(datetime.date(2026, 10, 16), case=world.register_case(
        actor=world.pt_procurator, agency=world.pt_court))
    client = Client()
    client.force_login(world.procurator)
    assert "尚未生成订阅地址" in client.get(reverse("settings-calendar")).content.decode()
    client.post(reverse("settings-calendar-regenerate"))
    feed = CalendarFeed.objects.get(user=world.procurator, revoked_at__isnull=True)
    page = client.get(reverse("settings-calendar")).content.decode()
    url = reverse("calendar-feed", args=[feed.token])
    assert url in page and len(feed.token) >= 43

    response = Client().get(url)  # a calendar client: no session
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = unfold(response.content.decode())
    assert f"UID:reply-{rec.pk}@127.0.0.1:8000" in body
    assert "DTSTART;VALUE=DATE:20261215" in body and rec.number in body
    assert other.number not in body  # only one's own
    assert "2026年10月15日送达" in body  # the explanation travels with the date
    feed.refresh_from_db()
    assert feed.last_used_at is not None


def test_an_extension_updates_the_same_event(world):
    rec = world.served(datetime.date(2026, 10, 15))
    token = feeds.calendar_feed_regenerate(actor=world.procurator).token
    extensions.recommendation_extend(actor=world.procurator, recommendation=rec, days=10,
                                     reason="x")
    body = unfold(Client().get(reverse("calendar-feed", args=[token])).content.decode())
    assert body.count(f"UID:reply-{rec.pk}@") == 1
    assert "DTSTART;VALUE=DATE:20261225" in body and "SEQUENCE:1" in body


def test_revoking_or_regenerating_kills_the_old_url(world):
    old = feeds.calendar_feed_regenerate(actor=world.procurator).token
    new = feeds.calendar_feed_regenerate(actor=world.procurator).token
    assert old != new
    assert Client().get(reverse("calendar-feed", args=[old])).status_code == 404
    assert Client().get(reverse("calendar-feed", args=[new])).status_code == 200
    client = Client()
    client.force_login(world.procurator)
    client.post(reverse("settings-calendar-revoke"))
    assert Client().get(reverse("calendar-feed", args=[new])).status_code == 404
    assert Client().get(reverse("calendar-feed", args=["no-such-token"])).status_code == 404
    assert AuditEntry.objects.filter(action="calendar_feed_revoke").count() == 1
    world.procurator.is_active = False
    world.procurator.save()
    token = CalendarFeed.objects.create(user=world.procurator, token="t" * 43).token
    assert Client().get(reverse("calendar-feed", args=[token])).status_code == 404


def test_a_liaison_sees_the_agencys_deadlines_and_staff_their_own_internal_ones(world):
    rec = world.served(datetime.date(2026, 10, 15))
    replied = world.served(datetime.date(2026, 10, 20))
    services.reply_submit(actor=world.court_liaison, recommendation=replied, content="已整改")
    liaison = unfold(Client().get(reverse("calendar-feed", args=[
        feeds.calendar_feed_regenerate(actor=world.court_liaison).token])).content.decode())
    assert rec.number in liaison and "internal-" not in liaison
    assert f"/portal/{rec.pk}/" in liaison
    staff = unfold(Client().get(reverse("calendar-feed", args=[
        feeds.calendar_feed_regenerate(actor=world.procurator).token])).content.decode())
    assert re.search(r"UID:internal-\d+@", staff) and "回复的审查评估" in staff
