"""The agencies' duties in the period statistics and the agency scorecards (issue 19): every
registered ``FlowFigure`` counted — per procuratorate within the viewer's scope through its
``procuratorate`` path (statistics), per agency through its ``agency`` path where
``scorecard`` (scorecards) — in a fixed number of queries, on every page, file and API.
The flows are those of ``tests/duty_flows.py``, registered alone."""

from __future__ import annotations

import datetime
import io
import json

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from agencies.models import Agency
from duties.registry import registered
from reporting import statistics as S
from reporting.permissions import scorecard_rules
from reporting.scorecards import FIGURES, all_figures, scorecard, scorecards
from tests.duty_flows import refusal, transfer

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
TODAY = NOW.date()
YEAR = (datetime.date(2026, 1, 1), datetime.date(2026, 11, 23))
PERIOD = "?start=2026-01-01&end=2026-11-23"
STATS_PERIOD = "?from=2026-01-01&to=2026-11-23"


@pytest.fixture
def travel():
    with time_machine.travel(NOW, tick=False):
        yield


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _rows(world) -> None:
    """定检's cases: three transfers to the court this year (one answered on time, one late),
    one to the police last year, a refusal by the police this year; 普检's case: a transfer to
    the court (an agency 定检 supervises) this year."""
    transfer(world, agency=world.court, transferred_on=datetime.date(2026, 3, 2),
             due_date=datetime.date(2026, 5, 2), replied_on=datetime.date(2026, 4, 1))
    transfer(world, agency=world.court, transferred_on=datetime.date(2026, 3, 2),
             due_date=datetime.date(2026, 5, 2), replied_on=datetime.date(2026, 6, 1))
    transfer(world, agency=world.court, transferred_on=datetime.date(2026, 9, 1),
             due_date=datetime.date(2026, 11, 1))
    transfer(world, agency=world.police, transferred_on=datetime.date(2025, 6, 2),
             due_date=datetime.date(2025, 8, 2))
    refusal(world, agency=world.police, taken_on=datetime.date(2026, 7, 1))
    transfer(world, agency=world.court, actor=world.pt_procurator,
             case=world.register_case(actor=world.pt_procurator, agency=world.pt_court),
             transferred_on=datetime.date(2026, 4, 1), due_date=datetime.date(2026, 6, 1))


# --- Statistics -------------------------------------------------------------------------------

@pytest.mark.parametrize(("persona", "made", "made_before", "on_time", "refused"), [
    ("procurator", 3, 1, 1, 1), ("pt_procurator", 1, 0, 0, 0), ("supervisor", 4, 1, 1, 1),
    ("observer", 3, 1, 1, 1)])
def test_statistics_count_each_flow_figure_within_the_scope(
        world, duty_flows, travel, persona, made, made_before, on_time, refused):
    _rows(world)
    stats = S.statistics(getattr(world, persona), *YEAR, today=TODAY)
    assert stats.current["test_transfers_made"] == made
    assert stats.previous["test_transfers_made"] == made_before
    assert stats.current["test_feedback_on_time"] == on_time
    assert stats.current["test_refusals"] == refused


def test_statistics_narrowed_to_one_procuratorate_and_for_the_command(world, duty_flows, travel):
    _rows(world)
    stats = S.statistics(world.supervisor, *YEAR, procuratorate=world.putuo, today=TODAY)
    assert stats.current["test_transfers_made"] == 1
    assert stats.current["test_refusals"] == 0
    whole = S.statistics(world.city, *YEAR, today=TODAY)  # the command's and publication's
    assert whole.current["test_transfers_made"] == 4
    out = io.StringIO()
    call_command("statistics", procuratorate="定检", start="2026-01-01", end="2026-11-23",
                 json=True, stdout=out)
    assert json.loads(out.getvalue())["test_transfers_made"] == 3
    out = io.StringIO()
    call_command("statistics", procuratorate="定检", start="2026-01-01", end="2026-11-23",
                 stdout=out)
    assert "test_transfers_made\t移送线索（测试）\t3\t1" in out.getvalue()


