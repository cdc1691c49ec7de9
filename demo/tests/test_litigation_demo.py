"""The demo world's public-interest litigation (demo/litigation.py): a suit in each of the
stages the brief asks for, each page answering dh.pil."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.test import Client
from django.urls import reverse

from demo.builder import load_demo_world
from litigation.models import PublicInterestSuit, SuitInstrumentOutcome
from supervision.models import User

NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_the_demo_has_a_suit_in_each_stage(db):
    with time_machine.travel(NOW, tick=False):
        load_demo_world(today=NOW.date())
        suits = {s.status: s for s in PublicInterestSuit.objects.select_related("case")}
        assert set(suits) == {"announced", "filed", "enforcing", "superseded"}
        announced = suits["announced"]
        assert announced.announcement.is_running()
        assert announced.announcement.due_date > NOW.date()
        filed = suits["filed"]
        assert filed.kind == "administrative" and filed.decided_by.username == "dh.chief"
        session = filed.sessions.get()
        assert session.scheduled_at.date() > NOW.date()
        judged = suits["enforcing"]
        assert judged.judgment_result == "supported_part" and judged.effective_on
        assert judged.appeal_period.outcome == "lapsed"
        client = Client()
        client.force_login(User.objects.get(username="dh.pil"))
        page = client.get(reverse("litigation:list")).content.decode()
        assert page.count('data-testid="suit-row"') == 4
        supported = suits["superseded"]
        assert supported.announcement.plaintiff == "舟山市海洋生态环境保护协会"
        outcome = SuitInstrumentOutcome.objects.get(recommendation__case=supported.case)
        assert outcome.outcome == "supported_part"
        assert outcome.recommendation.instrument_type.code == "pil_support_suit"
        assert "支持的诉讼请求获部分支持" in client.get(
            supported.case.get_absolute_url()).content.decode()
        for suit in suits.values():
            assert client.get(suit.get_absolute_url()).status_code == 200
            assert suit.defendant in client.get(suit.case.get_absolute_url()).content.decode()
        assert client.get(reverse("litigation:indictment-pdf",
                                  args=[filed.pk])).status_code == 200
