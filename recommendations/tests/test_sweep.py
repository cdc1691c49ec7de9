"""The deadline sweep writes each reminder, overdue notice and escalation step exactly once, and
delivery notifies each recipient exactly once, however often and however concurrently — from
threads or from separate processes — they run."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import textwrap
import threading
import time

import pytest
import time_machine
from django.conf import settings
from django.db import connection

from recommendations import services
from recommendations.choices import DeadlineEventKind as K
from recommendations.choices import InternalDeadlineKind
from recommendations.models import DeadlineEvent, InternalDeadline
from recommendations.services import extensions
from recommendations.services.sweep import deliver_event, pending_event_ids, sweep_deadlines
from supervision.models import Notification
from tests.test_celery_worker import _database_url

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
TODAY = NOW.date()


@pytest.fixture
def instruments(world):
    """One overdue 46 days (served 2026-08-03 → due 2026-10-08, after National Day), one due
    in 7 days, one due today."""
    with time_machine.travel(NOW, tick=False):
        overdue = world.served(datetime.date(2026, 8, 3))
        # served 2026-09-30 → raw end 2026-11-30 (Monday) → due 2026-11-30, 7 days ahead
        due_in_7 = world.served(datetime.date(2026, 9, 30))
        # served 2026-09-23 → raw end 2026-11-23 (Monday) → due today
        due_today = world.served(datetime.date(2026, 9, 23))
    assert overdue.due_date == datetime.date(2026, 10, 8)
    assert due_in_7.due_date == TODAY + datetime.timedelta(days=7)
    assert due_today.due_date == TODAY
    return overdue, due_in_7, due_today


def deliver_all(today: datetime.date = TODAY) -> int:
    with time_machine.travel(datetime.datetime.combine(today, NOW.timetz()), tick=False):
        return sum(deliver_event(pk) for pk in pending_event_ids())


def events() -> set[tuple[int, str, int]]:
    return set(DeadlineEvent.objects.values_list("recommendation_id", "kind", "offset_days"))


def recipients(event: DeadlineEvent) -> list[str]:
    return sorted(event.notifications.values_list("recipient__username", flat=True))


def test_the_sweep_writes_one_event_per_reminder_overdue_notice_and_reached_step(instruments):
    overdue, due_in_7, due_today = instruments
    sweep_deadlines(TODAY)
    assert events() == {
        (overdue.pk, K.OVERDUE, 1),
        (overdue.pk, K.ESCALATION, 1),  # 46 days ≥ 15: suggest 催告
        (overdue.pk, K.ESCALATION, 2),  # 46 days ≥ 30: notify the superior authority
        (due_in_7.pk, K.REMINDER, 7),
        (due_today.pk, K.REMINDER, 0),
    }


def test_running_the_sweep_twice_changes_nothing(instruments):
    sweep_deadlines(TODAY)
    first = list(DeadlineEvent.objects.order_by("pk").values_list("pk", flat=True))
    assert sweep_deadlines(TODAY) == 0
    assert list(DeadlineEvent.objects.order_by("pk").values_list("pk", flat=True)) == first


def test_a_stopped_worker_catches_up_the_overdue_notice_days_later(instruments):
    sweep_deadlines(TODAY + datetime.timedelta(days=20))
    overdue_ids = set(DeadlineEvent.objects.filter(kind=K.OVERDUE)
                      .values_list("recommendation_id", flat=True))
    assert overdue_ids == {instruments[0].pk, instruments[1].pk, instruments[2].pk}


def test_a_reminder_missed_on_its_day_goes_out_once_while_it_still_makes_sense(instruments):
    _overdue, due_in_7, _today = instruments
    # The worker was down on the 7-day day; on the 4-day day the 7-day reminder still goes out…
    sweep_deadlines(TODAY + datetime.timedelta(days=3))
    assert (due_in_7.pk, K.REMINDER, 7) in events()
    deliver_all(TODAY + datetime.timedelta(days=3))
    note = Notification.objects.get(event__recommendation=due_in_7, event__kind=K.REMINDER,
                                    recipient__username="procurator")
    assert "将于 4 日后到期" in note.text  # …saying how many days are really left
    # …and never again for the same due date.
    sweep_deadlines(TODAY + datetime.timedelta(days=4))
    assert DeadlineEvent.objects.filter(recommendation=due_in_7, offset_days=7).count() == 1


def test_an_overdue_instrument_is_overdue_without_any_sweep(instruments):
    with time_machine.travel(NOW, tick=False):
        assert instruments[0].is_overdue() and not instruments[1].is_overdue()
    assert not DeadlineEvent.objects.exists()


def test_delivery_notifies_each_recipient_once_even_when_called_twice(instruments):
    sweep_deadlines(TODAY)
    ids = pending_event_ids()
    with time_machine.travel(NOW, tick=False):
        assert [deliver_event(pk) for pk in ids] == [True] * len(ids)
        assert [deliver_event(pk) for pk in ids] == [False] * len(ids)
    by_kind = {(e.kind, e.offset_days): recipients(e) for e in DeadlineEvent.objects.filter(
        recommendation=instruments[0])}
    assert by_kind == {
        (K.OVERDUE, 1): ["approver", "court_liaison", "procurator"],
        (K.ESCALATION, 1): ["procurator"],
        (K.ESCALATION, 2): ["approver", "procurator"],
    }
    assert Notification.objects.filter(event__isnull=False).count() == 3 + 1 + 2 + 2 + 2
    assert not pending_event_ids()


def test_the_three_escalation_steps_fire_once_each_at_their_ages(world):
    with time_machine.travel(NOW, tick=False):
        rec = world.served(datetime.date(2026, 8, 3))  # due 2026-10-08
    due = rec.due_date
    seen = []
    for age in (14, 15, 16, 29, 30, 59, 60, 61, 90):
        day = due + datetime.timedelta(days=age)
        sweep_deadlines(day)
        deliver_all(day)
        seen.append(sorted(DeadlineEvent.objects.filter(kind=K.ESCALATION)
                           .values_list("offset_days", flat=True)))
    assert seen == [[], [1], [1], [1], [1, 2], [1, 2], [1, 2, 3], [1, 2, 3], [1, 2, 3]]
    steps = {e.offset_days: e for e in DeadlineEvent.objects.filter(kind=K.ESCALATION)}
    assert recipients(steps[1]) == ["procurator"]
    assert recipients(steps[2]) == ["approver", "procurator"]
    # step 3: the supervisors of the higher procuratorate (舟检 above 定检) are told
    assert recipients(steps[3]) == ["approver", "procurator", "supervisor"]
    texts = {n.params.get("age"): n.text for n in Notification.objects.filter(
        event__kind=K.ESCALATION, recipient=world.procurator)}
    assert "建议向该单位发出催告" in texts[15]
    assert "舟山市中级人民法院" in texts[30]  # the court's superior authority
    assert "请上级检察院跟进监督" in texts[60]


def test_escalation_ages_are_configurable(world, settings):
    settings.DEADLINE_ESCALATION_DAYS = [3, 10]
    with time_machine.travel(NOW, tick=False):
        rec = world.served(datetime.date(2026, 8, 3))
    sweep_deadlines(rec.due_date + datetime.timedelta(days=10))
    assert sorted(DeadlineEvent.objects.filter(kind=K.ESCALATION)
                  .values_list("offset_days", flat=True)) == [1, 2]


def test_an_event_that_went_stale_is_marked_delivered_without_a_message(instruments, world):
    overdue = instruments[0]
    sweep_deadlines(TODAY)
    with time_machine.travel(NOW, tick=False):
        services.reply_submit(actor=world.court_liaison, recommendation=overdue, content="已整改")
    before = Notification.objects.count()
    deliver_all()
    assert not DeadlineEvent.objects.filter(delivered_at__isnull=True).exists()
    assert not Notification.objects.filter(event__recommendation=overdue).exists()
    assert Notification.objects.count() - before == 2 + 2  # only the two other instruments


def test_an_extension_gives_the_new_due_date_its_own_reminders(instruments, world):
    due_in_7 = instruments[1]
    sweep_deadlines(TODAY)
    with time_machine.travel(NOW, tick=False):
        extensions.recommendation_extend(actor=world.procurator, recommendation=due_in_7,
                                         days=10, reason="单位申请，需调取档案")
    due_in_7.refresh_from_db()
    assert due_in_7.due_date == datetime.date(2026, 12, 10)
    deliver_all()  # the old reminder is stale now
    assert not Notification.objects.filter(event__recommendation=due_in_7).exists()
    sweep_deadlines(datetime.date(2026, 12, 3))
    assert DeadlineEvent.objects.filter(recommendation=due_in_7, kind=K.REMINDER, offset_days=7,
                                        due_date=datetime.date(2026, 12, 10)).exists()


def test_the_procuratorates_own_deadlines_are_swept_too(world):
    with time_machine.travel(NOW, tick=False):
        rec = world.served(datetime.date(2026, 11, 2))
        services.reply_submit(actor=world.court_liaison, recommendation=rec, content="已整改")
    evaluation = InternalDeadline.objects.get(recommendation=rec,
                                              kind=InternalDeadlineKind.EVALUATION)
    assert evaluation.due_date == datetime.date(2026, 12, 23)  # one month after the reply
    sweep_deadlines(datetime.date(2026, 12, 16))
    sweep_deadlines(datetime.date(2026, 12, 24))
    assert set(evaluation.events.values_list("kind", "offset_days")) == {(K.REMINDER, 7),
                                                                          (K.OVERDUE, 1)}
    deliver_all(datetime.date(2026, 12, 24))
    overdue = evaluation.events.get(kind=K.OVERDUE)
    assert recipients(overdue) == ["approver", "procurator"]  # never the agency
    assert "回复的审查评估" in overdue.notifications.first().text
    # the reply deadline itself has no clock any more
    assert not DeadlineEvent.objects.filter(recommendation=rec, deadline__isnull=True).exists()


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
            with time_machine.travel(NOW, tick=False):
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
    _assert_once(expected_events=4)


#: Run by each of the two processes: wait for the start file, sweep, deliver, print counts.
PROCESS_SCRIPT = textwrap.dedent("""
    import datetime, os, pathlib, sys, time
    import django
    django.setup()
    import time_machine
    from recommendations.services.sweep import deliver_event, pending_event_ids, sweep_deadlines
    go = pathlib.Path(sys.argv[1])
    pathlib.Path(sys.argv[3]).touch()  # ready: Django set up, connection settings read
    while not go.exists():
        time.sleep(0.005)
    now = datetime.datetime.fromisoformat(sys.argv[2])
    with time_machine.travel(now, tick=False):
        found = sweep_deadlines(now.date())
        delivered = sum(deliver_event(pk) for pk in pending_event_ids())
    print(found, delivered)
