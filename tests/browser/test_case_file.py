"""Browser journey of the case file (issue 5): register a case with a party and a related
case number, record an investigation measure with an attachment, upload a case file, find the
case by a two-character search, and be warned before registering the same matter twice."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Attachment, SupervisionCase
from cases.samples import tiny_pdf, tiny_png
from cases.tests.test_registration import PERSON_ID
from tests.world import PASSWORD

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_register_a_case_with_a_measure_and_an_attachment(world, new_page, output_dir):
    today = timezone.localdate()
    page = new_page()
    login(page, "procurator", PASSWORD)

    # 1. Register: matter, agency, a party with an ID number, a related court case number.
    page.get_by_role("link", name="登记案件").click()
    page.get_by_label("监督事项").select_option(label="侦查活动监督·违法查封扣押冻结款物")
    page.get_by_label("被监督单位").select_option(label="舟山市公安局定海分局")
    page.get_by_label("线索来源").select_option(label="控告申诉")
    page.get_by_label("案件名称").fill("定海分局违法扣押案外人渔船监督案")
    page.get_by_label("案情摘要").fill("控告人称其所有的渔船与案件无关却被一并扣押，至今未解除。")
    page.get_by_label("关联案件号").fill("舟定公（刑）立字〔2026〕318号")
    page.get_by_label("涉未成年人").uncheck()
    page.get_by_label("诉讼地位 1").select_option(label="控告人/举报人")
    page.get_by_label("姓名/名称 1").fill("王某某")
    page.get_by_label("身份证号/统一社会信用代码 1").fill(PERSON_ID)
    page.screenshot(path=output_dir / "1-register-form.png", full_page=True)
    page.get_by_role("button", name="登记", exact=True).click()
    expect(page.get_by_test_id("case-number")).to_have_text(f"定检刑监〔{today.year}〕1号")
    expect(page.get_by_test_id("next-action")).to_contain_text("开始审查")
    expect(page.get_by_test_id("party")).to_contain_text("王某某")
    expect(page.get_by_test_id("party")).not_to_contain_text(PERSON_ID)  # masked at first
    page.get_by_test_id("reveal-ids").click()  # shown on request, and audited
    expect(page.get_by_test_id("party")).to_contain_text(PERSON_ID)
    case_url = page.url

    # 2. Start the review, then record a measure with an attachment (a refusal to cooperate).
    page.get_by_role("button", name="开始审查").click()
    expect(page.get_by_test_id("case-status")).to_have_text("审查")
    page.get_by_role("link", name="记录调查核实").click()
    page.get_by_label("调查方式").select_option(label="查阅/调阅案卷")
    page.get_by_label("调查日期").fill(today.isoformat())
    page.get_by_label("调查对象").fill("定海分局刑侦大队")
    page.get_by_label("调查结果").fill("扣押清单载明渔船一艘，未附与案件关联性的说明。")
    page.get_by_label("拒不配合", exact=True).check()
    page.get_by_label("拒不配合情况").fill("以侦查秘密为由拒绝提供扣押决定书原件。")
    page.get_by_label("附件").set_input_files(files=[
        {"name": "调阅笔录.pdf", "mimeType": "application/pdf", "buffer": tiny_pdf("record")}])
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("调查核实情况已记录。")).to_be_visible()
    measure = page.get_by_test_id("measure")
    expect(measure).to_contain_text("定海分局刑侦大队")
    expect(page.get_by_test_id("refusal")).to_contain_text("拒绝提供扣押决定书原件")
    expect(page.get_by_test_id("next-action")).to_contain_text("拒不配合")

    # 3. The attachment downloads through the checked view, byte for byte.
    href = measure.get_by_role("link", name="调阅笔录.pdf").get_attribute("href")
    download = page.request.get(href)
    assert download.status == 200 and download.body() == tiny_pdf("record")

    # 4. A renamed executable is refused; a real photo is accepted into the case file.
    page.get_by_label("文件", exact=True).set_input_files(files=[
        {"name": "现场照片.png", "mimeType": "image/png", "buffer": b"MZ\x90\x00" + b"\x00" * 300}])
    page.get_by_role("button", name="上传").click()
    expect(page.get_by_text(re.compile("不支持的文件类型"))).to_be_visible()
    page.get_by_label("文件", exact=True).set_input_files(files=[
        {"name": "现场照片.png", "mimeType": "image/png", "buffer": tiny_png()}])
    page.get_by_label("说明").fill("渔船停泊现场")
    page.get_by_role("button", name="上传").click()
    expect(page.get_by_test_id("case-file")).to_contain_text("现场照片.png")
    assert Attachment.objects.count() == 2

    # 5. Escalate the refusal; the timeline tells the whole story with who and when.
    page.get_by_role("button", name="报告拒不配合").click()
    expect(page.get_by_test_id("escalated")).to_contain_text("陈立")
    timeline = page.get_by_test_id("timeline-item")
    expect(timeline).to_have_count(6)
    expect(timeline.nth(0)).to_contain_text("登记案件")
    expect(timeline.nth(5)).to_contain_text("报告拒不配合情形")
    page.screenshot(path=output_dir / "2-case-page.png", full_page=True)

    # 6. The list finds it by a two-character term (htmx swaps the table in place).
    page.get_by_role("link", name="监督案件").first.click()
    world.register_case(title="另一件无关案件", summary="公告送达程序违法。")
    page.reload()
    expect(page.get_by_test_id("case-row")).to_have_count(2)
    page.get_by_label("搜索").fill("扣押")
    expect(page.get_by_test_id("case-row")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"q=%E6%89%A3%E6%8A%BC"))
    row = page.get_by_test_id("case-row")
    expect(row).to_contain_text("定海分局违法扣押案外人渔船监督案")
    expect(row).to_contain_text(PERSON_ID[:4] + "*" * 10 + PERSON_ID[-4:])  # masked in the list
    page.screenshot(path=output_dir / "3-list-search.png", full_page=True)

    # 7. Registering the same agency + related number again warns first.
    page.goto("/cases/new/")
    page.get_by_label("监督事项").select_option(label="侦查活动监督·违法查封扣押冻结款物")
    page.get_by_label("被监督单位").select_option(label="舟山市公安局定海分局")
    page.get_by_label("案件名称").fill("重复线索")
    page.get_by_label("案情摘要").fill("同一扣押事项的另一份控告。")
    page.get_by_label("关联案件号").fill("舟定公(刑)立字〔2026〕318号")
    page.get_by_role("button", name="登记", exact=True).click()
    warning = page.get_by_test_id("duplicate-warning")
    expect(warning).to_contain_text(f"定检刑监〔{today.year}〕1号")
    page.screenshot(path=output_dir / "4-duplicate-warning.png", full_page=True)
    assert SupervisionCase.objects.count() == 2
    page.get_by_label("仍然登记").check()
    page.get_by_role("button", name="登记", exact=True).click()
    expect(page.get_by_test_id("case-number")).to_have_text(f"定检刑监〔{today.year}〕3号")
    assert case_url != page.url
