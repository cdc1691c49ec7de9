"""The demo world's quality reviews (demo/quality.py): one graded 合格 with a 瑕疵 item, one
under way; the handler reads the grade on the case page, the reviewer finds both."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.test import Client
from django.urls import reverse

from demo.builder import load_demo_world
from quality.models import Review
from supervision.models import User

NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_the_demo_has_a_graded_review_and_one_under_way(db):
    with time_machine.travel(NOW, tick=False):
        load_demo_world(today=NOW.date())
        graded = Review.objects.get(status="graded")
        assert graded.grade == "pass" and graded.case.procuratorate.short_name == "定检"
        assert graded.results.filter(result="flaw").count() == 1
        under_way = Review.objects.get(status="in_progress")
        assert under_way.recommendation is not None and under_way.kind == "special"
        handler = _client(graded.handler.username)
        page = handler.get(graded.case.get_absolute_url()).content.decode()
        assert 'data-testid="case-review-grade">合格<' in page
        assert handler.get(under_way.get_absolute_url()).status_code == 404  # not yet graded
        reviewer = _client("dh.pil")
        listing = reviewer.get(reverse("quality:list")).content.decode()
        assert listing.count('data-testid="review-row"') == 2
        for review in (graded, under_way):
            assert reviewer.get(review.get_absolute_url()).status_code == 200
        assert _client("zs.supervisor").get(under_way.get_absolute_url()).status_code == 200
