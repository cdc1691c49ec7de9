"""The bar keeps to one line: a chief's (the most sections) on a 1366-pixel screen, a
procurator's on a 1280 one. The supervision work beside the cases (hearings, inspections,
litigation, the chief at the court's adjudication committee, quality review) is one menu,
检察业务, and the statistics and reports another, 统计报告, opened by mouse or keyboard; at phone
width they fold into the menu button with everything else."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from supervision.choices import Role
from supervision.models import User
from tests.world import PASSWORD

from .conftest import PHONE, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _bar_lines(page) -> int:
    """How many lines the bar's links take (1 when every link shares the first one's top)."""
    tops = page.locator("#nav .nav-link").evaluate_all(
        "links => links.filter(l => l.offsetParent).map(l => Math.round(l.getBoundingClientRect().top))")
    return len(set(tops))


def test_a_procurator_s_bar_keeps_to_one_line_at_1280(world, new_page, output_dir):
    page = new_page({"width": 1280, "height": 800})
    login(page, "procurator", PASSWORD)
    page.goto("/cases/")
    page.screenshot(path=output_dir / "0-bar-1280.png")
    assert _bar_lines(page) == 1


def test_a_chief_s_bar_keeps_to_one_line_and_its_menus_open(world, new_page, output_dir):
    width = 1366
    User.objects.create_user(username="chief", password=PASSWORD, role=Role.CHIEF,
                             procuratorate=world.dinghai, display_name="李检察长")
    page = new_page({"width": width, "height": 800})
    login(page, "chief", PASSWORD)
    page.goto("/cases/")
    page.screenshot(path=output_dir / f"0-bar-{width}.png")
    assert _bar_lines(page) == 1
    menu = page.get_by_test_id("nav-menu-work")
    menu.click()
    items = page.locator(".dropdown-menu.show .dropdown-item")
    expect(items).to_have_text(["检察听证", "巡回检察", "公益诉讼", "列席审委会", "案件评查"])
    page.screenshot(path=output_dir / f"1-menu-{width}.png")
    page.keyboard.press("Escape")
    page.get_by_test_id("nav-menu-reports").click()
    expect(page.locator(".dropdown-menu.show .dropdown-item")).to_have_text(
        ["单位评价", "统计分析", "人大报告"])
    page.keyboard.press("Escape")
    menu.focus()
    page.keyboard.press("Enter")  # the keyboard opens it as well
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/inspections/$"))
    expect(page.get_by_test_id("nav-menu-work")).to_have_class(re.compile(r"\bactive\b"))


def test_an_assistant_s_menu_holds_only_what_they_may_open_and_folds_on_a_phone(
        world, new_page, output_dir):
    page = new_page(PHONE)
    login(page, "assistant", PASSWORD)
    page.goto("/cases/")
    page.get_by_role("button", name="菜单").click()
    page.get_by_test_id("nav-menu-work").click()
    expect(page.locator(".dropdown-menu.show .dropdown-item")).to_have_text(
        ["检察听证", "巡回检察", "公益诉讼"])
    page.screenshot(path=output_dir / "2-phone.png", full_page=True)
    page.get_by_role("link", name="公益诉讼").click()
    expect(page).to_have_url(re.compile(r"/litigation/$"))
