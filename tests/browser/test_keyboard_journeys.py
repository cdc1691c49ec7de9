"""Keyboard-only use (issue 14): the approver's and the supervisor's journeys with Tab and
Enter alone — every control on the way reachable, its focus visible — and axe on every page."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from recommendations import services
from tests.two_factor import browser_code, prepare_browser_login
from tests.world import PASSWORD

from .conftest import tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def keyboard_login(page, username: str) -> None:
    prepare_browser_login(username)
    page.goto("/login/")
    page.keyboard.type(username)  # the name field has the focus when the page opens
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    if "/login/verify/" in page.url:
        page.keyboard.type(browser_code(username))  # the code field has the focus
        page.keyboard.press("Enter")
        page.wait_for_load_state("networkidle")


def test_the_approver_approves_with_the_keyboard_alone(world, new_page, output_dir):
    draft = world.draft(title="关于规范送达程序的检察建议")
    services.recommendation_submit(actor=world.procurator, recommendation=draft)
    page = new_page()
    keyboard_login(page, "approver")
    link = page.get_by_role("link", name="关于规范送达程序的检察建议")
    tab_to(page, link)
    page.screenshot(path=output_dir / "1-focus-on-draft.png")
    page.keyboard.press("Enter")
    approve = page.get_by_role("button", name="审批同意")
    tab_to(page, approve)
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("status")).to_have_text("已审批")


def test_the_supervisor_reaches_an_agencys_overdue_list_with_the_keyboard(world, new_page):
    world.served(timezone.localdate() - datetime.timedelta(days=120))
    page = new_page()
    keyboard_login(page, "supervisor")
    count = page.get_by_test_id("agency-row").filter(has_text=world.court.name) \
        .get_by_test_id("agency-overdue")
    tab_to(page, count)
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("deadline-row")).to_have_count(1)
    # The agency's chip is removable from the keyboard too.
    tab_to(page, page.get_by_test_id("filter-chip"))
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("filter-chips")).to_have_count(0)
