"""The written reply owed on a people's congress deliberation opinion is swept like every
other deadline: a reminder 7, 1 and 0 days ahead and the overdue notice, each exactly once, to the
responsible procurator (and the chief once overdue); a reply before delivery makes the event
stale. (The opinion services themselves: congress/tests/test_opinions.py.)"""

from __future__ import annotations

import datetime

from congress.services.opinions import opinion_record_reply
from congress.tests.test_opinions import at, record, released_report
from recommendations.models import DeadlineEvent
from recommendations.services import sweep
from supervision.choices import Role
from supervision.models import Notification, User

D = datetime.date


def test_the_sweep_reminds_and_flags_an_opinion_exactly_once(world):
    chief = User.objects.create_user(username="chief", password="x", role=Role.CHIEF,
                                     procuratorate=world.dinghai)
    opinion = record(world, released_report(world), D(2026, 3, 31))  # due 2026-06-01
    for day in (D(2026, 5, 25), D(2026, 5, 25), D(2026, 5, 31), D(2026, 6, 1), D(2026, 6, 2),
                D(2026, 6, 2), D(2026, 6, 20)):
        with at(day):
            sweep.sweep_deadlines(day)
            for pk in sweep.pending_event_ids():
                sweep.deliver_event(pk)
    events = DeadlineEvent.objects.filter(opinion=opinion)
    assert sorted((e.kind, e.offset_days) for e in events) == [
        ("overdue", 1), ("reminder", 0), ("reminder", 1), ("reminder", 7)]
    assert not events.filter(recommendation__isnull=False).exists()  # no escalation to agencies
    told = {(n.code, n.recipient.username) for n in Notification.objects.filter(
        code__startswith="opinion.")}
    assert told == {("opinion.reminder", "procurator"), ("opinion.due_today", "procurator"),
                    ("opinion.overdue", "procurator"), ("opinion.overdue", "chief")}
    overdue = Notification.objects.get(code="opinion.overdue", recipient=chief)
    assert overdue.link.endswith(f"#opinion-{opinion.pk}")


def test_a_reply_before_delivery_makes_the_event_stale(world):
    opinion = record(world, released_report(world), D(2026, 3, 31))
    with at(D(2026, 5, 26)):
        sweep.sweep_deadlines(D(2026, 5, 26))
        opinion_record_reply(actor=world.procurator, opinion=opinion,
                             replied_on=D(2026, 5, 26), summary="已落实。")
        for pk in sweep.pending_event_ids():
            sweep.deliver_event(pk)
    assert DeadlineEvent.objects.filter(opinion=opinion, delivered_at__isnull=False).exists()
    assert not Notification.objects.filter(code__startswith="opinion.").exists()


def test_the_calendar_feed_carries_the_opinion_to_whoever_answers_for_it(world):
    from recommendations.ics_feed import deadlines_ics

    chief = User.objects.create_user(username="chief", password="x", role=Role.CHIEF,
                                     procuratorate=world.dinghai)
    opinion = record(world, released_report(world), D(2026, 3, 31))
    with at(D(2026, 4, 1)):
        assert f"UID:opinion-{opinion.pk}@" in deadlines_ics(world.procurator)  # responsible
        assert f"UID:opinion-{opinion.pk}@" in deadlines_ics(chief)  # answers to the congress
        for other in (world.approver, world.observer, world.court_liaison, world.pt_procurator):
            assert f"opinion-{opinion.pk}" not in deadlines_ics(other)
        opinion_record_reply(actor=world.procurator, opinion=opinion,
                             replied_on=D(2026, 4, 1), summary="已落实。")
        assert f"opinion-{opinion.pk}" not in deadlines_ics(world.procurator)
