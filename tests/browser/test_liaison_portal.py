"""The liaison's journey (issue 8), in a phone-sized browser: from the invitation e-mail's link
to a reply signed off by the agency's responsible person and read by the procurator."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from agencies.models import LiaisonMembership
from cases.samples import tiny_pdf
from recommendations.models import Reply
from tests.world import PASSWORD

from .conftest import confirm, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_from_the_invitation_link_to_a_signed_off_reply(world, new_page, output_dir):
    police = world.police
    police.reply_requires_signoff = True
    police.save()
    rec = world.issued(world.register_case(agency=police, title="对盗窃线索有案不立"),
                       title="关于规范受案立案工作的检察建议",
                       items=["一、对报案线索一律登记受理", "二、建立受案立案台账"])

    # The procurator invites the police's new liaison and makes the existing one the
    # responsible person who signs replies off.
    staff = new_page()
    login(staff, "procurator", PASSWORD)
    staff.get_by_role("link", name="联络员").click()
    staff.get_by_label("被监督单位").select_option(label=police.name)
    staff.get_by_label("联络员姓名").fill("赵法制")
    staff.get_by_label("电子邮箱").fill("zhao@police.example")
    staff.get_by_role("button", name="发送邀请").click()
    expect(staff.get_by_text("邀请已发送至 zhao@police.example。")).to_be_visible()
    staff.get_by_test_id("liaison-row").filter(has_text="police_liaison") \
        .get_by_role("button", name="设为单位负责人").click()
    expect(staff.get_by_test_id("liaison-row").filter(has_text="police_liaison")) \
        .to_contain_text("单位负责人")
    assert LiaisonMembership.objects.get(user=world.police_liaison, agency=police).is_responsible

    # The invitation e-mail's link: set a password, land in the inbox.
    from supervision.services import emails

    for pk in emails.due_email_ids():  # the e-mail outbox, sent as the worker would
        emails.email_send(pk)
    link = re.search(r"https?://\S+/invite/\S+/", mail.outbox[-1].body).group(0)
    page = new_page(PHONE)
    page.goto(link)
    page.locator("#id_new_password1").fill("Police-liaison-2026")
    page.locator("#id_new_password2").fill("Police-liaison-2026")
    page.get_by_role("button", name="设置密码并登录").click()
    expect(page.get_by_role("heading", name="收件箱")).to_be_visible()
    expect(page.get_by_test_id("inbox-tab-new").get_by_test_id("inbox-tab-count")).to_have_text("1")
    card = page.get_by_test_id("inbox-item").filter(has_text=rec.number)
    expect(card.get_by_test_id("inbox-next-step")).to_contain_text("签收本文书")
    expect(card.get_by_test_id("inbox-pdf")).to_be_visible()
    page.screenshot(path=output_dir / "inbox-phone.png", full_page=True)

    # Acknowledge (签收): the period starts tomorrow.
    card.get_by_role("link", name=f"检察建议 · {rec.number}").click()
    page.get_by_role("button", name="签收").click()
    expect(page.get_by_text("已签收，回复期限自明日起计算。")).to_be_visible()

    # Half a reply, saved as a draft.
    answers = page.get_by_test_id("item-answer")
    answers.nth(0).get_by_label("采纳情况").select_option(label="采纳")
    answers.nth(0).get_by_label("本项采取的措施").fill("已下发通知，报案一律登记。")
    page.get_by_label("回复内容").fill("我局已研究，采纳贵院检察建议。")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_text("草稿已保存。贵单位其他联络员也可以继续编辑。")).to_be_visible()
    expect(page.get_by_label("回复内容")).to_have_value("我局已研究，采纳贵院检察建议。")

    # A program renamed 整改报告.pdf is refused; what was typed stays.
    page.get_by_label("回复内容").fill("我局已研究，采纳贵院检察建议，逐项整改。")
    page.get_by_label("附件", exact=True).set_input_files(
        files=[{"name": "整改报告.pdf", "mimeType": "application/pdf",
                "buffer": b"MZ\x90\x00\x03" + b"\x00" * 500}])
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_text(re.compile("不支持的文件类型"))).to_be_visible()
    expect(page.get_by_label("回复内容")).to_have_value("我局已研究，采纳贵院检察建议，逐项整改。")

    # Complete it and hand it to the responsible person.
    answers = page.get_by_test_id("item-answer")
    answers.nth(1).get_by_label("采纳情况").select_option(label="采纳")
    answers.nth(1).get_by_label("本项采取的措施").fill("受案立案台账已建立。")
    page.get_by_label("附件", exact=True).set_input_files(
        files=[{"name": "整改报告.pdf", "mimeType": "application/pdf", "buffer": tiny_pdf()}])
    page.screenshot(path=output_dir / "reply-form-phone.png", full_page=True)
    page.get_by_role("button", name="提请单位负责人签发").click()
    expect(page.get_by_text("已提请单位负责人签发；签发后回复即送达检察院。")).to_be_visible()
    expect(page.get_by_test_id("signoff")).to_contain_text("待负责人签发")
    assert not Reply.objects.exists()
    page.screenshot(path=output_dir / "awaiting-signoff-phone.png", full_page=True)

    # The responsible person follows the notice and signs off.
    head = new_page(PHONE)
    login(head, "police_liaison", PASSWORD)
    head.goto("/portal/")
    expect(head.get_by_test_id("inbox-tab-signoff").get_by_test_id("inbox-tab-count")) \
        .to_have_text("1")
    expect(head.get_by_test_id("inbox-draft")).to_contain_text("回复待负责人签发")
    head.screenshot(path=output_dir / "head-inbox-phone.png", full_page=True)
    head.goto("/notifications/")
    head.get_by_role("link", name=re.compile("请您签发")).first.click()
    expect(head.get_by_test_id("signoff")).to_contain_text("我局已研究，采纳贵院检察建议，逐项整改。")
    head.get_by_role("button", name="签发并送达检察院").click()
    confirm(head)
    expect(head.get_by_text("已签发，回复已送达检察院。")).to_be_visible()
    head.screenshot(path=output_dir / "signed-off-phone.png", full_page=True)

    reply = Reply.objects.get()
    assert (reply.author.display_name, reply.signed_off_by) == ("赵法制", world.police_liaison)
    assert reply.attachment_name == "整改报告.pdf" and reply.item_answers.count() == 2

    # The liaison sees it sent; the form now writes a supplement (补充回复), signed off too.
    page.reload()
    expect(page.get_by_test_id("reply")).to_contain_text("签发")
    expect(page.get_by_role("heading", name=re.compile("补充回复"))).to_be_visible()
    expect(page.get_by_role("button", name="提请单位负责人签发")).to_be_visible()

    # The procurator reads it, with who signed it off.
    staff.goto(f"/instruments/{rec.pk}/")
    expect(staff.get_by_test_id("reply")).to_contain_text("我局已研究，采纳贵院检察建议，逐项整改。")
    expect(staff.get_by_test_id("reply")).to_contain_text("签发")
    staff.screenshot(path=output_dir / "procurator-reads-reply.png", full_page=True)
