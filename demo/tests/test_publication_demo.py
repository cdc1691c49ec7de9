"""The demo world's 检务公开: a published typical case and statistics release of 定检, and one
typical case waiting for dh.approver (demo/publication.py), all readable as DEMO.md promises."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.test import Client
from django.urls import reverse

from demo.builder import load_demo_world
from publication.choices import PublicationStatus
from publication.models import StatisticsRelease, TypicalCase

NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_the_demo_publishes_a_typical_case_and_a_release(db):
    with time_machine.travel(NOW, tick=False):
        load_demo_world(today=NOW.date())
    published = TypicalCase.objects.get(status=PublicationStatus.PUBLISHED)
    assert TypicalCase.objects.filter(status=PublicationStatus.PROPOSED).count() == 1
    release = StatisticsRelease.objects.get(status=PublicationStatus.PUBLISHED)
    assert release.procuratorate.short_name == "定检"
    assert (release.start, release.end) == (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    assert release.figures["issued"] > 0
    assert "13905801234" not in published.published_summary
    assert "某某" in published.published_summary
    client = Client()
    for url in (reverse("public:index"), reverse("public:case", args=[published.pk]),
                reverse("public:statistics", args=[release.pk]),
                reverse("public:procuratorate", args=[release.procuratorate_id])):
        assert client.get(url).status_code == 200, url
