"""The instruments' part in a case's life, through the hooks ``recommendations.case_hooks``
registers with ``cases.hooks``: a case is not finished while an instrument is open; the
timeline shows the instruments' steps and the sweep's deadline events; the next action looks
at the instruments first; the case list's filter finds a case with an overdue reply."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from cases.choices import CaseStatus, TransferRecipient
from cases.selectors import case_timeline, next_action
from cases.services import case_transition, clue_transfer_create
from recommendations import services
from recommendations.services.sweep import sweep_deadlines

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
ACCEPTED = datetime.date(2026, 8, 3)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def _instruments(case) -> list:
    """The case's instruments as the case page loads them."""
    return list(case.recommendations.select_related("instrument_type", "agency").order_by("pk"))


def _transfer(world, case, transferred_on: datetime.date):
    return clue_transfer_create(
        actor=world.procurator, case=case, recipient_kind=TransferRecipient.SUPERVISORY_COMMISSION,
        recipient="舟山市定海区监察委员会", clue="线索", transferred_on=transferred_on)


def test_a_case_cannot_be_closed_while_an_instrument_awaits_a_reply(world):
    """Moved from ``cases/tests/test_transitions.py``: the guard is the instruments'."""
    rec = world.served(datetime.date(2026, 11, 2))
    case = rec.case
    case.refresh_from_db()
    assert case.status == CaseStatus.SUPERVISING
    with pytest.raises(ValidationError, match="未办结的监督文书"):
        case_transition(actor=world.procurator, case=case, action="close", reason="已整改")
    services.reply_submit(actor=world.court_liaison, recommendation=rec, content="已整改")
    case = case_transition(actor=world.procurator, case=case, action="close", reason="已整改")
    assert case.status == CaseStatus.CLOSED and case.closed_on == NOW.date()


def test_the_timeline_shows_the_instruments_steps_and_the_deadline_events(world):
    rec = world.served(datetime.date(2026, 9, 1))  # due 2026-11-02: overdue
    sweep_deadlines(NOW.date())
    items = [(str(item["what"]), item["detail"], item["action"])
             for item in case_timeline(rec.case)]
    assert items[0] == ("登记案件", rec.case.number, "case_register")
    mine = [item for item in items
            if item[2].startswith(("recommendation_", "deadline_"))]
    assert mine[:6] == [
        ("拟制文书", "", "recommendation_draft"),
        ("提请审批", "", "recommendation_submit"),
        ("审批同意", "", "recommendation_approve"),
        ("签发文书", rec.number, "recommendation_issue"),
        ("登记送达", "回复期限 2026-11-02", "recommendation_serve"),
        ("回复逾期", rec.number, "deadline_overdue"),
    ]
    assert {item[0] for item in mine[6:]} <= {"升级督办"}


def test_the_timeline_names_a_clue_transfers_overdue_feedback(world):
    case = world.register_case(accepted_on=ACCEPTED)
    _transfer(world, case, datetime.date(2026, 9, 1))  # feedback due 2026-11-02: overdue
    sweep_deadlines(NOW.date())
    items = [(str(item["what"]), item["detail"], item["action"]) for item in case_timeline(case)]
    assert ("移送线索逾期未反馈", "舟山市定海区监察委员会", "deadline_overdue") in items
    assert not [item for item in items if item[0] == "回复逾期"]


def test_the_next_action_looks_at_the_instruments_first(world):
    case = world.register_case(accepted_on=ACCEPTED)
    draft = world.draft(case)
    assert next_action(case, _instruments(case), [], []).text == (
        f"完善草稿“{draft.title}”并提请审批")
    late_transfer = _transfer(world, case, datetime.date(2026, 9, 1))
    action = next_action(case, _instruments(case), [late_transfer], [])
    assert action.overdue and action.due_date == late_transfer.due_date
    assert "逾期未反馈移送线索的办理结果" in action.text
    rec = world.served(datetime.date(2026, 9, 1), case=case)
    action = next_action(case, _instruments(case), [late_transfer], [])
    assert action.text.startswith(f"{rec.number} 已逾期未回复")
    assert (action.due_date, action.overdue, action.link) == (
        rec.due_date, True, rec.get_absolute_url())


def test_the_nearest_running_deadline_comes_before_the_procuratorates_own_steps(world):
    case = world.register_case(accepted_on=ACCEPTED)
    rec = world.served(datetime.date(2026, 11, 2), case=case)
    world.draft(case)
    later = _transfer(world, case, datetime.date(2026, 11, 20))
    action = next_action(case, _instruments(case), [later], [])
    assert action.text == f"等待 {world.court.name} 回复 {rec.number}" and not action.overdue
    assert action.due_date == rec.due_date and later.due_date > rec.due_date
    sooner = _transfer(world, case, datetime.date(2026, 10, 1))
    assert sooner.due_date < rec.due_date
    action = next_action(case, _instruments(case), [later, sooner], [])
    assert action.text == "等待 舟山市定海区监察委员会 反馈移送线索的办理结果"
    assert action.due_date == sooner.due_date and action.link == ""


def test_the_case_list_filters_on_an_overdue_reply(world):
    overdue = world.served(datetime.date(2026, 9, 1))
    running = world.served(datetime.date(2026, 11, 2))
    client = Client()
    client.force_login(world.procurator)
    url = reverse("cases:list")
    yes = client.get(url, {"overdue": "true"}).content.decode()
    no = client.get(url, {"overdue": "false"}).content.decode()
    assert overdue.case.number in yes and running.case.number not in yes
    assert running.case.number in no and overdue.case.number not in no
