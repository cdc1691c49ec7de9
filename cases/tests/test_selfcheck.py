"""The cases' self-check (``cases/selfcheck.py``): a clue transfer's feedback deadline that no
longer matches its explanation or the legal calendar is found, like an instrument's."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from cases.choices import TransferRecipient
from cases.models import ClueTransfer
from cases.services import clue_transfer_create
from supervision.models import CalendarDay
from supervision.services.selfcheck import run_selfcheck

NOW = datetime.datetime(2026, 11, 23, 2, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def _transfer(world, transferred_on: datetime.date) -> ClueTransfer:
    case = world.register_case(accepted_on=datetime.date(2026, 8, 3))
    return clue_transfer_create(
        actor=world.procurator, case=case, recipient_kind=TransferRecipient.SUPERVISORY_COMMISSION,
        recipient="舟山市定海区监察委员会", clue="线索", transferred_on=transferred_on)


def _found(code: str) -> list[str]:
    return {f["code"]: f["sample"] for f in run_selfcheck().findings}.get(code, [])


def test_a_transfer_due_date_edited_behind_the_services_back_is_found(world):
    ok = _transfer(world, datetime.date(2026, 10, 15))
    wrong = _transfer(world, datetime.date(2026, 10, 16))
    ClueTransfer.objects.filter(pk=wrong.pk).update(due_date=wrong.due_date + datetime.timedelta(days=1))
    assert _found("transfer_due_inconsistent") == [str(wrong.pk)]
    assert str(ok.pk) not in _found("transfer_due_inconsistent")


def test_a_transfer_with_feedback_is_not_checked_and_a_calendar_change_is_caught(world):
    answered = _transfer(world, datetime.date(2026, 10, 15))
    ClueTransfer.objects.filter(pk=answered.pk).update(
        due_date=answered.due_date + datetime.timedelta(days=3), replied_on=datetime.date(2026, 11, 1),
        reply_summary="已立案审查")
    open_one = _transfer(world, datetime.date(2026, 10, 31))  # two months: due 2026-12-31
    assert open_one.due_date == datetime.date(2026, 12, 31)
    assert _found("transfer_due_inconsistent") == []
    CalendarDay.objects.create(date=datetime.date(2026, 12, 31), is_workday=False, name="元旦")
    assert _found("transfer_due_inconsistent") == [str(open_one.pk)]
