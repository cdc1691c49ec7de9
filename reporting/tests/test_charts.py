"""Charts (issue 16): server-drawn SVG beside the statistics and scorecard tables, and the same
chart in the scorecard's PDF. The SVG is well-formed, names its content in ``<title>`` and
``<desc>``, comes out the same twice, draws the selector's numbers, and is served under the
page's own access rules."""

from __future__ import annotations

import datetime
import io
import re
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from recommendations import services
from reporting import charts
from reporting import scorecard_exports as exports
from reporting import statistics as S
from reporting.chart_views import STATISTICS_CHART
from reporting.permissions import scorecard_rules
from reporting.scorecard_exports import scorecard_pdf_bytes
from reporting.scorecards import scorecard
from reporting.tests.test_scorecards import NOW, Q3, TODAY, _build

SVG = "{http://www.w3.org/2000/svg}"
LABELS = ["回复期限届满", "按期回复", "逾期回复", "逾期未回复"]


def _parse(svg: bytes) -> ET.Element:
    return ET.fromstring(svg)  # raises on anything not well-formed


def _bars(root: ET.Element, prefix: str) -> list[float]:
    """Each bar's extent (height of a vertical bar, width of a horizontal one) in the order of
    its id, read from the rectangle path matplotlib writes for it."""
    found = {}
    for group in root.iter(f"{SVG}g"):
        gid = group.get("id", "")
        if gid.startswith(prefix) and gid[len(prefix):].isdigit():
            numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?",
                                                    group.find(f"{SVG}path").get("d"))]
            xs, ys = numbers[0::2], numbers[1::2]
            found[int(gid[len(prefix):])] = (max(ys) - min(ys), max(xs) - min(xs))
    return [found[i] for i in sorted(found)]


def _proportional(extents: list[float], values: list[float]) -> None:
    """The bars are as long as their values, to the precision the SVG is written with."""
    unit = next(e / v for e, v in zip(extents, values, strict=True) if v)
    assert extents == pytest.approx([v * unit for v in values], abs=0.01)


# --- The renderer ---------------------------------------------------------------------------

