"""The agencies' duties on the shared pages in Chromium (issue 19), at phone width: a
procurator finds "协作事项" with its total in the folded menu and opens the intake overview,
then a queue; the court's liaison finds the flow in the portal's folded menu with what waits
for the court; a supervisor reads the flows' panel on the deadline dashboard. The flows are
the test flows of ``tests/duty_flows.py``, registered alone (the live server runs in this
process)."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.duty_flows import refusal, transfer
from tests.world import PASSWORD

from .conftest import DESKTOP, PHONE, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def rows(world, duty_flows):
    """定检: two transfers waiting (to the court and the police), one answered, one refusal."""
    transfer(world, agency=world.court)
    transfer(world, agency=world.police)
    transfer(world, agency=world.court, replied_on=datetime.date(2026, 3, 9))
    refusal(world, agency=world.police)


def _open_menu(page) -> None:
    page.get_by_role("button", name="菜单").click()
    expect(page.locator("#nav")).to_have_class(re.compile(r"\bshow\b"))  # unfolded, not moving


def test_procurator_opens_the_intake_overview_from_the_folded_menu(world, rows, new_page,
                                                                  output_dir):
    page = new_page(PHONE)
    login(page, "procurator", PASSWORD)
    entry = page.get_by_test_id("nav-duties")
    expect(entry).to_be_hidden()  # folded at phone width
    _open_menu(page)
    expect(entry).to_be_visible()
    expect(page.get_by_test_id("nav-duties-total")).to_have_text("3 件待处理")
    page.screenshot(path=output_dir / "1-staff-menu-phone.png")
    entry.click()
    expect(page.get_by_role("heading", name="协作事项", exact=True)).to_be_visible()
    expect(page.get_by_test_id("intake-total")).to_have_text("共 3 件待处理。")
    expect(page.get_by_test_id("queue-test_transfers").get_by_test_id("queue-count")).to_have_text("2")
    expect(page.get_by_test_id("queue-test_refusals").get_by_test_id("queue-count")).to_have_text("1")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=output_dir / "2-intake-phone.png", full_page=True)
    page.get_by_test_id("queue-test_transfers").click()
    expect(page).to_have_url(re.compile(r"/cases/$"))


def test_liaison_sees_what_waits_for_their_agency_in_the_portal_menu(world, rows, new_page,
                                                                    output_dir):
    page = new_page(PHONE)
    login(page, "court_liaison", PASSWORD)
    entry = page.get_by_test_id("nav-duty-test_transfers")
    expect(entry).to_be_hidden()
    _open_menu(page)
    expect(entry).to_be_visible()
    expect(entry).to_contain_text("线索移送反馈（测试）")
    expect(entry.get_by_test_id("nav-duty-count")).to_have_text("1 件待处理")
    expect(page.get_by_test_id("nav-duty-test_refusals")).to_have_count(0)  # no portal page
    expect(page.get_by_test_id("nav-duties")).to_have_count(0)  # not the staff's overview
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=output_dir / "3-portal-menu-phone.png", full_page=True)
    entry.click()
    expect(page.get_by_role("heading", name="收件箱")).to_be_visible()
    # the liaison may not open the staff's overview
    assert page.goto("/duties/").status == 404


def test_supervisor_reads_the_flows_on_the_dashboard(world, rows, new_page, output_dir):
    page = new_page(DESKTOP)
    login(page, "supervisor", PASSWORD)
    page.goto("/reporting/deadlines/")
    panel = page.get_by_test_id("duty-queues")
    expect(panel.get_by_test_id("duty-count-test_transfers")).to_have_text("2")
    expect(panel.get_by_test_id("duty-count-test_refusals")).to_have_text("1")
    panel.screenshot(path=output_dir / "4-dashboard-panel.png")
    phone = new_page(PHONE)
    login(phone, "supervisor", PASSWORD)
    phone.goto("/reporting/deadlines/")
    phone.get_by_test_id("duty-queues").scroll_into_view_if_needed()
    phone.get_by_test_id("duty-queues").screenshot(path=output_dir / "5-dashboard-panel-phone.png")
    phone.get_by_test_id("duty-queues").get_by_role("link", name="2").click()
    expect(phone).to_have_url(re.compile(r"/cases/$"))
