"""The instruments' self-checks (``recommendations/selfcheck.py``): each broken rule is found
and the system administrators are told; ``manage.py selfcheck`` prints the findings (moved from
``supervision/tests/test_selfcheck.py``, which tests the self-check itself)."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from recommendations.models import Recommendation
from supervision.models import CalendarDay, Notification, SelfCheckReport
from supervision.services.selfcheck import run_selfcheck

NOW = datetime.datetime(2026, 11, 23, 2, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def codes(report: SelfCheckReport) -> dict[str, list[str]]:
    return {f["code"]: f["sample"] for f in report.findings}


def test_each_broken_rule_is_found_and_the_administrators_are_told(world):
    ok = world.served(datetime.date(2026, 10, 15))
    no_due = world.served(datetime.date(2026, 10, 16))
    no_service = world.served(datetime.date(2026, 10, 17))
    odd_state = world.issued()
    wrong_due = world.served(datetime.date(2026, 10, 19))
    Recommendation.objects.filter(pk=no_due.pk).update(due_date=None)
    Recommendation.objects.filter(pk=no_service.pk).update(served_on=None)
    Recommendation.objects.filter(pk=odd_state.pk).update(status="retired_state")  # every real state is reachable (issue 6)
    Recommendation.objects.filter(pk=wrong_due.pk).update(
        due_date=wrong_due.due_date + datetime.timedelta(days=1))
    report = run_selfcheck()
    found = codes(report)
    assert found["open_without_due_date"] == [str(no_due.pk)]
    assert found["served_without_service_record"] == [str(no_service.pk)]
    assert found["unreachable_status"] == [str(odd_state.pk)]
    assert found["due_date_inconsistent"] == [str(wrong_due.pk)]
    assert not any(str(ok.pk) in sample for sample in found.values())
    told = Notification.objects.get(recipient=world.sysadmin, code="selfcheck.problems")
    assert told.params == {"count": report.problem_count} and told.link == reverse("ops-selfcheck")


def test_a_calendar_edited_behind_the_services_back_is_caught(world):
    rec = world.served(datetime.date(2026, 10, 31))  # due 2026-12-31
    CalendarDay.objects.create(date=datetime.date(2026, 12, 31), is_workday=False, name="元旦")
    assert codes(run_selfcheck())["due_date_inconsistent"] == [str(rec.pk)]


def test_the_command_prints_the_findings_and_exits_non_zero(world):
    rec = world.served(datetime.date(2026, 10, 16))
    out = StringIO()
    call_command("selfcheck", stdout=out)
    assert "未发现问题" in out.getvalue()
    Recommendation.objects.filter(pk=rec.pk).update(due_date=None)
    with pytest.raises(SystemExit) as exit_:
        call_command("selfcheck", stdout=out)
    assert exit_.value.code == 1 and "open_without_due_date" in out.getvalue()