def test_a_comparison_chart_is_well_formed_titled_in_chinese_and_deterministic():
    svg = charts.comparison_bar(LABELS, [5, 2, 1, 2], [2, 1, 0, None], "回复情况：本期与去年同期",
                                series=("本期", "去年同期"))
    root = _parse(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "回复情况：本期与去年同期"
    desc = root.find(f"{SVG}desc").text
    for label in LABELS:
        assert label in desc
    assert "逾期未回复：本期 2，去年同期 —" in desc  # a missing value is a dash, not 0
    # Text is drawn as outlines; each label's words stay in the SVG as a comment beside them.
    for label in LABELS:
        assert f"<!-- {label} -->".encode() in svg
    assert svg == charts.comparison_bar(LABELS, [5, 2, 1, 2], [2, 1, 0, None],
                                        "回复情况：本期与去年同期", series=("本期", "去年同期"))
    assert b"<dc:date>" not in svg and b"Matplotlib v" not in svg
    assert root.get("width") == "518.4pt"  # a fixed size, whatever the data


def test_a_ranking_chart_draws_one_bar_per_agency_in_order():
    svg = charts.ranking_bar(["甲法院", "乙法院", "丙法院"], [0.4, None, 1.0], "按期回复率")
    root = _parse(svg)
    assert root.find(f"{SVG}desc").text == "甲法院：40.0%；乙法院：—；丙法院：100.0%"
    widths = [w for _h, w in _bars(root, "bar-")]
    _proportional(widths, [0.4, 0, 1.0])
    assert svg == charts.ranking_bar(["甲法院", "乙法院", "丙法院"], [0.4, None, 1.0], "按期回复率")


# --- The statistics chart ---------------------------------------------------------------------

TZ = datetime.timezone(datetime.timedelta(hours=8))
STATS_NOW = datetime.datetime(2026, 3, 2, 10, tzinfo=TZ)
D = datetime.date


@pytest.fixture
def replies(world):
    """This period (2025): three instruments due, one answered on time; 2024: one, late."""
    with time_machine.travel(datetime.datetime(2025, 1, 6, 10, tzinfo=TZ), tick=False):
        answered = world.served(D(2025, 1, 5))
        world.served(D(2025, 1, 5))
        world.served(D(2025, 1, 6))
    with time_machine.travel(datetime.datetime(2025, 2, 1, 10, tzinfo=TZ), tick=False):
        services.reply_submit(actor=world.court_liaison, recommendation=answered, content="已整改")
    with time_machine.travel(datetime.datetime(2024, 1, 5, 10, tzinfo=TZ), tick=False):
        late = world.served(D(2024, 1, 5))
    with time_machine.travel(datetime.datetime(2024, 6, 1, 10, tzinfo=TZ), tick=False):
        services.reply_submit(actor=world.court_liaison, recommendation=late, content="已整改")


def _get(user, name: str, *args, query: dict | None = None, now=STATS_NOW):
    client = Client()
    client.force_login(user)
    with time_machine.travel(now, tick=False):
        return client.get(reverse(name, args=args), query or {})


YEAR_2025 = {"from": "2025-01-01", "to": "2025-12-31"}


def test_the_statistics_chart_draws_the_selectors_figures(world, replies):
    response = _get(world.procurator, "reporting:statistics-chart", query=YEAR_2025)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    stats = S.statistics(world.procurator, D(2025, 1, 1), D(2025, 12, 31), today=STATS_NOW.date())
    current = [stats.current[c] for c in STATISTICS_CHART]
    previous = [stats.previous[c] for c in STATISTICS_CHART]
    assert current == [3, 1, 0, 2] and previous == [1, 0, 1, 0]
    root = _parse(response.content)
    heights_now = [h for h, _w in _bars(root, "bar-current-")]
    heights_then = [h for h, _w in _bars(root, "bar-previous-")]
    assert len(heights_now) == len(heights_then) == 4
    _proportional(heights_now + heights_then, current + previous)
    desc = root.find(f"{SVG}desc").text
    assert desc.startswith("回复期限届满：本期 3，去年同期 1")
    # The page shows it from that URL, with the table as its text equivalent.
    page = _get(world.procurator, "reporting:statistics", query=YEAR_2025).content.decode()
    assert (reverse("reporting:statistics-chart") + "?from=2025-01-01&amp;to=2025-12-31") in page
    assert 'aria-describedby="stats-chart-note"' in page and 'id="stats-chart-note"' in page


def test_the_chart_has_its_own_narrow_policy_and_the_page_keeps_the_strict_one(world, replies):
    chart = _get(world.procurator, "reporting:statistics-chart", query=YEAR_2025)
    policy = chart["Content-Security-Policy"]
    assert "style-src 'unsafe-inline'" in policy
    assert "script-src 'none'" in policy and "default-src 'none'" in policy
    page = _get(world.procurator, "reporting:statistics", query=YEAR_2025)
    assert "unsafe-inline" not in page["Content-Security-Policy"]


def test_the_statistics_chart_follows_the_interface_language(world, replies):
    from django.conf import settings

    client = Client()
    client.force_login(world.procurator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with time_machine.travel(STATS_NOW, tick=False):
        svg = client.get(reverse("reporting:statistics-chart"), YEAR_2025).content
    with translation.override("en"):
        due = str(S.FIGURES_BY_CODE["due"].label)
    assert due != "回复期限届满"
    assert _parse(svg).find(f"{SVG}desc").text.startswith(f"{due}: ")


@pytest.mark.parametrize("query", [
    {"from": "2025-06-30", "to": "2025-01-01"},
    {"from": "1999-01-01", "to": "2000-01-01"},
    {"from": "2025-13-01", "to": "2025-12-31"},
    {"from": "2025-01-01"},
    {"from": "x" * 300, "to": "\x00"},
])
def test_a_bad_period_has_no_chart_and_never_500(world, query):
    assert _get(world.supervisor, "reporting:statistics-chart", query=query).status_code == 404


def test_the_chart_narrows_exactly_as_the_page(world, replies):
    """A procuratorate outside the viewer's scope is refused; one inside narrows the chart;
    a procurator has nothing to choose, and asking for another changes nothing."""
    outside = {**YEAR_2025, "procuratorate": world.putuo.pk}
    assert _get(world.observer, "reporting:statistics-chart", query=outside).status_code == 404
    inside = {**YEAR_2025, "procuratorate": world.dinghai.pk}
    assert _get(world.supervisor, "reporting:statistics-chart", query=inside).status_code == 200
    own = _get(world.procurator, "reporting:statistics-chart", query=YEAR_2025).content
    assert _get(world.procurator, "reporting:statistics-chart", query=outside).content == own


@pytest.mark.parametrize("who", ["court_liaison", "sysadmin"])
def test_who_has_no_statistics_has_no_chart(world, who):
    assert _get(getattr(world, who), "reporting:statistics-chart").status_code == 404


# --- The scorecard charts ---------------------------------------------------------------------

@pytest.fixture
def dataset(world):
    with time_machine.travel(NOW, tick=False):
        return _build(world)


PERIOD = {"start": "2026-07-01", "end": "2026-09-30"}


def test_the_ranking_chart_draws_the_rankings_rows(world, dataset):
    query = {**PERIOD, "type": "court", "sort": "on_time_rate"}
    page = _get(world.supervisor, "reporting:agency-ranking", query=query, now=NOW)
    rows = page.context["rows"]
    response = _get(world.supervisor, "reporting:agency-ranking-chart", query=query, now=NOW)
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    root = _parse(response.content)
    desc = root.find(f"{SVG}desc").text
    assert desc == f"{world.court.name}：40.0%；{world.pt_court.name}：0.0%"
    assert [row["on_time_rate"] for row in rows] == [0.4, 0.0]
    assert len(_bars(root, "bar-")) == len(rows)
    assert "按期回复率" in root.find(f"{SVG}title").text
    assert reverse("reporting:agency-ranking-chart") in page.content.decode()
    # The observer of 定检 sees 定检's court only, on the chart as in the table.
    observed = _get(world.observer, "reporting:agency-ranking-chart", query=query, now=NOW)
    assert world.pt_court.name not in _parse(observed.content).find(f"{SVG}desc").text


def test_a_ranking_chart_by_a_count_draws_counts(world, dataset):
    query = {**PERIOD, "type": "court", "sort": "received"}
    root = _parse(_get(world.supervisor, "reporting:agency-ranking-chart", query=query,
                       now=NOW).content)
    assert root.find(f"{SVG}desc").text.startswith(f"{world.court.name}：5")


@pytest.mark.parametrize("query", [{"type": "nonsense"}, {"sort": "nonsense"},
                                   {"start": "2026-09-01", "end": "2026-01-01"},
                                   {"procuratorate": "999999"}, {"start": "\x00"}])
def test_a_bad_ranking_filter_has_no_chart_and_never_500(world, dataset, query):
    response = _get(world.supervisor, "reporting:agency-ranking-chart", query=query, now=NOW)
    assert response.status_code == 404


def test_the_scorecard_chart_is_the_liaisons_own_and_no_other(world, dataset):
    response = _get(world.court_liaison, "reporting:agency-scorecard-chart", world.court.pk,
                    query=PERIOD, now=NOW)
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    root = _parse(response.content)
    assert root.find(f"{SVG}desc").text == "回复期限届满：5；按期回复：2；逾期回复：1；逾期未回复：2"
    _proportional([w for _h, w in _bars(root, "bar-")], [5, 2, 1, 2])
    for agency in (world.police, world.pt_court):
        assert _get(world.court_liaison, "reporting:agency-scorecard-chart", agency.pk,
                    now=NOW).status_code == 404
    assert _get(world.court_liaison, "reporting:agency-ranking-chart",
                now=NOW).status_code == 404


def _fill_operators(pdf: bytes) -> int:
    content = b"".join(page.get_contents().get_data()
                       for page in PdfReader(io.BytesIO(pdf)).pages)
    return len(re.findall(rb"(?m)^f\*?$|\sf\*?$", content))


def test_the_pdf_carries_the_same_chart(world, dataset, monkeypatch):
    card = scorecard(world.court, *Q3, today=TODAY)
    pdf = scorecard_pdf_bytes(world.court, card, *Q3, issuer=world.dinghai.name, today=TODAY)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "回复情况" not in text.replace(" ", "")  # the chart's words are outlines, not text
    # Without the chart, the same card has far fewer filled shapes: the chart is vector
    # drawing (bars and the glyph outlines of its Chinese labels), not a picture.
    with monkeypatch.context() as patch:
        patch.setattr(exports, "scorecard_chart",
                      lambda card: b'<svg xmlns="http://www.w3.org/2000/svg"></svg>')
        bare = scorecard_pdf_bytes(world.court, card, *Q3, issuer=world.dinghai.name,
                                   today=TODAY)
    assert _fill_operators(pdf) > _fill_operators(bare) + 20
    assert len(pdf) > len(bare)
    # The page's chart says what the PDF's draws: the same function of the same card.
    response = _get(world.procurator, "reporting:agency-scorecard-chart", world.court.pk,
                    query=PERIOD, now=NOW)
    assert response.status_code == 200, response
    with translation.override("zh-hans"):
        assert response.content == exports.scorecard_chart(
            scorecard(world.court, *Q3, rules=scorecard_rules(world.procurator), today=TODAY))