""")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_concurrent_sweeps_and_deliveries_from_two_processes_happen_once(world, tmp_path):
    with time_machine.travel(NOW, tick=False):
        for served in (datetime.date(2026, 8, 3), datetime.date(2026, 9, 23),
                       datetime.date(2026, 9, 30), datetime.date(2026, 7, 1)):
            world.served(served)
    go = tmp_path / "go"
    env = {**os.environ, "DATABASE_URL": _database_url(),
           "DJANGO_SETTINGS_MODULE": "config.settings"}
    ready = [tmp_path / f"ready-{i}" for i in range(2)]
    processes = [subprocess.Popen([sys.executable, "-c", PROCESS_SCRIPT, str(go), NOW.isoformat(),
                                   str(flag)], env=env, cwd=settings.BASE_DIR,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for flag in ready]
    deadline = time.monotonic() + 60
    while not all(f.exists() for f in ready) and time.monotonic() < deadline:
        time.sleep(0.01)
    go.touch()  # both are waiting: they sweep and deliver at the same moment
    outputs = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    delivered = [int(out.split()[1]) for out, _err in outputs]
    # 2026-07-01 → due 2026-09-01 (83 days: overdue + 3 steps); 08-03 (overdue + 2 steps);
    # 09-23 due today; 09-30 due in 7 days
    assert sum(delivered) == DeadlineEvent.objects.count() == 4 + 3 + 1 + 1
    _assert_once(expected_events=9)


def _assert_once(*, expected_events: int) -> None:
    assert DeadlineEvent.objects.count() == expected_events
    assert not DeadlineEvent.objects.filter(delivered_at__isnull=True).exists()
    pairs = list(Notification.objects.filter(event__isnull=False).values_list("event", "recipient"))
    assert len(pairs) == len(set(pairs))
    per_event = {e.pk: e.notifications.count() for e in DeadlineEvent.objects.all()}
    assert all(count >= 1 for count in per_event.values()), per_event
