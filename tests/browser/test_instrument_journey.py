"""An instrument from draft to evaluation in the browser (issue 6): drafting with the
sections of 检察建议工作规定, approval, issue, the liaison's acknowledgement (签收 = service), an
extension asked for and granted, an objection rejected with reasons, a reply item by item,
the procurator's per-item evaluation, and the PDF verification page."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from recommendations.models import Recommendation
from tests.world import PASSWORD

from .conftest import confirm, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_draft_to_evaluation_with_an_extension_and_an_objection(world, new_page, output_dir):
    today = timezone.localdate()
    case = world.register_case(title="定海区法院公告送达程序违法")

    # Draft: the sections, prefilled from the case.
    page = new_page()
    login(page, "procurator", PASSWORD)
    page.goto(f"/instruments/new/{case.pk}/")
    expect(page.get_by_label("案件来源")).to_have_value(f"本院在办理{case.number}一案中发现（案件来源：{case.get_clue_source_display()}）。")
    # Choosing the type lays out its sections under its headings (htmx redraws the form).
    page.get_by_label("文书类型").select_option(label="纠正违法通知书")
    expect(page.get_by_label("纠正意见")).to_be_visible()
    expect(page.get_by_label("建议内容")).to_have_count(0)
    page.get_by_label("文书类型").select_option(label="检察建议")
    expect(page.locator("#draft-form")).to_have_attribute(
        "data-sections-for", str(world.recommendation_type.pk))
    expect(page.get_by_label("标题")).to_have_value(re.compile(r"^关于.+问题的检察建议书$"))
    page.get_by_label("标题").fill("关于规范民事案件公告送达程序的检察建议")
    page.get_by_label("存在的问题").fill("未穷尽其他送达方式即公告送达。")
    page.get_by_label("法律依据").fill("《中华人民共和国民事诉讼法》第九十五条。")
    page.get_by_label("建议内容").fill("一、严格执行公告送达的适用条件；二、开展专项自查。")
    page.screenshot(path=output_dir / "1-draft-form.png", full_page=True)
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_test_id("items").locator("li")).to_have_count(2)
    page.get_by_role("button", name="提请审批").click()
    url = page.url

    approver = new_page()
    login(approver, "approver", PASSWORD)
    approver.goto(url)
    approver.get_by_role("button", name="审批同意").click()
    approver.get_by_role("button", name="签发并生成文号").click()
    confirm(approver)
    expect(approver.get_by_test_id("status")).to_have_text("已签发")
    rec = Recommendation.objects.get(case=case)
    digest = rec.pdf_sha256

    # The liaison acknowledges receipt: electronic service, the clock starts.
    liaison = new_page()
    login(liaison, "court_liaison", PASSWORD)
    liaison.goto(f"/portal/{rec.pk}/")
    liaison.get_by_role("button", name="签收").click()
    expect(liaison.get_by_text("已签收，回复期限自明日起计算。")).to_be_visible()
    rec.refresh_from_db()
    assert rec.served_on == today and rec.service_method == "electronic" and rec.due_date

    # They ask for more time; the procurator grants it.
    wanted = rec.due_date + datetime.timedelta(days=20)
    liaison.get_by_label("申请延长至").fill(wanted.isoformat())
    liaison.locator("#id_ext-reason").fill("需要召开审委会研究")
    liaison.get_by_role("button", name="提交延期申请").click()
    expect(liaison.get_by_text("延期申请已提交。")).to_be_visible()
    page.goto(url)
    expect(page.get_by_test_id("pending-extension")).to_be_visible()
    page.locator("#id_grant-reason").fill("理由正当")
    page.get_by_role("button", name="准许延期").click()
    rec.refresh_from_db()
    assert rec.due_date == wanted or rec.due_date > wanted - datetime.timedelta(days=1)

    # They object; the procurator maintains the recommendation with reasons.
    liaison.goto(f"/portal/{rec.pk}/")
    liaison.get_by_label("类型").select_option(label="异议/复议")
    liaison.get_by_label("异议或复查的理由").fill("本院已依法穷尽其他送达方式。")
    liaison.get_by_role("button", name="提交异议/复查申请").click()
    expect(liaison.get_by_text("已提交，检察院将在七日内作出决定。")).to_be_visible()
    page.goto(url)
    expect(page.get_by_test_id("status")).to_have_text("复议/复查中")
    expect(page.get_by_test_id("pending-review")).to_be_visible()
    page.screenshot(path=output_dir / "2-objection-pending.png", full_page=True)
    page.locator("#id_outcome").select_option(label="维持原文书")
    page.get_by_label("决定理由").fill("经审查，卷宗未见其他送达方式的记录。")
    page.get_by_role("button", name="作出决定").click()
    expect(page.get_by_test_id("status")).to_have_text("待回复")

    # The reply, item by item.
    liaison.goto(f"/portal/{rec.pk}/")
    expect(liaison.get_by_test_id("review")).to_contain_text("维持原文书")
    items = liaison.get_by_test_id("item-answer")
    expect(items).to_have_count(2)
    items.nth(0).get_by_label("采纳情况").select_option(label="采纳")
    items.nth(0).get_by_label("本项采取的措施").fill("已修订公告送达审批流程")
    items.nth(1).get_by_label("采纳情况").select_option(label="部分采纳")
    items.nth(1).get_by_label("本项采取的措施").fill("自查进行中")
    liaison.get_by_label("回复内容").fill("本院已收悉检察建议并部署整改。")
    liaison.screenshot(path=output_dir / "3-portal-reply.png", full_page=True)
    liaison.get_by_role("button", name="提交回复").click()
    expect(liaison.get_by_text("回复已提交，检察院已收到。")).to_be_visible()

    # The procurator evaluates each item and the whole.
    page.goto(url)
    expect(page.get_by_test_id("item-answers")).to_contain_text("部分采纳")
    page.get_by_role("link", name="评估回复").click()
    rows = page.get_by_test_id("item-evaluation")
    rows.nth(0).get_by_label("评估结论").select_option(label="采纳并整改到位")
    rows.nth(1).get_by_label("评估结论").select_option(label="采纳正在整改")
    page.locator("#id_outcome").select_option(label="部分采纳")
    page.locator("#id_reasons").fill("第二项自查尚未完成，三个月后回头看。")
    page.screenshot(path=output_dir / "4-evaluate.png", full_page=True)
    page.get_by_role("button", name="保存评估").click()
    expect(page.get_by_test_id("status")).to_have_text("待整改核查")
    expect(page.get_by_test_id("evaluation")).to_contain_text("采纳正在整改")
    page.screenshot(path=output_dir / "5-evaluated.png", full_page=True)
    rec.refresh_from_db()
    assert rec.pdf_sha256 == digest

    # The verification page: the stored PDF is 一致, anything else 不一致.
    page.goto(f"/instruments/verify/?rec={rec.pk}")
    stored = rec.pdf.open("rb").read()
    page.get_by_label("待核验的 PDF 文件").set_input_files(
        files=[{"name": "a.pdf", "mimeType": "application/pdf", "buffer": stored}])
    page.get_by_role("button", name="核验", exact=True).click()
    expect(page.get_by_test_id("verify-result")).to_contain_text("一致")
    page.screenshot(path=output_dir / "6-verified.png", full_page=True)
    page.get_by_label("待核验的 PDF 文件").set_input_files(
        files=[{"name": "b.pdf", "mimeType": "application/pdf", "buffer": stored + b"\n"}])
    page.get_by_role("button", name="核验", exact=True).click()
    expect(page.get_by_test_id("verify-result")).to_contain_text("不一致")
    (output_dir / "instrument.pdf").write_bytes(stored)
    (output_dir / "receipt.pdf").write_bytes(page.request.get(f"/instruments/{rec.pk}/receipt.pdf").body())
