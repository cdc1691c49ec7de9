"""The demo world's inspections (demo/inspections.py): a concluded circuit inspection whose
findings became an instrument, an oral correction verified and one being rectified, and a
resident inspection running; each page answering dh.procurator."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.test import Client
from django.urls import reverse

from demo.builder import load_demo_world
from inspections.models import Finding, Inspection
from supervision.models import User

NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_the_demo_has_a_concluded_and_a_running_inspection(db):
    with time_machine.travel(NOW, tick=False):
        load_demo_world(today=NOW.date())
        assert sorted(Inspection.objects.values_list("status", flat=True)) == [
            "concluded", "in_progress"]
        finished = Inspection.objects.get(status="concluded")
        assert sorted(finished.findings.values_list("status", flat=True)) == [
            "converted", "rectified", "rectifying"]
        instrument = finished.findings.get(disposal="instrument").recommendation
        assert instrument.status == "pending_approval"
        assert instrument.agency.name == "舟山市看守所"
        assert Finding.objects.filter(status="pending").count() == 1
        client = Client()
        client.force_login(User.objects.get(username="dh.procurator"))
        assert client.get(reverse("inspections:list")).status_code == 200
        for inspection in Inspection.objects.all():
            page = client.get(inspection.get_absolute_url())
            assert page.status_code == 200
            assert client.get(reverse("inspections:report-pdf",
                                      args=[inspection.pk])).status_code == 200
        page = client.get(instrument.case.get_absolute_url()).content.decode()
        assert "源自巡回检察" in page and finished.title in page
