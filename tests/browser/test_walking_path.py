"""The whole supervision path through the browser, in Chinese (issue: walking skeleton 1–8)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from recommendations.models import Recommendation
from recommendations.services.sweep import deliver_event, pending_event_ids, sweep_deadlines
from tests.world import PASSWORD

from .conftest import confirm, login, zh_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPLY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_register_draft_approve_issue_serve_reply_sweep_dashboard(world, new_page, output_dir):
    today = timezone.localdate()
    year = today.year
    # An instrument to the police, long overdue, that the court's liaison must never see.
    police_case = world.register_case(agency=world.police, title="公安机关对盗窃线索长期挂案")
    overdue = world.served(today - datetime.timedelta(days=120), case=police_case)

    # 1. The procurator logs in and registers a case.
    page = new_page()
    login(page, "procurator", PASSWORD)
    expect(page.get_by_role("heading", name="监督案件")).to_be_visible()
    page.get_by_role("link", name="登记案件").click()
    page.get_by_label("监督事项").select_option(label="立案监督·有案不立")
    page.get_by_label("被监督单位").select_option(label="舟山市定海区人民法院")
    page.get_by_label("线索来源").select_option(label="控告申诉")
    page.get_by_label("案件名称").fill("定海区法院对民事案件公告送达程序违法")
    page.get_by_label("案情摘要").fill("经审查，该院在多起民事案件中未穷尽其他送达方式即公告送达。")
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_test_id("case-number")).to_have_text(f"定检刑监〔{year}〕2号")
    page.screenshot(path=output_dir / "1-case.png", full_page=True)
    case_url = page.url

    # 2. They draft a 检察建议 to the court and submit it; the approver approves.
    page.get_by_role("link", name="拟制文书").click()
    page.get_by_label("文书类型").select_option(label="检察建议")
    expect(page.locator("#draft-form")).to_have_attribute(
        "data-sections-for", str(world.recommendation_type.pk))
    expect(page.get_by_label("主送单位")).to_have_value(str(world.court.pk))
    page.get_by_label("标题").fill("关于规范民事案件公告送达程序的检察建议")
    page.get_by_label("建议内容").fill("一、严格执行公告送达的适用条件；二、开展专项自查。")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_test_id("status")).to_have_text("草稿")
    instrument_url = page.url
    page.get_by_role("button", name="提请审批").click()
    expect(page.get_by_test_id("status")).to_have_text("待审批")

    approver = new_page()
    login(approver, "approver", PASSWORD)
    approver.goto(instrument_url)
    approver.get_by_role("button", name="审批同意").click()
    expect(approver.get_by_test_id("status")).to_have_text("已审批")

    # 3. Issuing gives the document number and the frozen PDF.
    approver.get_by_role("button", name="签发并生成文号").click()
    confirm(approver)
    expect(approver.get_by_test_id("doc-number")).to_have_text(f"定检一建〔{year}〕2号")
    rec = Recommendation.objects.get(number=f"定检一建〔{year}〕2号")
    assert rec.pdf_sha256 and rec.status == "issued"
    expect(approver.get_by_text(rec.pdf_sha256)).to_be_visible()

    # 4. The procurator records service; the due date appears with its explanation.
    page.goto(instrument_url)
    page.get_by_label("送达日期").fill(today.isoformat())
    page.get_by_role("button", name="登记送达").click()
    expect(page.get_by_test_id("status")).to_have_text("待回复")
    rec.refresh_from_db()
    expect(page.get_by_test_id("due-date").locator("strong")).to_have_text(zh_date(rec.due_date))
    expect(page.get_by_test_id("due-explanation")).not_to_be_visible()  # one tap away
    page.get_by_text("期限如何计算").click()
    expect(page.get_by_test_id("due-explanation")).to_contain_text(
        f"{zh_date(today)}送达 · 两个月（《人民检察院检察建议工作规定》第十九条")
    expect(page.get_by_test_id("due-explanation")).not_to_contain_text("recommendation")
    page.screenshot(path=output_dir / "4-served.png", full_page=True)

    # 5. The court's liaison sees it — and not the police instrument — downloads the PDF, replies.
    liaison = new_page()
    login(liaison, "court_liaison", PASSWORD)
    expect(liaison.get_by_role("heading", name="收件箱")).to_be_visible()
    expect(liaison.get_by_test_id("inbox-item")).to_have_count(1)
    expect(liaison.get_by_text(overdue.number)).to_have_count(0)
    liaison.get_by_test_id("inbox-item").click()
    expect(liaison.get_by_test_id("doc-number")).to_have_text(rec.number)
    pdf_href = liaison.get_by_test_id("pdf-link").get_attribute("href")
    pdf = liaison.request.get(pdf_href)
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    assert liaison.request.get(f"/portal/{overdue.pk}/").status == 404
    answers = liaison.get_by_test_id("item-answer")
    for n in range(answers.count()):
        answers.nth(n).get_by_label("采纳情况").select_option(label="采纳")
    liaison.get_by_label("回复内容").fill("本院已收悉检察建议，已召开专题会议部署整改。")
    liaison.get_by_label("整改措施").fill("修订公告送达审批流程，开展专项自查。")
    liaison.get_by_label("附件", exact=True).set_input_files(
        files=[{"name": "整改报告.pdf", "mimeType": "application/pdf", "buffer": REPLY_PDF}])
    liaison.get_by_role("button", name="提交回复").click()
    expect(liaison.get_by_text("回复已提交，检察院已收到。")).to_be_visible()
    liaison.screenshot(path=output_dir / "5-liaison-replied.png", full_page=True)

    # 6. The procurator sees the reply on the case page.
    page.goto(case_url)
    expect(page.get_by_test_id("reply")).to_contain_text("已召开专题会议部署整改")
    expect(page.get_by_role("link", name=re.compile("整改报告.pdf"))).to_be_visible()

    # 7. The sweep flags the unanswered instrument as overdue, once however often it runs.
    for _ in range(2):
        sweep_deadlines()
        for pk in pending_event_ids():
            deliver_event(pk)
    page.goto(f"/instruments/{overdue.pk}/")
    expect(page.get_by_text("已逾期").first).to_be_visible()
    page.get_by_role("link", name=re.compile("^通知")).click()
    expect(page.get_by_text(re.compile(re.escape(overdue.number) + ".*已逾期：回复期限"))).to_have_count(1)

    # 8. A supervisor above opens the deadline dashboard and drills into the overdue list.
    supervisor = new_page()
    login(supervisor, "supervisor", PASSWORD)
    expect(supervisor.get_by_role("heading", name="期限看板")).to_be_visible()
    expect(supervisor.get_by_test_id("count-overdue")).to_have_text("1")
    expect(supervisor.get_by_test_id("count-awaiting")).to_have_text("1")
    supervisor.screenshot(path=output_dir / "8-dashboard.png", full_page=True)
    supervisor.get_by_test_id("card-overdue").click()
    expect(supervisor.get_by_test_id("deadline-row")).to_have_count(1)
    expect(supervisor.get_by_test_id("deadline-row")).to_contain_text(overdue.number)
    supervisor.screenshot(path=output_dir / "8-overdue-list.png", full_page=True)
