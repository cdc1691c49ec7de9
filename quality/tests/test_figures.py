"""The period figures (``quality.selectors.period_figures``): graded reviews by grade, the rate
of 优质/合格, the most frequent problems, per handler for the leadership, in the viewer's scope."""

from __future__ import annotations

import datetime

import pytest

from cases.services import case_transition
from quality import services
from quality.selectors import period_figures

from .conftest import TODAY, all_conforming, graded, start

pytestmark = pytest.mark.django_db

YEAR = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


@pytest.fixture
def reviews(world, finished_case, reviewer, chief, clock):
    """In 定检: 陈立's case graded 合格 (a flaw), the approver's case graded 不合格 (a key
    item failed, a flaw on the same item as the first), a third under way."""
    graded(world, finished_case, reviewer)
    own = world.register_case(actor=world.approver, accepted_on=datetime.date(2026, 9, 1))
    own = case_transition(actor=world.approver, case=own, action="terminate",
                          decided_on=TODAY, reason="终结")
    failing = start(world, own, reviewer, actor=chief)
    services.review_record(actor=reviewer, review=failing, results=all_conforming(
        failing, facts_evidence=("nonconforming", "证据不足。"),
        document_wording=("flaw", "错别字。")))
    services.review_grade(actor=reviewer, review=failing, grade="fail", opinion="不合格")
    third = world.register_case(accepted_on=datetime.date(2026, 9, 1))
    third = case_transition(actor=world.procurator, case=third, action="terminate",
                            decided_on=TODAY, reason="终结")
    start(world, third, reviewer)


def test_the_figures_of_the_year(world, reviews, chief, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        figures = period_figures(chief, *YEAR)
    assert figures["graded"] == 2 and figures["started"] == 3 and figures["under_way"] == 1
    assert figures["by_grade"] == {"excellent": 0, "pass": 1, "flawed": 0, "fail": 1}
    assert figures["good_rate"] == 50.0
    top = figures["top_problems"]
    assert top[0] == {"item": "文字表述准确，无错别字和语病", "total": 2, "flaws": 2, "failures": 0}
    assert top[1]["failures"] == 1 and len(top) == 2
    handlers = {row["handler"]: row for row in figures["per_handler"]}
    assert handlers["陈立"]["by_grade"]["pass"] == 1 and handlers["陈立"]["good_rate"] == 100.0
    assert handlers["王建国"]["by_grade"]["fail"] == 1 and handlers["王建国"]["good_rate"] == 0.0


def test_per_handler_is_for_the_leadership_only(world, reviews):
    assert period_figures(world.supervisor, *YEAR)["per_handler"] is not None
    for persona in ("procurator", "observer"):
        figures = period_figures(getattr(world, persona), *YEAR)
        assert figures["graded"] == 2 and figures["per_handler"] is None


def test_the_scope_and_the_period_limit_the_figures(world, reviews):
    assert period_figures(world.pt_procurator, *YEAR)["graded"] == 0
    assert period_figures(world.court_liaison, *YEAR) == {
        "graded": 0, "by_grade": {"excellent": 0, "pass": 0, "flawed": 0, "fail": 0},
        "good_rate": None, "started": 0, "under_way": 0, "top_problems": [],
        "per_handler": None, "grades": period_figures(world.court_liaison, *YEAR)["grades"]}
    earlier = period_figures(world.supervisor, datetime.date(2026, 1, 1),
                             TODAY - datetime.timedelta(days=1))
    assert earlier["graded"] == 0 and earlier["good_rate"] is None
