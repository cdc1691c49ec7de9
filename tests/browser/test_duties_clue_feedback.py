"""Browser journey of the clue feedback flow (issue 19): the procurator transfers a clue to the
supervisory commission from the case page; the commission's liaison, on a phone, follows the
notification to the transfer in the portal, reads the clue and the letter, and gives the
written feedback with a file (one page, one submit); the procurator finds it unread in the
queue, reads it and marks it read. Then early involvement and a return for supplementary
investigation are recorded on the case."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agencies.choices import AgencyType
from agencies.models import Agency, LiaisonMembership
from cases.models import ClueTransfer
from cases.samples import tiny_pdf
from supervision.choices import Role
from supervision.models import User
from tests.world import PASSWORD

from .conftest import PHONE, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMMISSION = "舟山市定海区监察委员会"


def test_a_clue_goes_to_the_commission_which_answers_in_the_portal_on_a_phone(
        world, new_page, output_dir):
    today = timezone.localdate()
    commission = Agency.objects.create(name=COMMISSION,
                                       agency_type=AgencyType.SUPERVISORY_COMMISSION,
                                       supervising_procuratorate=world.dinghai)
    liaison = User.objects.create_user(username="jw_liaison", password=PASSWORD,
                                       role=Role.LIAISON, agency=commission,
                                       display_name="监委联络员")
    LiaisonMembership.objects.create(user=liaison, agency=commission)
    case = world.register_case(assistant=world.assistant)

    # 1. The procurator transfers the clue from the case page, naming the commission.
    page = new_page()
    login(page, "procurator", PASSWORD)
    page.goto(case.get_absolute_url())
    page.get_by_role("link", name="移送线索").click()
    page.get_by_label("移送对象类别").select_option(label="监察委员会/纪检监察机关")
    page.get_by_label("接收单位（系统内）").select_option(label=COMMISSION)
    page.get_by_label("线索内容").fill("审查中发现某街道办事处工作人员在征迁补偿中涉嫌滥用职权。")
    page.get_by_label("移送函文号").fill("定检移〔2026〕11号")
    page.get_by_label("附件").set_input_files(files=[
        {"name": "线索移送函.pdf", "mimeType": "application/pdf", "buffer": tiny_pdf("letter")}])
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("线索移送已登记")).to_be_visible()
    expect(page.get_by_test_id("transfer")).to_contain_text("接收单位在平台书面反馈")
    transfer = ClueTransfer.objects.get(case=case)

    # 2. The commission's liaison, on a phone: the bell, then the transfer.
    phone = new_page(viewport=PHONE)
    login(phone, "jw_liaison", PASSWORD)
    phone.goto("/notifications/")
    phone.get_by_role("link", name="定检移〔2026〕11号").first.click()
    expect(phone.get_by_test_id("clue-text")).to_contain_text("征迁补偿中涉嫌滥用职权")
    expect(phone.get_by_test_id("letter-file")).to_have_text("线索移送函.pdf")
    expect(phone.get_by_text(case.title)).to_have_count(0)  # not the case file
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.screenshot(path=output_dir / "1-portal-transfer-phone.png", full_page=True)

    # A date in the future is refused with a message, on the form.
    phone.get_by_label("反馈结果").fill("经初步核实，已对该工作人员立案审查调查。")
    phone.get_by_label("反馈日期").fill((today.replace(year=today.year + 1)).isoformat())
    phone.get_by_test_id("feedback-submit").click()
    expect(phone.get_by_text("日期不能晚于今天")).to_be_visible()
    phone.get_by_label("反馈日期").fill(today.isoformat())
    phone.get_by_label("反馈文书及材料").set_input_files(files=[
        {"name": "立案决定书.pdf", "mimeType": "application/pdf",
         "buffer": tiny_pdf("decision")}])
    phone.get_by_test_id("feedback-submit").click()
    expect(phone.get_by_text("书面反馈已提交")).to_be_visible()
    expect(phone.get_by_test_id("feedback-given")).to_contain_text("已对该工作人员立案审查调查")
    expect(phone.get_by_test_id("feedback-given")).to_contain_text("立案决定书.pdf")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.screenshot(path=output_dir / "2-portal-feedback-given-phone.png", full_page=True)
    phone.goto("/portal/clue-feedback/?status=answered")
    expect(phone.get_by_test_id("clue-item")).to_have_count(1)
    phone.screenshot(path=output_dir / "3-portal-list-phone.png", full_page=True)

    # 3. The procurator finds it unread in the queue, reads it and marks it read.
    page.goto("/duties/clue-feedback/")
    expect(page.get_by_test_id("queue-tab-unread")).to_contain_text("1")
    page.get_by_test_id("queue-tab-unread").click()
    expect(page.get_by_test_id("queue-row")).to_have_count(1)
    expect(page.get_by_test_id("unread-badge")).to_be_visible()
    page.screenshot(path=output_dir / "4-queue-unread.png", full_page=True)
    page.get_by_role("link", name=COMMISSION).click()
    expect(page.get_by_test_id("feedback-summary")).to_contain_text("立案审查调查")
    page.get_by_test_id("mark-read").click()
    expect(page.get_by_text("已标记为已阅。")).to_be_visible()
    page.screenshot(path=output_dir / "5-transfer-read.png", full_page=True)
    transfer.refresh_from_db()
    assert transfer.reply_read_by_id == world.procurator.pk

    # 4. Early involvement and a return for supplementary investigation, on the case.
    page.goto(case.get_absolute_url())
    page.get_by_test_id("involvement-create").click()
    page.get_by_label("商请机关（系统内）").select_option(label=COMMISSION)
    page.get_by_label("商请日期").fill(today.isoformat())
    page.get_by_label("介入事项").fill("某工作人员滥用职权案，就证据收集提出意见。")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("involvement")).to_contain_text(COMMISSION)
    page.get_by_test_id("return-create").click()
    page.get_by_label("监察机关（系统内）").select_option(label=COMMISSION)
    page.get_by_label("退回理由").fill("部分事实证据不足。")
    page.get_by_label("需要补充调查的事项").fill("补充调取银行流水。")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("退回补充调查已记录")).to_be_visible()
    expect(page.get_by_test_id("supplementary-return")).to_contain_text("第 1 次退回补充调查")
    expect(page.get_by_test_id("supplementary-due")).to_be_visible()
    page.locator("#liaison").screenshot(path=output_dir / "6-case-commission-records.png")
