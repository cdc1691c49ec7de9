"""The demo world's major-situation reports (demo/duties/situation_reports.py): one in each state,
the urgent ones told to 定检's chief, every page of the flow with something to show."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.test import Client
from django.urls import reverse

from demo.builder import load_demo_world
from duties.models import SituationReport, SituationStatus
from supervision.models import Notification, User

NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_the_demo_has_situation_reports_in_every_state(db):
    with time_machine.travel(NOW, tick=False):
        load_demo_world(today=NOW.date())
        reports = SituationReport.objects.all()
        assert {r.status for r in reports} == set(SituationStatus.values)
        assert all(r.occurred_at <= r.reported_at <= NOW for r in reports)
        death = reports.get(kind="death_in_custody")
        assert death.case is not None and death.supplements.count() == 1
        assert death.case.matter.name == "在押人员非正常死亡"
        chief = User.objects.get(username="dh.chief")
        assert Notification.objects.filter(recipient=chief, code="situation.reported.urgent").count() == 2
        staff, liaison = Client(), Client()
        staff.force_login(User.objects.get(username="dh.procurator"))
        liaison.force_login(User.objects.get(username="detention.liaison"))
        queue = staff.get(reverse("duties:situation-reports")).content.decode()
        assert all(r.title in queue for r in reports)
        assert staff.get(death.get_absolute_url()).status_code == 200
        mine = liaison.get(reverse("portal:situation-reports")).content.decode()
        assert death.title in mine and "执行腾退现场当事人情绪激动" not in mine
        assert liaison.get(death.get_portal_url()).status_code == 200
