"""Every case status change, allowed and refused, in one table; and the guards around it."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from cases.choices import FINISHED_STATUSES, CaseStatus
from cases.models import SupervisionCase
from cases.services import case_transition
from cases.transitions import (
    DECIDER,
    TRANSITIONS,
    TransitionNotAllowed,
    allowed_actions,
    check_transition,
)
from supervision.statemachine import SYSTEM

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))

EXPECTED = {  # (action, from) -> to, for every allowed pair; every other pair is refused
    ("review", CaseStatus.ACCEPTED): CaseStatus.REVIEWING,
    ("supervise", CaseStatus.ACCEPTED): CaseStatus.SUPERVISING,
    ("supervise", CaseStatus.REVIEWING): CaseStatus.SUPERVISING,
    ("not_support", CaseStatus.REVIEWING): CaseStatus.NOT_SUPPORTED,
    ("terminate", CaseStatus.ACCEPTED): CaseStatus.TERMINATED,
    ("terminate", CaseStatus.REVIEWING): CaseStatus.TERMINATED,
    ("close", CaseStatus.SUPERVISING): CaseStatus.CLOSED,
}
PAIRS = [(action, state) for action in TRANSITIONS for state in CaseStatus.values]


def test_the_table_is_exactly_the_expected_one():
    assert all(len(t.targets) == 1 for t in TRANSITIONS.values())
    table = {(a, s): target for a, t in TRANSITIONS.items() for s in t.sources
             for target in t.targets}
    assert table == EXPECTED


def test_every_action_is_the_deciders_and_only_supervising_is_the_systems_too():
    assert {a: set(t.actors) for a, t in TRANSITIONS.items()} == {
        "review": {DECIDER}, "supervise": {DECIDER, SYSTEM}, "not_support": {DECIDER},
        "terminate": {DECIDER}, "close": {DECIDER}}
    for state in CaseStatus.values:
        system = TRANSITIONS.allowed(state, {SYSTEM})
        assert system == (["supervise"] if ("supervise", state) in EXPECTED else [])
        if system:
            assert TRANSITIONS.enforce_system("supervise", state) == CaseStatus.SUPERVISING
        else:
            with pytest.raises(TransitionNotAllowed):
                TRANSITIONS.enforce_system("supervise", state)
    with pytest.raises(PermissionDenied):
        TRANSITIONS.enforce_system("close", CaseStatus.SUPERVISING)


def test_an_unknown_action_is_refused_in_words():
    with pytest.raises(TransitionNotAllowed, match="未知的案件操作"):
        check_transition("reopen", CaseStatus.CLOSED)


@pytest.mark.parametrize(("action", "state"), PAIRS)
def test_check_transition_allows_or_refuses_each_pair(action, state):
    if (action, state) in EXPECTED:
        assert check_transition(action, state) == EXPECTED[action, state]
        assert action in allowed_actions(state)
    else:
        with pytest.raises(TransitionNotAllowed):
            check_transition(action, state)
        assert action not in allowed_actions(state)


def _case_in(world, state: str) -> SupervisionCase:
    case = world.register_case(accepted_on=datetime.date(2026, 11, 2))
    closed = datetime.date(2026, 11, 10) if state in FINISHED_STATUSES else None
    SupervisionCase.objects.filter(pk=case.pk).update(status=state, closed_on=closed)
    case.refresh_from_db()
    return case


@pytest.mark.parametrize(("action", "state"), PAIRS)
def test_the_service_applies_each_allowed_pair_and_refuses_the_rest(world, action, state):
    with time_machine.travel(NOW, tick=False):
        case = _case_in(world, state)
        kwargs = {"reason": "经审查作出决定", "decided_on": datetime.date(2026, 11, 20)}
        if (action, state) in EXPECTED:
            case = case_transition(actor=world.procurator, case=case, action=action, **kwargs)
            assert case.status == EXPECTED[action, state]
            assert (case.closed_on is not None) == (case.status in FINISHED_STATUSES)
        else:
            with pytest.raises(TransitionNotAllowed):
                case_transition(actor=world.procurator, case=case, action=action, **kwargs)
            case.refresh_from_db()
            assert case.status == state


def test_finishing_needs_a_reason_and_a_date_within_the_case(world):
    with time_machine.travel(NOW, tick=False):
        case = _case_in(world, CaseStatus.REVIEWING)
        with pytest.raises(ValidationError, match="意见"):
            case_transition(actor=world.procurator, case=case, action="not_support")
        with pytest.raises(ValidationError, match="早于受理日期"):
            case_transition(actor=world.procurator, case=case, action="not_support", reason="x",
                            decided_on=datetime.date(2026, 10, 1))
        with pytest.raises(ValidationError, match="晚于今天"):
            case_transition(actor=world.procurator, case=case, action="not_support", reason="x",
                            decided_on=datetime.date(2026, 12, 1))


@pytest.mark.parametrize("persona", ["assistant", "pt_procurator", "supervisor", "court_liaison"])
def test_only_the_handler_and_the_approvers_decide(world, persona):
    case = world.register_case(assistant=world.assistant)
    with pytest.raises(PermissionDenied):
        case_transition(actor=getattr(world, persona), case=case, action="review")
    assert case_transition(actor=world.approver, case=case, action="review").status == CaseStatus.REVIEWING


def test_the_case_page_offers_the_allowed_actions_and_applies_them(world, client):
    case = world.register_case()
    client.force_login(world.procurator)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "开始审查" in page and "结案" not in page.split("case-actions")[1].split("</div>")[0]
    response = client.post(f"/cases/{case.pk}/status/review/")
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.REVIEWING
    client.post(f"/cases/{case.pk}/status/close/", {"reason": "x"}, follow=True)
    case.refresh_from_db()
    assert case.status == CaseStatus.REVIEWING  # refused with a message, nothing changed