def _statistics_queries(user) -> int:
    with CaptureQueriesContext(connection) as ctx:
        S.statistics(user, *YEAR, today=TODAY)
    return len(ctx.captured_queries)


def test_statistics_count_all_flow_figures_in_one_query(world, duty_flows, travel):
    _rows(world)
    with_flows = _statistics_queries(world.supervisor)
    with registered(alone=True):
        without = _statistics_queries(world.supervisor)
    _rows(world)
    assert with_flows == without + 1 == _statistics_queries(world.supervisor)


def test_the_statistics_page_file_and_api_show_the_flow_figures(world, duty_flows, travel):
    _rows(world)
    client = _client(world.procurator)
    html = client.get(reverse("reporting:statistics") + STATS_PERIOD).content.decode()
    assert 'data-testid="group-duties"' in html
    assert 'data-testid="current-test_transfers_made">3<' in html
    assert 'data-testid="previous-test_transfers_made">1<' in html
    assert "移送线索（测试）" in html and "移送日期在期间内的线索。" in html
    response = client.get(reverse("reporting:statistics-export", args=["figures"]) + STATS_PERIOD)
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    found = [r for r in rows if r and r[1] == "移送线索（测试）"]
    assert found and found[0][2:4] == (3, 1) and found[0][0] == "单位协作事项"
    data = client.get(reverse("api-statistics") + STATS_PERIOD).json()
    assert data["test_transfers_made"] == 3 and data["previous_year"]["test_transfers_made"] == 1
    assert data["test_refusals"] == 1


def test_the_flow_figures_speak_the_reader_s_language(world, duty_flows, travel):
    _rows(world)
    client = _client(world.procurator)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("reporting:statistics") + STATS_PERIOD).content.decode()
    assert "Clues transferred (test)" in html and "Clues transferred within the period." in html
    assert "移送线索（测试）" not in html
    with translation.override("en"):
        assert next(str(f.label) for f in S.duty_figures()) == "Clues transferred (test)"


def test_no_flow_no_duties_heading(world, no_duty_flows, travel):
    html = _client(world.procurator).get(reverse("reporting:statistics")).content.decode()
    assert 'data-testid="group-duties"' not in html
    assert S.all_figures() == S.FIGURES


# --- Scorecards -------------------------------------------------------------------------------

def test_scorecards_count_each_scorecard_figure_per_agency(world, duty_flows, travel):
    _rows(world)
    rows = {r["id"]: r for r in scorecards(Agency.objects.order_by("pk"), *YEAR, today=TODAY)}
    assert rows[world.court.pk]["test_transfers_made"] == 4  # 定检's three and 普检's one
    assert rows[world.court.pk]["test_feedback_on_time"] == 1
    assert rows[world.police.pk]["test_transfers_made"] == 0  # last year's
    assert rows[world.market.pk]["test_transfers_made"] == 0
    assert "test_refusals" not in rows[world.police.pk]  # not a scorecard figure
    assert [f.code for f in all_figures()] == [*(f.code for f in FIGURES), "test_transfers_made",
                                               "test_feedback_on_time"]


@pytest.mark.parametrize(("persona", "made"), [
    ("procurator", 3), ("supervisor", 4), ("observer", 3), ("court_liaison", 4)])
def test_a_card_counts_within_the_viewer_s_scope(world, duty_flows, travel, persona, made):
    _rows(world)
    user = getattr(world, persona)
    card = scorecard(world.court, *YEAR, rules=scorecard_rules(user), today=TODAY)
    assert card["test_transfers_made"] == made


def _scorecard_queries(n_more: int, world) -> int:
    for i in range(n_more):
        agency = Agency.objects.create(name=f"测试法院{i}-{Agency.objects.count()}",
                                       agency_type="court", supervising_procuratorate=world.dinghai)
        transfer(world, agency=agency)
    with CaptureQueriesContext(connection) as ctx:
        scorecards(Agency.objects.order_by("pk"), *YEAR, rules=scorecard_rules(world.supervisor),
                   today=TODAY)
    return len(ctx.captured_queries)


