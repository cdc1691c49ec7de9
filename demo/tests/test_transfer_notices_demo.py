"""The demo world's transfer notices (demo/duties/transfer_notices.py): every tab of 定检's
intake queue and both portal lists have something to show."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import time_machine

from demo.builder import load_demo_world
from duties.models import TransferNotice
from duties.registry import flows
from supervision.models import Notification, User

TODAY = datetime.date(2026, 11, 23)
NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_the_demo_world_has_transfer_notices_in_every_state(db, settings):
    settings.WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1/32"]
    with time_machine.travel(NOW, tick=False):
        load_demo_world(today=TODAY)
        notices = TransferNotice.objects.all()
        assert notices.count() == 6
        assert {n.status for n in notices} == {"filed", "received", "case_opened"}
        assert notices.overdue(TODAY).exists()  # the police let a period pass …
        decided = notices.exclude(police_decision="")
        assert {n.police_decision for n in decided} == {"filed", "not_filed"}
        assert any(n.decided_late() for n in decided)
        assert notices.filter(police_agency__isnull=True).count() == 1
        assert notices.get(status="case_opened").case.matter.name == "有案不立"
        flow = next(f for f in flows() if f.key == "transfer_notices")
        procurator = User.objects.get(username="dh.procurator")
        assert flow.staff_pending(procurator).count() >= 2  # one to receive, one overdue
        assert flow.agency_pending(User.objects.get(username="police.liaison")).exists()
        # … and the sweep of the demo load told 定检 (and the police unit).
        assert Notification.objects.filter(code="transfer_notice.overdue",
                                           recipient=procurator).exists()
