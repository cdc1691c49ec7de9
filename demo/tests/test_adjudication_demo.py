"""The demo world's attendances at the court's committee (demo/adjudication.py): dh.chief
attended twice, one adopted and one waiting for the decision; each page answers the chief and
the handling procurator, and the case page shows the panel."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.test import Client
from django.urls import reverse

from adjudication.models import Attendance
from demo.builder import load_demo_world
from supervision.models import User

NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_the_demo_chief_attended_the_courts_committee_twice(db):
    with time_machine.travel(NOW, tick=False):
        load_demo_world(today=NOW.date())
        records = list(Attendance.objects.order_by("meeting_at"))
        assert [r.status for r in records] == ["concluded", "attended"]
        assert records[0].adoption == "adopted"
        chief = User.objects.get(username="dh.chief")
        assert {r.attendee for r in records} == {chief}
        assert {r.court.name for r in records} == {"舟山市定海区人民法院"}
        assert all(r.case is not None and r.case.procuratorate.short_name == "定检"
                   for r in records)
        for username in ("dh.chief", "dh.procurator"):
            client = Client()
            client.force_login(User.objects.get(username=username))
            for record in records:
                assert client.get(record.get_absolute_url()).status_code == 200
        client = Client()
        client.force_login(chief)
        page = client.get(reverse("adjudication:list")).content.decode()
        assert "列席审判委员会会议 2 次" in page
        client.force_login(User.objects.get(username="dh.procurator"))
        page = client.get(records[1].case.get_absolute_url()).content.decode()
        assert records[1].subject in page and 'data-testid="case-adjudication"' in page
        client.force_login(User.objects.get(username="court.liaison"))
        assert client.get(records[0].get_absolute_url()).status_code == 404
