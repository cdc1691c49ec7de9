"""Browser journey of a circuit inspection whose finding becomes an instrument (issue 18): the
procurator plans an inspection of the detention centre with the assistant on the team, starts
it, records a finding, turns it into a 纠正违法通知书 in one step and lands on the draft
addressed to the detention centre; the inspection then shows the finding with its instrument,
and the case page says where the case came from. Every page is screenshotted and audited by
axe-core (``new_page``)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agencies.choices import AgencyType
from agencies.models import Agency
from inspections.models import Finding
from tests.world import PASSWORD

from .conftest import PHONE, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_inspection_whose_finding_becomes_an_instrument(world, new_page, output_dir):
    today = timezone.localdate()
    Agency.objects.create(name="舟山市看守所", agency_type=AgencyType.DETENTION,
                          supervising_procuratorate=world.dinghai,
                          superior_authority="舟山市公安局")
    start = today - datetime.timedelta(days=3)

    page = new_page()
    login(page, "procurator", PASSWORD)

    # 1. Plan the inspection from the list (the bar's 检察业务 menu → 巡回检察).
    page.goto("/cases/")
    page.get_by_test_id("nav-menu-work").click()
    page.get_by_role("link", name="巡回检察").first.click()
    page.get_by_test_id("inspection-create").click()
    page.get_by_label("名称").fill("舟山市看守所常规巡回检察")
    page.get_by_label("被检察单位").select_option(label="舟山市看守所")
    page.get_by_label("周敏（检察官助理）").check()
    page.get_by_label("开始日期").fill(start.isoformat())
    page.get_by_label("结束日期").fill((today + datetime.timedelta(days=10)).isoformat())
    page.get_by_label("检察内容").fill("监管执法\n安全防范\n被监管人权益保障")
    page.screenshot(path=output_dir / "1-plan.png", full_page=True)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("inspection-status")).to_have_text("计划")
    expect(page.get_by_test_id("inspection-team")).to_contain_text("周敏")

    # 2. Start, and record a finding (an empty description is refused, in words).
    page.locator("summary", has_text="开始检察").click()
    page.get_by_role("button", name="确认开始检察").click()
    expect(page.get_by_test_id("inspection-status")).to_have_text("进行中")
    page.get_by_test_id("finding-add").click()
    page.get_by_label("问题类别").select_option(label="监管执法")
    page.get_by_label("严重程度").select_option(label="较重")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    page.get_by_label("问题描述").fill("部分监室超员关押，未按规定对同案犯罪嫌疑人分押分管。")
    page.get_by_label("证据情况").fill("调阅监室人员登记台账及监控录像")
    page.screenshot(path=output_dir / "2-finding.png", full_page=True)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("finding")).to_contain_text("分押分管")
    expect(page.get_by_test_id("finding-status")).to_have_text("待处理")
    page.screenshot(path=output_dir / "3-inspection.png", full_page=True)
    inspection_url = page.url.split("#")[0]

    # 3. One step: the finding becomes a 纠正违法通知书; the procurator lands on the draft.
    page.get_by_test_id("finding-to-instrument").click()
    expect(page.get_by_test_id("finding-summary")).to_contain_text("舟山市看守所")
    page.get_by_label("文书种类").select_option(label="纠正违法通知书")
    page.get_by_label("监督事项").select_option(label="监管活动违法")
    page.get_by_label("纠正意见或建议事项").fill(
        "一、立即调整监室，落实分押分管规定；二、对相关值班民警进行教育。")
    page.screenshot(path=output_dir / "4-to-instrument.png", full_page=True)
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r"/instruments/\d+/$"))
    finding = Finding.objects.get()
    rec = finding.recommendation
    assert rec is not None and rec.status == "draft"
    assert rec.agency.name == "舟山市看守所" and rec.instrument_type.code == "correction_notice"
    assert page.url.endswith(rec.get_absolute_url())
    expect(page.locator("body")).to_contain_text("纠正违法通知书")
    expect(page.locator("body")).to_contain_text("分押分管")
    page.screenshot(path=output_dir / "5-draft.png", full_page=True)

    # 4. The inspection shows what the finding became; at phone width too.
    page.goto(inspection_url)
    expect(page.get_by_test_id("finding-status")).to_have_text("已转办")
    expect(page.get_by_test_id("finding-instrument")).to_contain_text("纠正违法通知书")
    expect(page.get_by_test_id("finding-outcome")).to_contain_text(finding.case.number)
    page.screenshot(path=output_dir / "6-inspection-after.png", full_page=True)
    phone = new_page(PHONE)
    login(phone, "procurator", PASSWORD)
    phone.goto(inspection_url)
    expect(phone.get_by_test_id("finding-instrument")).to_be_visible()
    phone.screenshot(path=output_dir / "7-inspection-phone.png", full_page=True)

    # 5. The case page says where the case came from.
    page.goto(finding.case.get_absolute_url())
    expect(page.get_by_test_id("case-inspection")).to_contain_text("源自巡回检察")
    expect(page.get_by_test_id("case-inspection")).to_contain_text("舟山市看守所常规巡回检察")
    page.screenshot(path=output_dir / "8-case-page.png", full_page=True)
