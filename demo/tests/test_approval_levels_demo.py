"""The demo world's approval levels and preservation suggestion (demo/approval_levels.py): the
scenarios' 再审检察建议 went through the committee; one waits for it in dh.chief's queue; a
财产保全建议 is served on the court with its two-day period running."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.test import Client
from django.urls import reverse

from demo.builder import load_demo_world
from recommendations.choices import InstrumentStatus
from recommendations.models import CommitteeDecision, Recommendation
from supervision.models import User

NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_the_demo_shows_the_committee_waiting_and_a_preservation_served(db):
    with time_machine.travel(NOW, tick=False):
        load_demo_world(today=NOW.date())
        retrials = Recommendation.objects.filter(instrument_type__code="retrial_recommendation")
        waiting = retrials.get(status=InstrumentStatus.PENDING_APPROVAL)
        assert waiting.approval_stage == "committee"
        issued = retrials.exclude(status__in=["pending_approval", "draft"])
        assert issued and all(CommitteeDecision.objects.filter(recommendation=r).exists()
                              for r in issued)
        preservation = Recommendation.objects.get(
            instrument_type__code="property_preservation_recommendation")
        assert preservation.status == InstrumentStatus.AWAITING_REPLY
        assert preservation.urgency_reason and preservation.due_date == NOW.date() + (
            datetime.timedelta(days=1))
        client = Client()
        client.force_login(User.objects.get(username="dh.chief"))
        queue = client.get(reverse("recommendations:approvals")).content.decode()
        assert waiting.title in queue and "待记录检察委员会决定" in queue
        page = client.get(waiting.get_absolute_url()).content.decode()
        assert 'data-testid="committee-form"' in page
        client.force_login(User.objects.get(username="dh.procurator"))
        page = client.get(preservation.get_absolute_url()).content.decode()
        assert preservation.urgency_reason in page
