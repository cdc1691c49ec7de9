"""The case quality review figures on the statistics page (``reporting.statistics.
quality_figures`` over ``quality.selectors.period_figures``): in the viewer's statistics
scope, narrowed to the procuratorate chosen; per handler for the leadership only."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from cases.services import case_transition
from quality import services as quality
from quality.services.reviews import applicable_items
from reporting import statistics as S
from supervision.choices import Role
from supervision.models import User

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
PERIOD = "?from=2026-01-01&to=2026-11-23"


@pytest.fixture
def graded_review(world):
    """陈立's terminated case of 定检, reviewed by another procurator of 定检 and graded 合格
    with one flaw."""
    with time_machine.travel(NOW, tick=False):
        reviewer = User.objects.create_user(username="dh_reviewer", password="x" * 12,
                                            role=Role.PROCURATOR, procuratorate=world.dinghai)
        case = world.register_case(accepted_on=datetime.date(2026, 9, 1))
        case = case_transition(actor=world.procurator, case=case, action="terminate",
                               decided_on=datetime.date(2026, 11, 2), reason="终结审查")
        review = quality.review_start(actor=world.approver, kind="routine", reviewers=[reviewer],
                                      case=case)
        results = {item.pk: ("flaw", "错别字") if item.code == "document_wording"
                   else ("conforms", "") for item in applicable_items(review)}
        quality.review_record(actor=reviewer, review=review, results=results)
        return quality.review_grade(actor=reviewer, review=review, grade="pass", opinion="合格")


def _page(user, query: str = PERIOD) -> str:
    client = Client()
    client.force_login(user)
    with time_machine.travel(NOW, tick=False):
        return client.get(reverse("reporting:statistics") + query).content.decode()


def test_the_statistics_page_shows_the_quality_figures(world, graded_review):
    html = _page(world.approver)
    assert 'data-testid="stats-quality"' in html
    assert 'data-testid="quality-graded">1<' in html
    assert 'data-testid="quality-grade-pass">1<' in html
    assert 'data-testid="quality-good-rate">100.0%<' in html
    assert "文字表述准确，无错别字和语病" in html
    assert 'data-testid="quality-handler-row"' in html and "陈立" in html


def test_the_observer_reads_the_totals_but_no_procurator_by_name(world, graded_review):
    html = _page(world.observer)
    assert 'data-testid="quality-graded">1<' in html
    assert 'data-testid="quality-per-handler"' not in html


def test_the_figures_follow_the_chosen_procuratorate(world, graded_review):
    with time_machine.travel(NOW, tick=False):
        start, end = datetime.date(2026, 1, 1), datetime.date(2026, 11, 23)
        assert S.quality_figures(world.supervisor, start, end)["graded"] == 1
        assert S.quality_figures(world.supervisor, start, end,
                                 procuratorate=world.putuo)["graded"] == 0
        assert S.quality_figures(world.pt_procurator, start, end)["graded"] == 0
        with pytest.raises(PermissionError):
            S.quality_figures(world.court_liaison, start, end)
    html = _page(world.supervisor, PERIOD + f"&procuratorate={world.putuo.pk}")
    assert 'data-testid="quality-graded">0<' in html
