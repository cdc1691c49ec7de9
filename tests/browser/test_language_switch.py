"""Switching the interface language in the header: Chinese → English → Chinese, in Chromium."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agencies.models import Agency
from supervision.models import Procuratorate
from tests.world import PASSWORD

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
APP_NAME_EN = "Procuratorial Supervision Case Management System"


def chinese_left(text: str, data: list[str]) -> list[str]:
    """Lines that still contain Chinese once the data on the page (names) is taken out."""
    for value in sorted(data, key=len, reverse=True):
        text = text.replace(value, "")
    return [line for line in text.splitlines() if CJK.search(line)]


def test_supervisor_switches_the_dashboard_to_english_and_back(world, new_page, output_dir):
    today = timezone.localdate()
    # One instrument long overdue, one served today: every card and the table have something.
    police_case = world.register_case(agency=world.police, title="公安机关对盗窃线索长期挂案")
    world.served(today - datetime.timedelta(days=120), case=police_case)
    world.served(today)

    page = new_page()
    login(page, "supervisor", PASSWORD)
    expect(page.get_by_role("heading", name="期限看板")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_test_id("card-overdue")).to_contain_text("已逾期")

    # The header's language select (label 语言) submits itself on change. Its options are named
    # through Django's catalogue ("English" reads 英语 in Chinese), so pick by language code.
    expect(page.get_by_label("语言")).to_have_value("zh-hans")
    with page.expect_navigation():
        page.get_by_label("语言").select_option(value="en")
    page.wait_for_load_state("networkidle")

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Deadline dashboard")).to_be_visible()
    expect(page.get_by_role("heading", name="期限看板")).to_have_count(0)
    expect(page).to_have_title(f"Deadline dashboard · {APP_NAME_EN}")
    expect(page.get_by_test_id("card-overdue")).to_contain_text("Overdue")
    expect(page.get_by_test_id("card-awaiting")).to_contain_text("Awaiting reply")
    expect(page.get_by_test_id("card-due_7")).to_contain_text("Due within 7 days")
    expect(page.get_by_test_id("card-due_today")).to_contain_text("Due today")
    expect(page.get_by_test_id("count-overdue")).to_have_text("1")
    expect(page.get_by_test_id("count-awaiting")).to_have_text("2")
    expect(page.get_by_role("heading", name="By procuratorate")).to_be_visible()
    expect(page.get_by_text(f"Deadlines of instruments awaiting reply, as of {today.isoformat()}"))\
        .to_be_visible()
    expect(page.get_by_role("link", name=APP_NAME_EN)).to_be_visible()
    expect(page.get_by_role("link", name="Deadline dashboard")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    expect(page.get_by_test_id("whoami")).to_have_text(
        "supervisor · Case management / higher procuratorate")
    expect(page.get_by_label("Language")).to_have_value("en")
    page.screenshot(path=output_dir / "dashboard-en.png", full_page=True)

    # Nothing Chinese is left but data: procuratorates' names and the Chinese language's own name.
    data = list(Procuratorate.objects.values_list("name", flat=True)) + ["简体中文"]
    data += list(Agency.objects.values_list("name", flat=True))  # agency names are data
    # so are the departments and procurators of the breakdowns, as the tables name them
    from supervision.models import Department, User

    data += [f"{d.procuratorate.short_name}·{d.name}"
             for d in Department.objects.select_related("procuratorate")]
    data += [str(u) for u in User.objects.all()]
    assert chinese_left(page.locator("body").inner_text(), data) == []

    # The choice sticks: the overdue list, its due-date explanation included, is in English.
    page.get_by_test_id("card-overdue").click()
    expect(page.get_by_role("heading", name="Overdue")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Reply deadline")).to_be_visible()
    expect(page.get_by_test_id("due-explanation")).to_contain_text(
        re.compile(r"^Service \d{4}-\d\d-\d\d · \d+ (day|month)s? \(《"))
    page.screenshot(path=output_dir / "overdue-list-en.png", full_page=True)

    # Back on the dashboard, switching to 简体中文 brings the Chinese interface back.
    page.get_by_role("link", name="Deadline dashboard").first.click()
    expect(page.get_by_role("heading", name="Deadline dashboard")).to_be_visible()
    with page.expect_navigation():
        page.get_by_label("Language").select_option(label="简体中文")  # value "zh-hans"
    page.wait_for_load_state("networkidle")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("heading", name="期限看板")).to_be_visible()
    expect(page.get_by_test_id("card-overdue")).to_contain_text("已逾期")
    expect(page.get_by_test_id("card-awaiting")).to_contain_text("待回复")
    expect(page.get_by_role("heading", name="Deadline dashboard")).to_have_count(0)
    expect(page.get_by_label("语言")).to_have_value("zh-hans")
    page.screenshot(path=output_dir / "dashboard-zh.png", full_page=True)
