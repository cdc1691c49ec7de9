"""Statistics with a year-on-year comparison (issue 16), in Chromium: the supervisor opens the
page from the navigation, reads a figure's definition, narrows to one procuratorate, is told
why a period is refused and downloads a table; the congress observer reads the same figures in
English on a phone. axe-core audits every page (the ``new_page`` fixture)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from recommendations import services
from reporting.statistics import year_before
from tests.world import PASSWORD

from .conftest import DESKTOP, PHONE, login, t

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def chart_loaded(page, testid: str) -> None:
    """The chart beside the table: an image from its own URL, decoded (an SVG the browser
    refused, or a 404, has no natural width), described by the note under it."""
    image = page.get_by_test_id(testid).get_by_test_id("chart-image")
    expect(image).to_be_visible()
    image.scroll_into_view_if_needed()
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0",
                           arg=image.element_handle())
    note = page.locator("#" + image.get_attribute("aria-describedby"))
    expect(note).to_be_visible()


def _dataset(world) -> tuple[datetime.date, datetime.date]:
    """This period: two instruments, one long past its due date without a reply, one not yet
    due and already answered; the same period a year before: one, unanswered."""
    today = timezone.localdate()
    start = today - datetime.timedelta(days=120)
    world.served(today - datetime.timedelta(days=100))
    answered = world.served(today - datetime.timedelta(days=20))
    services.reply_submit(actor=world.court_liaison, recommendation=answered, content="已整改")
    world.served(year_before(today - datetime.timedelta(days=100)))
    return start, today


def test_supervisor_compares_a_period_with_the_year_before(world, new_page, output_dir):
    start, today = _dataset(world)
    page = new_page(DESKTOP)
    login(page, "supervisor", PASSWORD)
    page.get_by_test_id("nav-menu-reports").click()  # the bar's 统计报告 menu
    page.get_by_role("link", name="统计分析").click()
    expect(page.get_by_role("heading", name="统计分析")).to_be_visible()
    expect(page.get_by_test_id("quick-periods").get_by_role("link", name="本年至今")).to_be_visible()

    page.get_by_label("起始日期").fill(start.isoformat())
    page.get_by_label("截止日期").fill(today.isoformat())
    page.get_by_role("button", name="统计", exact=True).click()
    expect(page.get_by_test_id("current-issued")).to_have_text("2")
    expect(page.get_by_test_id("previous-issued")).to_have_text("1")
    expect(page.get_by_test_id("current-due")).to_have_text("1")
    expect(page.get_by_test_id("current-unanswered")).to_have_text("1")
    expect(page.get_by_test_id("change-issued")).to_contain_text("+1")
    expect(page.get_by_test_id("type-row")).to_have_count(1)
    chart_loaded(page, "stats-chart")
    page.screenshot(path=output_dir / "1-statistics.png", full_page=True)
    page.get_by_test_id("stats-chart").screenshot(path=output_dir / "1-statistics-chart.png")

    # Each figure's definition is next to it.
    row = page.get_by_test_id("figure-unanswered")
    row.get_by_text("口径").click()
    expect(row).to_contain_text("至本期截止日仍无书面回复")
    row.scroll_into_view_if_needed()
    page.screenshot(path=output_dir / "2-definition.png")

    # One procuratorate of the subtree: 普检 has none of these instruments.
    page.get_by_label("检察院（含下级）").select_option(label=world.putuo.name)
    page.get_by_role("button", name="统计", exact=True).click()
    expect(page.get_by_test_id("stats-scope")).to_contain_text(world.putuo.name)
    expect(page.get_by_test_id("current-issued")).to_have_text("0")
    expect(page.get_by_test_id("current-on_time_rate")).to_have_text("—")

    # A period the other way round is refused with the reason.
    page.get_by_label("起始日期").fill(today.isoformat())
    page.get_by_label("截止日期").fill(start.isoformat())
    page.get_by_role("button", name="统计", exact=True).click()
    expect(page.get_by_test_id("period-error")).to_have_text("截止日期不能早于起始日期。")
    expect(page.get_by_test_id("stats-figures")).to_have_count(0)
    page.screenshot(path=output_dir / "3-invalid-period.png", full_page=True)

    # Last year in one click; every table downloads as XLSX.
    page.get_by_test_id("quick-periods").get_by_role("link", name="上年").click()
    expect(page.get_by_test_id("stats-figures")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_test_id("export-figures").click()
    assert download.value.suggested_filename.endswith(".xlsx")


def test_observer_reads_the_figures_in_english_on_a_phone(world, new_page, output_dir):
    start, today = _dataset(world)
    page = new_page(PHONE, locale="en-US")
    login(page, "observer", PASSWORD, english=True)
    page.goto(f"/reporting/statistics/?from={start.isoformat()}&to={today.isoformat()}")
    expect(page.get_by_role("heading", name=t("统计分析", "en"))).to_be_visible()
    expect(page.get_by_test_id("current-issued")).to_have_text("2")
    expect(page.get_by_test_id("previous-issued")).to_have_text("1")
    chart_loaded(page, "stats-chart")
    page.screenshot(path=output_dir / "1-statistics-en-phone.png", full_page=True)
