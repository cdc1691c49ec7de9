"""Agency scorecards in Chromium (issue 16, seed 003 §11): a supervisor ranks the courts of
their scope for the third quarter, sorts them, opens one court's card and downloads it as
XLSX and PDF; the court's liaison reads their own card from the portal on a phone, and no
other; the same card in English."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from reporting.tests.test_scorecards import NOW, _build
from tests.world import PASSWORD

from .conftest import DESKTOP, PHONE, login
from .test_statistics import chart_loaded

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Q3 = "start=2026-07-01&end=2026-09-30"


@pytest.fixture
def dataset(world):
    import time_machine

    with time_machine.travel(NOW, tick=False):
        return _build(world)


def test_supervisor_ranks_courts_and_reads_one_card(world, dataset, new_page, output_dir):
    page = new_page(DESKTOP)
    login(page, "supervisor", PASSWORD)
    page.get_by_test_id("nav-menu-reports").click()  # the bar's 统计报告 menu
    page.get_by_role("link", name="单位评价", exact=True).click()
    expect(page.get_by_role("heading", name="被监督单位评价")).to_be_visible()
    page.goto(f"/reporting/agencies/?type=court&{Q3}")
    rows = page.get_by_test_id("ranking-row")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text(world.court.name)
    expect(rows.first.get_by_test_id("cell-on_time_rate")).to_have_text("40.0%")
    chart_loaded(page, "ranking-chart")
    page.screenshot(path=output_dir / "1-ranking-desktop.png", full_page=True)
    page.get_by_test_id("ranking-chart").screenshot(path=output_dir / "1-ranking-chart.png")
    # Sorted by instruments received, the most first.
    page.get_by_test_id("sort-received").click()
    expect(page.get_by_test_id("ranking-row").first.get_by_test_id("cell-received")).to_have_text("5")
    with page.expect_download() as download:
        page.get_by_test_id("export-xlsx").click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    assert [r[1] for r in sheet.iter_rows(values_only=True)][1:] == [
        world.court.name, world.pt_court.name]

    page.get_by_role("link", name=world.court.name).click()
    expect(page.get_by_test_id("scorecard-agency")).to_have_text(world.court.name)
    expect(page.get_by_test_id("value-received")).to_have_text("5")
    expect(page.get_by_test_id("value-unanswered")).to_have_text("2")
    expect(page.get_by_test_id("rate-adoption_rate")).to_have_text("75.0%")
    chart_loaded(page, "scorecard-chart")
    page.screenshot(path=output_dir / "2-scorecard-desktop.png", full_page=True)
    with page.expect_download() as download:
        page.get_by_test_id("export-pdf").click()
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert world.court.name in text.replace(" ", "").replace("\n", "")
    (output_dir / "scorecard.pdf").write_bytes(pdf)


def test_liaison_reads_own_card_from_the_portal_on_a_phone(world, dataset, new_page, output_dir):
    page = new_page(PHONE)
    login(page, "court_liaison", PASSWORD)
    page.get_by_test_id("own-scorecard-link").click()
    expect(page.get_by_test_id("scorecard-agency")).to_have_text(world.court.name)
    page.get_by_label("起始日期").fill("2026-07-01")
    page.get_by_label("截止日期").fill("2026-09-30")
    page.get_by_role("button", name="查看").click()
    expect(page.get_by_test_id("value-due")).to_have_text("5")
    expect(page.get_by_test_id("value-unanswered")).to_have_text("2")
    page.screenshot(path=output_dir / "3-scorecard-liaison-phone.png", full_page=True)
    response = page.goto(f"/reporting/agencies/{world.police.pk}/")
    assert response.status == 404
    response = page.goto("/reporting/agencies/")
    assert response.status == 404


def test_the_observer_reads_the_card_in_english(world, dataset, new_page, output_dir):
    page = new_page(DESKTOP)
    login(page, "observer", PASSWORD)
    page.goto(f"/reporting/agencies/{world.court.pk}/?{Q3}")
    with page.expect_navigation():
        page.get_by_label("语言").select_option(value="en")
    page.wait_for_load_state("networkidle")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # The figures' labels and definitions are the table's own English.
    expect(page.get_by_test_id("figure-on_time_rate")).to_contain_text("On-time reply rate")
    expect(page.get_by_test_id("figure-refusals")).to_contain_text("Refusals to cooperate")
    expect(page.get_by_test_id("figure-unanswered")).to_contain_text("Not answered")
    expect(page.get_by_test_id("value-received")).to_have_text("5")
    chart_loaded(page, "scorecard-chart")
    page.screenshot(path=output_dir / "4-scorecard-observer-english.png", full_page=True)
    # The observer's ranking shows 定检's courts only.
    page.goto(f"/reporting/agencies/?type=court&{Q3}")
    expect(page.get_by_test_id("ranking-row")).to_have_count(1)
    page.screenshot(path=output_dir / "5-ranking-observer-english.png", full_page=True)
