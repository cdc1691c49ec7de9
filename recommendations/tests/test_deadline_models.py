"""Every model with a legal deadline is a ``Deadline``: the calendar recompute and the sweep
handle them all — clue transfers too — and "running" / "overdue" mean the same on a loaded
row as in SQL."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.choices import TransferRecipient
from cases.models import ClueTransfer
from cases.services.transfers import clue_transfer_create, clue_transfer_record_reply
from congress.models import CongressReport, ReportKind, ReportStatus
from congress.services.opinions import opinion_record, opinion_record_reply
from recommendations.choices import DeadlineEventKind as K
from recommendations.choices import InternalDeadlineKind
from recommendations.models import DeadlineEvent
from recommendations.services import sweep
from recommendations.services.internal_deadlines import (
    internal_deadline_close,
    internal_deadline_open,
)
from recommendations.tests.test_calendar_change import NOTICE_2027
from supervision.models import Notification
from supervision.models.deadline import Deadline, deadline_models
from supervision.services.calendar_change import (
    CalendarChange,
    calendar_change_apply,
    parse_days,
    preview_calendar_change,
)
from tests.deadline_samples import deadline_samples

TZ = datetime.timezone(datetime.timedelta(hours=8))
D = datetime.date
ORGAN = "舟山市定海区监察委员会"


def at(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9), TZ), tick=False)


def change_2027() -> CalendarChange:
    return CalendarChange(year=2027, days=parse_days(NOTICE_2027, 2027), published=True,
                          source="国办发明电〔2026〕（测试）")


def transfer(world, case, on: datetime.date, **kwargs) -> ClueTransfer:
    with at(on):
        return clue_transfer_create(
            actor=world.procurator, case=case, transferred_on=on,
            recipient_kind=TransferRecipient.SUPERVISORY_COMMISSION,
            recipient=kwargs.pop("recipient", ORGAN), clue="某科长涉嫌玩忽职守。", **kwargs)


def sweep_twice(day: datetime.date) -> None:
    sweep.sweep_deadlines(day)
    assert sweep.sweep_deadlines(day) == 0  # the second run finds nothing new
    with at(day):
        for pk in sweep.pending_event_ids():
            sweep.deliver_event(pk)


@pytest.fixture
def case(world):
    with at(D(2026, 12, 1)):
        return world.register_case(assistant=world.assistant)


def test_a_holiday_notice_moves_a_clue_transfer_and_the_sweep_then_reminds_once(world, case):
    # Two months from 8 December 2026: raw end Monday 8 February 2027, in the Spring Festival
    # the statutory holidays give (2027 unpublished): due the 9th, provisional.
    moved = transfer(world, case, D(2026, 12, 8), letter_number="定检移〔2026〕3号")
    answered = transfer(world, case, D(2026, 12, 8), recipient="舟山市定海区纪委")
    assert (moved.due_date, moved.due_provisional) == (D(2027, 2, 9), True)

    with at(D(2026, 12, 10)):
        clue_transfer_record_reply(actor=world.procurator, transfer=answered,
                                   replied_on=D(2026, 12, 10), summary="已立案审查。")
        preview = preview_calendar_change(change_2027())
        [move] = [m for m in preview.moves if m.model == "cases.cluetransfer"]
        assert (move.pk, move.number, move.party, move.kind) == (
            moved.pk, "定检移〔2026〕3号", ORGAN, "transfer")
        assert (move.old_due, move.new_due, move.old_provisional, move.new_provisional) == (
            D(2027, 2, 9), D(2027, 2, 14), True, False)
        calendar_change_apply(actor=world.sysadmin, change=change_2027(),
                              expected_fingerprint=preview.fingerprint)

    moved.refresh_from_db()
    answered.refresh_from_db()
    # 8–12 February off, Saturday 13th, and Sunday 14th a working day: due that Sunday, final
    assert (moved.due_date, moved.due_provisional) == (D(2027, 2, 14), False)
    assert "暂定" not in moved.due_explanation_text()
    assert answered.due_date == D(2027, 2, 9)  # feedback recorded: its clock stopped
    told = Notification.objects.get(code="calendar.moved.transfer")
    assert told.recipient == world.procurator  # the handler, who also transferred it
    assert told.link == case.get_absolute_url()
    assert ORGAN in told.text and "2027年2月14日" in told.text

    for day in (D(2027, 2, 7), D(2027, 2, 10), D(2027, 2, 13), D(2027, 2, 14), D(2027, 2, 15),
                D(2027, 3, 20)):
        sweep_twice(day)

    events = DeadlineEvent.objects.filter(transfer__isnull=False)
    assert sorted(events.values_list("transfer_id", "kind", "offset_days")) == sorted([
        (moved.pk, K.REMINDER, 7), (moved.pk, K.REMINDER, 1), (moved.pk, K.REMINDER, 0),
        (moved.pk, K.OVERDUE, 1)])  # no escalation for a transfer; nothing for the answered
    assert not events.filter(recommendation__isnull=False).exists()
    notes = Notification.objects.filter(event__transfer=moved)
    by_code = {}
    for note in notes:
        by_code.setdefault(note.code, set()).add(note.recipient.username)
    assert by_code == {"transfer.reminder": {"procurator", "assistant"},
                       "transfer.due_today": {"procurator", "assistant"},
                       "transfer.overdue": {"procurator", "assistant", "approver"}}
    assert notes.count() == 2 + 2 + 2 + 3  # each once
    for note in notes:
        assert ORGAN in note.text and "2027年2月14日" in note.text
        # Staff open the transfer's page (its feedback, its files; the case a click away).
        assert "default" not in note.text and note.link == moved.get_absolute_url()
    assert "将于 7 日后届满" in notes.get(event__offset_days=7, recipient=world.procurator).text


def test_stale_transfer_events_deliver_nothing(world, case):
    answered = transfer(world, case, D(2026, 12, 1))  # due 2027-02-01 (provisional)
    sweep.sweep_deadlines(answered.due_date - datetime.timedelta(days=3))
    event = DeadlineEvent.objects.get(transfer=answered)
    with at(D(2027, 1, 29)):
        clue_transfer_record_reply(actor=world.procurator, transfer=answered,
                                   replied_on=D(2027, 1, 29), summary="已立案审查。")
        assert sweep.deliver_event(event.pk)
    assert not Notification.objects.filter(event=event).exists()


#: Models with a ``due_date`` column that is not a deadline of their own.
NOT_DEADLINES = {
    DeadlineEvent: "the due date an outbox event was written for (stale once it moves)",
}


def test_every_model_with_a_due_date_is_a_deadline_the_recompute_and_the_sweep_cover(world):
    dated = [m for m in apps.get_models() if m not in NOT_DEADLINES
             and any(getattr(f, "concrete", False) and f.name == "due_date"
                     for f in m._meta.get_fields())]
    assert len(dated) >= 3, dated  # instruments, internal deadlines, clue transfers at least
    models = deadline_models()
    with CaptureQueriesContext(connection) as queries:
        preview_calendar_change(change_2027())
    read = " ".join(q["sql"] for q in queries.captured_queries)
    for model in dated:
        assert issubclass(model, Deadline), f"{model.__name__} stores a due_date outside Deadline"
        assert model in models
        assert model.deadline_preview_label is not Deadline.deadline_preview_label, model
        assert (model.deadline_moved_notices.__func__
                is not Deadline.deadline_moved_notices.__func__), model
        assert f'"{model._meta.db_table}"' in read, f"the recompute does not read {model}"
        assert model in sweep.watched_models(), f"the sweep does not watch {model.__name__}"


def test_running_and_overdue_mean_the_same_on_a_row_and_in_sql(world, case):
    with at(D(2026, 11, 23)):
        draft = world.draft()                        # no due date, clock not running
        overdue = world.served(D(2026, 8, 3))        # due 2026-10-08
        running = world.served(D(2026, 10, 15))      # due 2026-12-15
        open_deadline = internal_deadline_open(actor=None, recommendation=running,
                                               kind=InternalDeadlineKind.VERIFICATION,
                                               start=D(2026, 11, 1))
        internal_deadline_open(actor=None, recommendation=overdue,
                               kind=InternalDeadlineKind.VERIFICATION, start=D(2026, 8, 1))
        internal_deadline_close(actor=None, recommendation=overdue,
                                kind=InternalDeadlineKind.VERIFICATION)
    waiting = transfer(world, case, D(2026, 12, 1))
    answered = transfer(world, case, D(2026, 12, 1))
    with at(D(2026, 12, 2)):
        clue_transfer_record_reply(actor=world.procurator, transfer=answered,
                                   replied_on=D(2026, 12, 2), summary="已处理。")
    report = CongressReport.objects.create(
        procuratorate=world.dinghai, kind=ReportKind.ANNUAL, title="2025年度法律监督工作报告",
        period_start=D(2025, 1, 1), period_end=D(2025, 12, 31), status=ReportStatus.RELEASED,
        author=world.procurator, released_on=D(2026, 3, 1))
    with at(D(2026, 11, 20)):
        opinions = [opinion_record(actor=world.procurator, report=report, content="意见。",
                                   received_on=D(2026, 11, 20), responsible=world.procurator)
                    for _ in range(2)]
        opinion_record_reply(actor=world.procurator, opinion=opinions[1],
                             replied_on=D(2026, 11, 20), summary="已落实。")
    # Returns for supplementary investigation (cases.SupplementaryReturn): one resubmitted,
    # the second still running.
    from cases.services.liaison import (
        supplementary_return_record,
        supplementary_return_resubmitted,
    )

    with at(D(2026, 12, 2)):
        first = supplementary_return_record(actor=world.procurator, case=case, organ=ORGAN,
                                            returned_on=D(2026, 12, 2), reasons="证据不足。",
                                            items="补充调取账目。")
        supplementary_return_resubmitted(actor=world.procurator, supplementary_return=first,
                                         resubmitted_on=D(2026, 12, 2))
        supplementary_return_record(actor=world.procurator, case=case, organ=ORGAN,
                                    returned_on=D(2026, 12, 2), reasons="仍有疑点。",
                                    items="补充询问证人。")
    assert draft.due_date is None and open_deadline.closed_at is None and waiting.replied_on is None
    for make in deadline_samples():  # the higher layers' deadline models (tests/deadline_samples)
        make(world)
    for today in (D(2026, 11, 23), D(2026, 12, 16), D(2027, 3, 1)):
        for model in deadline_models():  # every one, the higher layers' from their samples
            rows = list(model.objects.all())
            assert {r.is_running() for r in rows} == {True, False}, model  # both kinds of row
            running_pks = set(model.objects.running().values_list("pk", flat=True))
            overdue_pks = set(model.objects.overdue(today).values_list("pk", flat=True))
            soon_pks = set(model.objects.due_within(7, today).values_list("pk", flat=True))
            for row in rows:
                assert row.is_running() == (row.pk in running_pks), (model, row.pk)
                assert row.is_overdue(today) == (row.pk in overdue_pks), (model, row.pk, today)
                due_soon = row.is_running() and 0 <= row.days_left(today) <= 7
                assert due_soon == (row.pk in soon_pks), (model, row.pk, today)


def test_the_administrators_preview_shows_a_clue_transfer_sensibly(world, case):
    moved = transfer(world, case, D(2026, 12, 8))  # no letter number: the case's number
    client = Client()
    with at(D(2026, 12, 10)):
        client.force_login(world.sysadmin)
        response = client.post(reverse("ops-calendar"), {
            "year": "2027", "days": NOTICE_2027, "published": "on", "source": "测试",
            "preview": "1"})
    assert response.status_code == 200, response
    page = response.content.decode()
    assert page.count('data-testid="move-row"') == 1
    assert case.number in page and ORGAN in page and "线索移送反馈" in page
    assert "2027-02-14" in page and moved.due_date.isoformat() in page
