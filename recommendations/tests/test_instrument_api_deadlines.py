"""The instrument API explains each due date — extensions, the procuratorate's own deadlines —
to staff, and keeps the procuratorate's own deadlines from the agency (moved from
``supervision/tests/test_deadline_api.py``: it exercises the instruments)."""

from __future__ import annotations

import datetime

import time_machine
from django.test import Client
from django.urls import reverse

from recommendations import services
from recommendations.services import extensions


def test_the_instrument_api_explains_extensions_and_own_deadlines_to_staff_only(world):
    now = datetime.datetime(2026, 11, 23, 9, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
    with time_machine.travel(now, tick=False):
        rec = world.served(datetime.date(2026, 10, 15))
        extensions.recommendation_extend(actor=world.procurator, recommendation=rec, days=5,
                                         reason="需补充材料")
        replied = world.served(datetime.date(2026, 10, 16))
        services.reply_submit(actor=world.court_liaison, recommendation=replied, content="已整改")
    staff, liaison = Client(), Client()
    staff.force_login(world.procurator)
    liaison.force_login(world.court_liaison)
    url = reverse("api-recommendation-detail", args=[rec.pk])
    data = staff.get(url).json()
    assert data["due_date"] == "2026-12-21" and data["extensions"][0]["reason"] == "需补充材料"
    assert "延长至2026年12月21日（需补充材料）" in data["due_explanation_text"]
    assert data["due_explanation"]["verified"] is True  # staff see whether the basis is checked
    own = staff.get(reverse("api-recommendation-detail", args=[replied.pk])).json()
    assert own["internal_deadlines"][0]["kind"] == "evaluation"
    text = own["internal_deadlines"][0]["due_explanation_text"]
    assert "本院内部期限" in text and "reply_evaluation" not in text  # words, not our code
    agency_view = liaison.get(reverse("api-recommendation-detail", args=[replied.pk])).json()
    assert agency_view["internal_deadlines"] == []
    assert "verified" not in agency_view["due_explanation"]  # our note, not the agency's
