"""The deadline sweep writes each reminder and overdue notice exactly once, and delivery
notifies each recipient exactly once, however often and however concurrently they run."""

from __future__ import annotations

import datetime
import threading

import pytest
import time_machine
from django.db import connection

from recommendations.choices import DeadlineEventKind
from recommendations.models import DeadlineEvent
from recommendations.sweep import deliver_event, pending_event_ids, sweep_deadlines
from supervision.models import Notification

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
TODAY = NOW.date()


@pytest.fixture
def instruments(world):
    """One overdue (served 2026-08-03 → due 2026-10-09), one due in 7 days, one due today."""
    with time_machine.travel(NOW, tick=False):
        overdue = world.served(datetime.date(2026, 8, 3))
        # served 2026-09-30 → raw end 2026-11-30 (Monday) → due 2026-11-30, 7 days ahead
        due_in_7 = world.served(datetime.date(2026, 9, 30))
        # served 2026-09-23 → raw end 2026-11-23 (Monday) → due today
        due_today = world.served(datetime.date(2026, 9, 23))
    assert overdue.due_date < TODAY
    assert due_in_7.due_date == TODAY + datetime.timedelta(days=7)
    assert due_today.due_date == TODAY
    return overdue, due_in_7, due_today


def test_the_sweep_writes_one_event_per_reminder_and_overdue(instruments):
    overdue, due_in_7, due_today = instruments
    sweep_deadlines(TODAY)
    events = set(DeadlineEvent.objects.values_list("recommendation_id", "kind", "offset_days"))
    assert events == {
        (overdue.pk, DeadlineEventKind.OVERDUE, 1),
        (due_in_7.pk, DeadlineEventKind.REMINDER, 7),
        (due_today.pk, DeadlineEventKind.REMINDER, 0),
    }


def test_running_the_sweep_twice_changes_nothing(instruments):
    sweep_deadlines(TODAY)
    first = list(DeadlineEvent.objects.order_by("pk").values_list("pk", flat=True))
    assert sweep_deadlines(TODAY) == 0
    assert list(DeadlineEvent.objects.order_by("pk").values_list("pk", flat=True)) == first


def test_a_stopped_worker_catches_up_the_overdue_notice_days_later(instruments):
    sweep_deadlines(TODAY + datetime.timedelta(days=20))
    overdue_ids = set(DeadlineEvent.objects.filter(kind=DeadlineEventKind.OVERDUE)
                      .values_list("recommendation_id", flat=True))
    assert overdue_ids == {instruments[0].pk, instruments[1].pk, instruments[2].pk}


def test_an_overdue_instrument_is_overdue_without_any_sweep(instruments):
    with time_machine.travel(NOW, tick=False):
        assert instruments[0].is_overdue() and not instruments[1].is_overdue()
    assert not DeadlineEvent.objects.exists()


def test_delivery_notifies_each_recipient_once_even_when_called_twice(instruments, world):
    sweep_deadlines(TODAY)
    ids = pending_event_ids()
    assert [deliver_event(pk) for pk in ids] == [True] * len(ids)
    assert [deliver_event(pk) for pk in ids] == [False] * len(ids)
    overdue_event = DeadlineEvent.objects.get(kind=DeadlineEventKind.OVERDUE)
    recipients = sorted(overdue_event.notifications.values_list("recipient__username", flat=True))
    assert recipients == ["approver", "court_liaison", "procurator"]
    assert Notification.objects.filter(event__isnull=False).count() == 3 + 2 + 2
    assert not pending_event_ids()


@pytest.mark.django_db(transaction=True)
def test_concurrent_sweeps_and_deliveries_from_two_threads_happen_once(world):
    with time_machine.travel(NOW, tick=False):
        world.served(datetime.date(2026, 8, 3))
        world.served(datetime.date(2026, 9, 23))
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait(timeout=10)
            sweep_deadlines(TODAY)
            for pk in pending_event_ids():
                deliver_event(pk)
        except BaseException as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    assert DeadlineEvent.objects.count() == 2
    assert DeadlineEvent.objects.filter(delivered_at__isnull=True).count() == 0
    per_event = {e.pk: e.notifications.count() for e in DeadlineEvent.objects.all()}
    assert Notification.objects.filter(event__isnull=False).count() == sum(per_event.values())
    assert all(count >= 2 for count in per_event.values())