def test_scorecards_count_all_flow_figures_in_one_query_whatever_the_agencies(
        world, duty_flows, travel):
    _rows(world)
    first = _scorecard_queries(1, world)
    with registered(alone=True):
        without = _scorecard_queries(0, world)
    assert first == without + 1 == _scorecard_queries(5, world) == 8


def test_the_scorecard_pages_files_and_api_show_the_flow_figures(world, duty_flows, travel):
    _rows(world)
    client = _client(world.supervisor)
    ranking = reverse("reporting:agency-ranking") + PERIOD + "&type=court&sort=test_transfers_made"
    html = client.get(ranking).content.decode()
    assert 'data-testid="sort-test_transfers_made"' in html
    assert 'data-testid="cell-test_transfers_made">4<' in html
    assert "移送线索（测试）" in html and "拒不配合（测试）" not in html
    assert client.get(reverse("reporting:agency-ranking-chart") + PERIOD
                      + "&type=court&sort=test_transfers_made").status_code == 200
    workbook = client.get(reverse("reporting:agency-ranking-export") + PERIOD + "&type=court")
    header = next(load_workbook(io.BytesIO(workbook.content)).active.iter_rows(values_only=True))
    assert "移送线索（测试）" in header
    card_url = reverse("reporting:agency-scorecard", args=[world.court.pk])
    card_html = client.get(card_url + PERIOD).content.decode()
    assert 'data-testid="value-test_transfers_made">4<' in card_html
    assert "移送日期在期间内的线索。" in card_html
    response = client.get(reverse("reporting:agency-scorecard-export", args=[world.court.pk]) + PERIOD)
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert {r[2]: r[1] for r in rows[1:] if r and len(r) > 2 and r[2]}["test_transfers_made"] == 4
    pdf = client.get(reverse("reporting:agency-scorecard-pdf", args=[world.court.pk]) + PERIOD)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "移送线索（测试）" in text.replace(" ", "").replace("\n", "")
    data = client.get(reverse("api-scorecard-ranking") + PERIOD
                      + "&type=court&sort=test_transfers_made").json()
    assert data["results"][0]["id"] == world.court.pk
    assert data["results"][0]["test_transfers_made"] == 4
    assert "test_transfers_made" in [f["code"] for f in data["figures"]]
    card = client.get(reverse("api-scorecard", args=[world.court.pk]) + PERIOD).json()
    assert card["values"]["test_transfers_made"] == 4
    assert card["values"]["test_feedback_on_time"] == 1


def test_a_liaison_s_card_counts_their_agency_s_rows_only(world, duty_flows, travel):
    _rows(world)
    client = _client(world.police_liaison)
    assert client.get(reverse("api-scorecard", args=[world.court.pk]) + PERIOD).status_code == 404
    card = client.get(reverse("api-scorecard", args=[world.police.pk]) + PERIOD).json()
    assert card["values"]["test_transfers_made"] == 0
    card = client.get(reverse("api-scorecard", args=[world.police.pk])
                      + "?start=2025-01-01&end=2025-12-31").json()
    assert card["values"]["test_transfers_made"] == 1


def test_the_api_schema_documents_the_flow_figures(duty_flows):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    documented = {name for name, body in components.items()
                  if "test_transfers_made" in body.get("properties", {})}
    assert documented, "the flow figures are not in the API schema"
    stats = next(body for name, body in components.items() if name in documented
                 and "test_refusals" in body["properties"])
    assert stats["properties"]["test_transfers_made"]["description"] == "移送日期在期间内的线索。"


def test_the_project_s_flow_figures_keep_clear_of_the_fixed_codes():
    """The flows the project registers (not the test flows): a figure's code sits next to the
    statistics' and the scorecards' own codes in the same JSON objects and rows, so it may be
    none of them, nor a key those objects already have."""
    from duties.registry import figures

    reserved = ({f.code for f in S.FIGURES} | {f.code for f in FIGURES}
                | {"from", "to", "as_of", "procuratorate", "previous_year", "issued_by_type",
                   "cases_by_matter", "id", "name", "agency_type", "rank",
                   "supervising_procuratorate__name"})
    clashes = {f.code for f in figures()} & reserved
    assert not clashes, clashes
