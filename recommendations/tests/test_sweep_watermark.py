"""The sweep's cost follows what is newly due: after a sweep, the next one looks only at the
rows whose thresholds the days crossed since and at the rows written since (the watermark), and
an idle sweep is a fixed handful of index lookups whatever the backlog."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from cases.models import ClueTransfer
from recommendations.choices import DeadlineEventKind as K
from recommendations.choices import InstrumentStatus
from recommendations.models import DeadlineEvent, InternalDeadline, Recommendation, SweepWatermark
from recommendations.services.sweep import sweep_deadlines, swept_events, watched_models

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
TODAY = NOW.date()


def _at(day: datetime.date, hour: int = 9):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(hour), NOW.tzinfo),
                               tick=False)


def _events(rec: Recommendation) -> set[tuple[str, int]]:
    return set(rec.deadline_events.filter(deadline__isnull=True)
               .values_list("kind", "offset_days"))


def _sweep(day: datetime.date, hour: int = 9) -> tuple[int, int]:
    """(events inserted, queries run) of one sweep on ``day`` at ``hour``."""
    with _at(day, hour), CaptureQueriesContext(connection) as ctx:
        found = sweep_deadlines(day)
    statements = [q for q in ctx.captured_queries  # the test's own savepoints left out
                  if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]
    return found, len(statements)


def _settle() -> None:
    """As if every deadline row was written long ago (outside the sweep's overlap)."""
    long_ago = datetime.datetime(2026, 1, 1, tzinfo=NOW.tzinfo)
    for model in (Recommendation, InternalDeadline, ClueTransfer):
        model.objects.update(clock_changed_at=long_ago)


@pytest.fixture
def backlog(world):
    """Instruments served on three dates: due 2026-10-08 (overdue), 2026-11-30, 2026-11-23."""
    with _at(TODAY):
        return [world.served(datetime.date(2026, 8, 3)), world.served(datetime.date(2026, 9, 30)),
                world.served(datetime.date(2026, 9, 23))]


def test_an_idle_sweep_is_a_fixed_handful_of_queries_whatever_the_backlog(world, backlog):
    found, _ = _sweep(TODAY)  # the first sweep: everything, no watermark yet
    assert found == 5 and SweepWatermark.objects.get().swept_on == TODAY
    _settle()
    # later the same day, nothing written since: the watermark, one empty range per model
    # (rows written since), the watermark again — no query per event, none per row
    idle = _sweep(TODAY)
    assert idle == (0, 2 + len(watched_models()))  # 6 with four deadline models
    with _at(TODAY):
        for _ in range(6):
            world.served(datetime.date(2026, 8, 3))
    _settle()
    assert _sweep(TODAY) == (0, 2 + len(watched_models()))  # nine rows now, the same queries: not written since


def test_the_days_crossing_a_threshold_are_found_by_the_due_date_range(world, backlog):
    overdue, due_in_7, due_today = backlog
    _sweep(TODAY)
    _settle()
    found, _ = _sweep(TODAY + datetime.timedelta(days=1))
    # due_today is now overdue; due_in_7 (2026-11-30) is 6 days away: still the 7-day window
    assert _events(due_today) == {(K.REMINDER, 0), (K.OVERDUE, 1)}
    assert found == 1
    _sweep(datetime.date(2026, 11, 29))  # a week later, in one step (a worker stopped)
    assert _events(due_in_7) == {(K.REMINDER, 7), (K.REMINDER, 1)}
    _sweep(datetime.date(2026, 12, 8))  # 15 days after 2026-11-23: the first escalation
    assert (K.ESCALATION, 1) in _events(due_today)
    assert (K.ESCALATION, 3) in _events(overdue)  # 2026-10-08 + 60 days = 2026-12-07


def test_a_row_written_since_the_previous_sweep_is_looked_at_again(world, backlog):
    _sweep(TODAY)
    _settle()
    with _at(TODAY, 15):  # served this afternoon, due in seven days (rule of 2026-09-30)
        late = world.served(datetime.date(2026, 9, 30))
    assert _events(late) == set()
    found, queries = _sweep(TODAY, 16)
    assert _events(late) == {(K.REMINDER, 7)} and found == 1
    # one INSERT … SELECT per event of the models written since; none of the others
    assert queries == 2 + len(watched_models()) + len([e for e in swept_events()
                                            if Recommendation in e.models])


def test_a_due_date_moved_by_the_calendar_recompute_is_found_the_same_day(world, backlog):
    _, due_in_7, _ = backlog
    _sweep(TODAY)
    # what the recompute does (supervision.services.calendar_change._save_updates)
    due_in_7.due_date = TODAY + datetime.timedelta(days=1)
    due_in_7.clock_changed_at = NOW
    Recommendation.objects.bulk_update([due_in_7], ["due_date", "clock_changed_at"])
    _sweep(TODAY)
    assert (K.REMINDER, 1) in _events(due_in_7)


def test_without_the_written_mark_a_same_day_change_is_not_looked_at_but_a_full_sweep_is(
        world, backlog):
    """What the watermark saves, shown: a row changed behind the services' back (no
    ``clock_changed_at``) is outside the incremental sweep's two looks; the full sweep — no
    watermark, other settings, an earlier day — finds it."""
    _, due_in_7, _ = backlog
    _sweep(TODAY)
    _settle()
    Recommendation.objects.filter(pk=due_in_7.pk).update(due_date=TODAY)
    _sweep(TODAY)
    assert (K.REMINDER, 0) not in _events(due_in_7)
    with override_settings(DEADLINE_REMINDER_DAYS=[7, 3, 1, 0]):
        _sweep(TODAY)  # other windows: everything again
    assert (K.REMINDER, 0) in _events(due_in_7)
    assert SweepWatermark.objects.get().windows.startswith("r0,1,3,7")


def test_a_sweep_for_an_earlier_day_looks_at_everything_and_keeps_the_watermark(world, backlog):
    _sweep(TODAY)
    DeadlineEvent.objects.all().delete()
    _sweep(TODAY - datetime.timedelta(days=1))  # a replay, e.g. after restoring a backup
    assert DeadlineEvent.objects.exists()
    assert SweepWatermark.objects.get().swept_on == TODAY


def test_a_row_that_stopped_running_gets_nothing(world, backlog):
    overdue, *_ = backlog
    _sweep(TODAY)
    Recommendation.objects.filter(pk=overdue.pk).update(status=InstrumentStatus.REPLIED)
    before = _events(overdue)
    _sweep(datetime.date(2026, 12, 8))
    assert _events(overdue) == before
