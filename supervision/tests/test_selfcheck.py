"""The nightly self-check reports data that breaks the rules, once a night, to the system
administrators; ``manage.py selfcheck`` runs the same checks. The instruments' own checks are
tested in ``recommendations/tests/test_selfcheck.py``."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from supervision.choices import EmailStatus
from supervision.models import EmailDelivery, Notification, SelfCheckReport
from supervision.services.selfcheck import run_selfcheck
from supervision.tasks import nightly_selfcheck

NOW = datetime.datetime(2026, 11, 23, 2, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def codes(report: SelfCheckReport) -> dict[str, list[str]]:
    return {f["code"]: f["sample"] for f in report.findings}


def test_clean_data_reports_nothing(world):
    world.served(datetime.date(2026, 10, 15))
    report = run_selfcheck()
    assert report.problem_count == 0 and report.findings == []
    assert not Notification.objects.filter(code="selfcheck.problems").exists()


def test_mail_claimed_but_never_confirmed_is_reported_for_a_person_to_decide(world):
    from supervision.services.notifications import notify

    note = notify([world.procurator], "reply.received", {"agency": "x", "number": "y"})[0]
    EmailDelivery.objects.create(recipient=world.procurator, notification=note,
                                 status=EmailStatus.SENDING,
                                 claimed_at=NOW - datetime.timedelta(hours=2))
    assert "email_stuck_sending" in codes(run_selfcheck())


def test_the_nightly_task_writes_one_report_even_with_two_beats(world):
    assert nightly_selfcheck() == 0
    assert nightly_selfcheck() == -1
    assert SelfCheckReport.objects.filter(nightly_on=NOW.date()).count() == 1


def test_the_administrators_page_lists_reports_and_runs_one(world):
    client = Client()
    client.force_login(world.sysadmin)
    client.post(reverse("ops-selfcheck-run"))
    page = client.get(reverse("ops-selfcheck")).content.decode()
    assert page.count('data-testid="selfcheck-report"') == 1
    client.force_login(world.procurator)
    assert client.get(reverse("ops-selfcheck")).status_code == 404
