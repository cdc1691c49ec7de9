"""The journey of a transfer notice at phone width (issue 19, seed 003 §9): the market
regulator's liaison files a notice with the transfer letter's copy from the portal, 定检's
procurator receives it in the intake queue, the police unit's liaison records its decision on
the phone, and the organ sees the outcome. axe-core runs on every page reached (``new_page``).

The liaison's actions are counted as the liaison journey counts them (a click, a choice, a field
filled, a file chosen; the login form is one): the docs quote the figure
(docs/duties/transfer_notices.md)."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from cases.samples import tiny_pdf
from duties.models import TransferNotice
from duties.tests.transfer_notice_helpers import market_liaison
from tests.world import PASSWORD

from .conftest import DESKTOP, PHONE, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: The organ's filing, from the login to the notice filed.
FILING_BUDGET = 13


def test_a_liaison_files_a_transfer_notice_on_a_phone(world, new_page, output_dir):
    liaison = market_liaison(world)
    liaison.set_password(PASSWORD)
    liaison.save()
    today = datetime.date.today()

    page = new_page(PHONE)
    actions = 0
    login(page, "market_liaison", PASSWORD)
    actions += 1
    page.goto("/portal/transfer-notices/")  # the portal's menu entry (the lead wires the menu)
    actions += 1
    expect(page.get_by_test_id("notice-empty")).to_be_visible()
    page.get_by_test_id("new-notice").click()
    actions += 1
    page.get_by_label("案件名称").fill("某公司销售假冒注册商标的商品案")
    page.get_by_label("行政案件编号").fill("舟定市监罚〔2026〕88号")
    page.get_by_label("简要案情").fill("查获假冒注册商标的白酒 600 余瓶，货值 30 余万元。")
    page.get_by_label("姓名或名称").fill("舟山某贸易有限公司")  # 单位 is preselected
    page.get_by_label("接受移送的公安机关", exact=True).select_option(label=world.police.name)
    page.get_by_label("移送书文号").fill("舟定市监移〔2026〕1号")
    page.get_by_label("移送日期").fill(today.isoformat())
    actions += 7
    page.get_by_label("涉嫌犯罪案件移送书（副本）及附件").set_input_files(
        files=[{"name": "移送书.pdf", "mimeType": "application/pdf", "buffer": tiny_pdf()}])
    actions += 1
    page.screenshot(path=output_dir / "1-form-phone.png", full_page=True)
    page.get_by_test_id("submit").click()
    actions += 1
    expect(page.get_by_text("已报送舟山市定海区人民检察院。")).to_be_visible()
    assert actions <= FILING_BUDGET, f"{actions} actions"
    notice = TransferNotice.objects.get()
    assert notice.files.get().original_name == "移送书.pdf"
    expect(page.get_by_test_id("outcome")).to_contain_text("等待 舟山市定海区人民检察院 签收")
    # Nothing overflows the phone's width.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=output_dir / "2-filed-phone.png", full_page=True)

    # 定检's procurator receives it from the intake queue (desktop).
    staff = new_page(DESKTOP)
    login(staff, "procurator", PASSWORD)
    staff.goto("/duties/transfer-notices/")
    row = staff.get_by_test_id("queue-row").filter(has_text="舟定市监移〔2026〕1号")
    expect(row).to_be_visible()
    staff.screenshot(path=output_dir / "3-queue-desktop.png", full_page=True)
    row.get_by_role("link").first.click()
    expect(staff.get_by_test_id("basis-unverified")).to_be_visible()  # staff only
    staff.get_by_test_id("receive").click()
    expect(staff.get_by_test_id("received")).to_be_visible()
    staff.screenshot(path=output_dir / "4-notice-desktop.png", full_page=True)

    # The police unit's liaison decides on the phone.
    police = new_page(PHONE)
    login(police, "police_liaison", PASSWORD)
    police.goto("/portal/transfer-notices/")
    police.get_by_test_id("notice-item").filter(has_text="某公司销售假冒注册商标的商品案").get_by_role(
        "link").click()
    expect(police.get_by_test_id("next-step")).to_be_visible()
    expect(police.get_by_test_id("basis-unverified")).to_have_count(0)  # never for an agency
    police.get_by_label("立案", exact=True).check()
    police.get_by_label("决定日期").fill(today.isoformat())
    police.get_by_label("立案/不予立案通知书文号").fill("定公（刑）立字〔2026〕112号")
    police.screenshot(path=output_dir / "5-decide-phone.png", full_page=True)
    police.get_by_test_id("decide").click()
    expect(police.get_by_text("已登记本单位的决定，移送机关和检察院已收到通知。")).to_be_visible()
    assert police.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # The organ sees the outcome.
    page.reload()
    expect(page.get_by_test_id("police-decision")).to_contain_text("定公（刑）立字〔2026〕112号")
    expect(page.get_by_test_id("outcome")).to_contain_text("已于")
    page.screenshot(path=output_dir / "6-outcome-phone.png", full_page=True)
