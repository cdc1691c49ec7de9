"""The liaison's journey (issue 14): login → a reply with an attachment submitted, within the
budget of eight user actions, then an extension request on another instrument — in Chinese and
in English, on a desktop (1366×768) and a phone (390×844), with axe-core on every page (the
``new_page`` fixture).

What counts as one action: a click, a choice in a select, a field filled, a file chosen. The
login form counts as one (the browser fills the name and password). The labels are looked up
through the catalogue (``gettext``), so the same steps run in both languages."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from cases.samples import tiny_pdf
from recommendations.choices import InstrumentStatus
from recommendations.models import Recommendation, RecommendationExtension, Reply
from tests.world import PASSWORD

from .conftest import DESKTOP, PHONE, login, t

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUDGET = 8



@pytest.mark.parametrize(("locale", "viewport"), [
    ("zh-CN", DESKTOP), ("zh-CN", PHONE), ("en-US", DESKTOP), ("en-US", PHONE)],
    ids=["zh-desktop", "zh-phone", "en-desktop", "en-phone"])
def test_login_to_a_submitted_reply_within_eight_actions(world, new_page, output_dir, locale,
                                                         viewport):
    lang = "en" if locale.startswith("en") else "zh-hans"
    size = "phone" if viewport is PHONE else "desktop"
    rec = world.issued(world.register_case(title="定海区法院公告送达程序违法"),
                       title="关于规范民事案件公告送达程序的检察建议",
                       items=["一、严格执行公告送达的适用条件", "二、开展专项自查"])
    other = world.served(datetime.date.today() - datetime.timedelta(days=3),
                         world.register_case(title="执行款发放迟延"),
                         title="关于及时发放执行款的检察建议")

    page = new_page(viewport, locale=locale)
    actions = 0
    login(page, "court_liaison", PASSWORD, english=lang == "en")
    actions += 1
    card = page.get_by_test_id("inbox-item").filter(has_text=rec.number)
    expect(card.get_by_test_id("inbox-next-step")).to_be_visible()
    page.screenshot(path=output_dir / f"1-inbox-{lang}-{size}.png", full_page=True)

    # 签收 straight from the inbox: the period starts tomorrow, and the reply form is open.
    card.get_by_test_id("inbox-acknowledge").click()
    actions += 1
    expect(page.get_by_text(t("已签收，回复期限自明日起计算。", lang))).to_be_visible()
    expect(page.get_by_test_id("due-chip")).to_be_visible()

    answers = page.get_by_test_id("item-answer")
    expect(answers).to_have_count(2)
    for n, (answer, measures) in enumerate([("采纳", "已修订公告送达审批流程"),
                                            ("部分采纳", "专项自查进行中")]):
        answers.nth(n).get_by_label(t("采纳情况", lang)).select_option(label=t(answer, lang))
        answers.nth(n).get_by_label(t("本项采取的措施", lang)).fill(measures)
        actions += 2
    page.get_by_label(t("附件", lang), exact=True).set_input_files(
        files=[{"name": "整改报告.pdf", "mimeType": "application/pdf", "buffer": tiny_pdf()}])
    actions += 1
    page.screenshot(path=output_dir / f"2-reply-{lang}-{size}.png", full_page=True)
    page.get_by_role("button", name=t("提交回复", lang)).click()
    actions += 1
    expect(page.get_by_text(t("回复已提交，检察院已收到。", lang))).to_be_visible()
    assert actions <= BUDGET, f"{actions} actions"
    reply = Reply.objects.get(recommendation=rec)
    assert reply.attachment_name == "整改报告.pdf" and reply.item_answers.count() == 2
    assert Recommendation.objects.get(pk=rec.pk).status == InstrumentStatus.REPLIED
    page.screenshot(path=output_dir / f"3-replied-{lang}-{size}.png", full_page=True)

    # More time on the other instrument: from the inbox, the date and the reason.
    page.goto("/portal/")
    page.get_by_test_id("inbox-item").filter(has_text=other.number).get_by_role("link").first.click()
    other.refresh_from_db()
    wanted = other.due_date + datetime.timedelta(days=15)
    page.get_by_label(t("申请延长至", lang)).fill(wanted.isoformat())
    page.locator("#id_ext-reason").fill("需要召开党组会研究整改方案")
    page.get_by_role("button", name=t("提交延期申请", lang)).click()
    expect(page.get_by_text(t("延期申请已提交。", lang))).to_be_visible()
    assert RecommendationExtension.objects.get(recommendation=other).requested_due == wanted
    page.screenshot(path=output_dir / f"4-extension-{lang}-{size}.png", full_page=True)
