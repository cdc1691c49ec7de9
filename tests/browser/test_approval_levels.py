"""Browser journeys of approval by level (issue 18): the department head approves a
chief-level instrument, the chief finds it in 待我审批 and approves; the chief takes a
再审检察建议 to the procuratorial committee and records its decision (at phone width)."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from recommendations import services
from recommendations.models import InstrumentType
from supervision.choices import Role
from supervision.models import User
from tests.world import PASSWORD

from .conftest import PHONE, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _chief(world) -> User:
    return User.objects.create_user(username="dh_chief", password=PASSWORD, role=Role.CHIEF,
                                    procuratorate=world.dinghai, display_name="郑国华")


def test_a_chief_level_instrument_goes_from_the_head_to_the_chief(world, new_page, output_dir):
    _chief(world)
    InstrumentType.objects.filter(pk=world.recommendation_type.pk).update(approval_level="chief")
    rec = world.draft(title="关于规范查封扣押财物的检察建议")
    services.recommendation_submit(actor=world.procurator, recommendation=rec)

    page = new_page()
    login(page, "approver", PASSWORD)
    page.goto(rec.get_absolute_url())
    expect(page.get_by_test_id("approval-chain")).to_contain_text("等待部门负责人（或检察长）审批")
    page.get_by_label("审批意见").fill("事实清楚，拟同意，报检察长审批。")
    page.get_by_role("button", name="审批同意").click()
    expect(page.get_by_text("已审核同意，文书已报送检察长审批。")).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("待审批")
    expect(page.get_by_test_id("approval-chain")).to_contain_text("等待检察长审批")
    expect(page.get_by_test_id("waiting-for")).to_have_text("等待检察长审批")
    page.screenshot(path=output_dir / "1-forwarded.png", full_page=True)

    page = new_page()
    login(page, "dh_chief", PASSWORD)
    page.goto("/instruments/approvals/")
    row = page.get_by_test_id("approval-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("关于规范查封扣押财物的检察建议")
    expect(row.get_by_test_id("approval-stage")).to_have_text("检察长")
    page.screenshot(path=output_dir / "2-chief-queue.png", full_page=True)
    row.get_by_role("link").click()
    page.get_by_role("button", name="审批同意").click()
    expect(page.get_by_text("已审批同意，文书可以签发。")).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("已审批")
    expect(page.locator('[data-testid="chain-level"][data-state="done"]')).to_have_count(2)
    page.screenshot(path=output_dir / "3-approved.png", full_page=True)


def test_the_chief_records_the_committees_decision(world, new_page, output_dir):
    chief = _chief(world)
    retrial = InstrumentType.objects.get(code="retrial_recommendation")
    rec = world.draft(instrument_type=retrial, title="关于某民间借贷纠纷一案的再审检察建议")
    services.recommendation_submit(actor=world.procurator, recommendation=rec)
    services.recommendation_approve(actor=world.approver, recommendation=rec, opinion="拟同意")
    today = timezone.localdate()

    page = new_page(viewport=PHONE)
    login(page, "dh_chief", PASSWORD)
    page.goto(rec.get_absolute_url())
    page.get_by_role("button", name="审批同意").click()
    expect(page.get_by_text("已审批同意，文书须提请检察委员会讨论决定；会后由检察长记录决定。")).to_be_visible()
    form = page.get_by_test_id("committee-form")
    form.get_by_label("会议日期").fill(today.isoformat())
    form.get_by_label("会议次数").fill("14")
    form.get_by_label("修改后同意").check()
    form.get_by_label("表决情况和决定理由").fill("同意提出再审检察建议，但须补充调解书损害国家利益的事实。")
    form.get_by_label("会议纪要编号").fill("定检委纪〔2026〕14号")
    page.screenshot(path=output_dir / "1-committee-form.png", full_page=True)
    form.get_by_role("button", name="记录检察委员会决定").click()
    expect(page.get_by_text("已记录检察委员会的决定。")).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("草稿")
    expect(page.get_by_test_id("committee-decision")).to_contain_text("修改后同意")
    expect(page.get_by_test_id("committee-decision")).to_contain_text("第14次检察委员会会议")
    page.screenshot(path=output_dir / "2-returned-with-changes.png", full_page=True)
    rec.refresh_from_db()
    assert rec.return_reason.startswith("同意提出再审检察建议") and chief.pk == (
        rec.committee_decisions.get().recorded_by_id)
