"""The demo world's hearings (demo/hearings.py): a register of 定检 and a hearing in each state,
each page answering dh.procurator."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.test import Client
from django.urls import reverse

from demo.builder import load_demo_world
from hearings.models import Hearing, PeopleSupervisor
from supervision.models import User

NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_the_demo_has_a_register_and_a_hearing_in_each_state(db):
    with time_machine.travel(NOW, tick=False):
        load_demo_world(today=NOW.date())
        assert PeopleSupervisor.objects.filter(procuratorate__short_name="定检").count() == 5
        assert sorted(Hearing.objects.values_list("status", flat=True)) == [
            "concluded", "held", "scheduled"]
        concluded = Hearing.objects.get(status="concluded")
        assert concluded.outcome == "partly" and concluded.outcome_reason
        assert concluded.participants.filter(role="people_supervisor", attended=True,
                                             stance="agree").count() == 2
        client = Client()
        client.force_login(User.objects.get(username="dh.procurator"))
        for hearing in Hearing.objects.all():
            assert client.get(hearing.get_absolute_url()).status_code == 200
            page = client.get(hearing.case.get_absolute_url()).content.decode()
            assert hearing.topic in page
        held = Hearing.objects.get(status="held")
        assert "登记听证" in client.get(held.case.get_absolute_url()).content.decode()
        page = client.get(reverse("hearings:supervisors")).content.decode()
        assert "李海明" in page and "任期届满" in page and "暂停履职" in page
        assert client.get(reverse("hearings:list")).status_code == 200
