"""Issue 8 journeys: the system administrator imports agencies from XLSX (errors first), and a
liaison serving two agencies switches between them on a phone-sized screen."""

from __future__ import annotations

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import Workbook
from playwright.sync_api import expect

from agencies.services import imports, memberships
from tests.world import PASSWORD

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sheet(rows) -> bytes:
    book = Workbook()
    book.active.append([h for h, _ in imports.COLUMNS])
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_sysadmin_imports_agencies_after_fixing_the_reported_rows(world, new_page, output_dir):
    page = new_page()
    login(page, "sysadmin", PASSWORD)
    page.goto("/agencies/import/")
    good = ["舟山市定海区交通运输局", "行政执法机关", "交通运输", "县区级", "定海", "定检"]
    bad = ["舟山市定海区某某中心", "游乐场", "", "", "", "不存在的院"]
    page.get_by_label("XLSX 文件").set_input_files(files=[{
        "name": "单位.xlsx", "mimeType": "application/octet-stream",
        "buffer": _sheet([good, bad])}])
    page.get_by_role("button", name="检查文件").click()
    expect(page.get_by_test_id("import-row")).to_have_count(2)
    expect(page.get_by_test_id("import-row").nth(1)).to_contain_text("类型“游乐场”无效")
    expect(page.get_by_role("button", name="确认导入")).to_have_count(0)
    page.screenshot(path=output_dir / "import-errors.png", full_page=True)
    page.get_by_label("XLSX 文件").set_input_files(files=[{
        "name": "单位.xlsx", "mimeType": "application/octet-stream", "buffer": _sheet([good])}])
    page.get_by_role("button", name="检查文件").click()
    page.get_by_role("button", name="确认导入").click()
    expect(page.get_by_text("已导入：新增 1 个，更新 0 个被监督单位。")).to_be_visible()
    page.screenshot(path=output_dir / "import-done.png", full_page=True)


def test_a_liaison_of_two_agencies_switches_on_a_phone(world, new_page, output_dir):
    today = timezone.localdate()
    to_court = world.served(today - datetime.timedelta(days=3))
    to_police = world.served(today - datetime.timedelta(days=3),
                             case=world.register_case(agency=world.police))
    memberships.liaison_join(actor=world.procurator, user=world.court_liaison, agency=world.police)
    page = new_page({"width": 390, "height": 844})
    login(page, "court_liaison", PASSWORD)
    expect(page.get_by_test_id("inbox-item")).to_have_count(1)
    expect(page.get_by_text(to_court.number)).to_be_visible()
    page.get_by_role("button", name="菜单").click()
    page.get_by_label("当前代表单位").select_option(label=world.police.name)
    page.get_by_role("button", name="切换单位").click()
    expect(page.get_by_text(f"现在代表 {world.police.name} 办理。")).to_be_visible()
    expect(page.get_by_text(to_police.number)).to_be_visible()
    expect(page.get_by_text(to_court.number)).to_have_count(0)
    page.screenshot(path=output_dir / "switched-phone.png", full_page=True)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 390, f"page is {scroll_width}px wide on a 390px screen"
