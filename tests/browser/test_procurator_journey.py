"""The procurator's journey (issue 14): case → investigation → instrument → approval → issue →
service within 25 user actions, no field typed twice (the facts come from the case summary,
the addressee from the case, the title is generated, the dates default to today); then the
reply (the liaison's own journey is tests/browser/test_liaison_journey.py), the evaluation,
the follow-up check and the case closed. In Chinese on a desktop and in English on a phone,
with axe-core on every page (the ``new_page`` fixture).

One action: a click, a choice in a select, a field filled, a file chosen; the login form counts
as one. The approver's steps count too: the budget is the office's, not one person's."""

from __future__ import annotations

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from recommendations import services
from recommendations.choices import InstrumentStatus, ItemAnswer
from recommendations.models import Recommendation
from recommendations.services.replies import ItemAnswerInput
from tests.world import PASSWORD

from .conftest import DESKTOP, PHONE, confirm, login, t

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUDGET = 25



@pytest.mark.parametrize(("locale", "viewport"), [("zh-CN", DESKTOP), ("en-US", PHONE)],
                         ids=["zh-desktop", "en-phone"])
def test_case_to_a_served_instrument_within_budget_then_to_the_case_closed(
        world, new_page, output_dir, locale, viewport):
    lang = "en" if locale.startswith("en") else "zh-hans"
    english = lang == "en"
    typed: list[str] = []

    def fill(locator, text: str) -> None:
        assert text not in typed, f"typed twice: {text}"
        typed.append(text)
        locator.fill(text)

    page = new_page(viewport, locale=locale)
    actions = 0
    login(page, "procurator", PASSWORD, english=english)
    actions += 1

    # The case: the matter (its kind follows), the agency, the name and the summary.
    page.get_by_role("link", name=t("登记案件", lang)).click()
    with translation.override(lang):
        matter_label = str(world.matter)
    page.get_by_label(t("监督事项", lang)).select_option(label=matter_label)
    page.get_by_label(t("被监督单位", lang)).select_option(label="舟山市定海区人民法院")
    fill(page.get_by_label(t("案件名称", lang)), "定海区法院民事案件公告送达程序违法监督案")
    fill(page.get_by_label(t("案情摘要", lang)),
         "经审查，该院在多起民事案件中未穷尽其他送达方式即公告送达。")
    page.get_by_role("button", name=t("登记", lang), exact=True).click()
    actions += 6
    expect(page.get_by_test_id("case-number")).to_be_visible()
    case_url = page.url
    page.screenshot(path=output_dir / f"1-case-{lang}.png", full_page=True)

    # Investigation: a file review (调阅卷宗), dated today by default.
    page.get_by_role("link", name=t("记录调查核实", lang)).click()
    page.get_by_label(t("调查方式", lang)).select_option(index=1)
    fill(page.get_by_label(t("调查对象", lang)), "（2026）浙0902民初118号等三案卷宗")
    page.get_by_role("button", name=t("保存", lang), exact=True).click()
    actions += 4
    expect(page).to_have_url(case_url)

    # The instrument: type, then only what the case does not already say.
    page.get_by_role("link", name=t("拟制文书", lang), exact=True).click()
    page.get_by_label(t("文书类型", lang)).select_option(value=str(world.recommendation_type.pk))
    actions += 2
    expect(page.locator("#draft-form")).to_have_attribute(  # the type's sections, redrawn
        "data-sections-for", str(world.recommendation_type.pk))
    expect(page.get_by_label(t("查明的事实", lang))).to_have_value(
        "经审查，该院在多起民事案件中未穷尽其他送达方式即公告送达。")
    expect(page.get_by_label(t("标题", lang))).to_have_value(
        "关于舟山市定海区人民法院有案不立问题的检察建议书")
    fill(page.get_by_label(t("存在的问题", lang)), "未穷尽其他送达方式即公告送达，损害当事人诉讼权利。")
    fill(page.get_by_label(t("法律依据", lang)), "《中华人民共和国民事诉讼法》第九十五条。")
    fill(page.get_by_label(t("建议内容", lang)), "一、严格执行公告送达的适用条件\n二、开展专项自查")
    page.screenshot(path=output_dir / f"2-draft-{lang}.png", full_page=True)
    page.get_by_role("button", name=t("保存草稿", lang)).click()
    expect(page.get_by_test_id("status")).to_have_text(t("草稿", lang))
    page.get_by_role("button", name=t("提请审批", lang)).click()
    actions += 5
    expect(page.get_by_test_id("status")).to_have_text(t("待审批", lang))

    # The approver: the queue, the draft, approve, issue (confirmed).
    approver = new_page(viewport, locale=locale)
    login(approver, "approver", PASSWORD, english=english)
    approver.get_by_test_id("approval-row").first.get_by_role("link").first.click()
    approver.get_by_role("button", name=t("审批同意", lang)).click()
    approver.get_by_role("button", name=t("签发并生成文号", lang)).click()
    confirm(approver)
    actions += 5
    rec = Recommendation.objects.get(case__title="定海区法院民事案件公告送达程序违法监督案")
    assert rec.status == InstrumentStatus.ISSUED and rec.number

    # Service on paper, today (the default), by the procurator.
    page.reload()
    page.get_by_role("button", name=t("登记送达", lang)).click()
    actions += 2
    expect(page.get_by_test_id("status")).to_have_text(t("待回复", lang))
    expect(page.get_by_test_id("due-chip")).to_be_visible()
    assert actions <= BUDGET, f"{actions} actions"
    page.screenshot(path=output_dir / f"3-served-{lang}.png", full_page=True)

    # The court replies (its journey is the liaison's test); the procurator evaluates it.
    rec.refresh_from_db()
    items = list(rec.items.order_by("number"))
    assert [i.text for i in items] == ["严格执行公告送达的适用条件", "开展专项自查"]
    services.reply_submit(actor=world.court_liaison, recommendation=rec,
                          content="已全部整改。", item_answers=[
                              ItemAnswerInput(item.pk, ItemAnswer.ADOPTED, "已落实")
                              for item in items])
    page.reload()
    page.get_by_role("link", name=t("评估回复", lang)).click()
    rows = page.get_by_test_id("item-evaluation")
    for n in range(rows.count()):
        rows.nth(n).get_by_label(t("评估结论", lang)).select_option(value="adopted_rectified")
    page.locator("#id_outcome").select_option(value="adopted_rectified")
    page.get_by_label(t("整改到位的，仍安排回头看", lang)).check()
    page.get_by_role("button", name=t("保存评估", lang)).click()
    expect(page.get_by_test_id("status")).to_have_text(t("待整改核查", lang))

    # 回头看: the follow-up check finds it rectified; the instrument is done, then the case.
    page.get_by_label(t("核查结论", lang)).select_option(value="yes")
    page.get_by_label(t("核查情况", lang)).fill("实地抽查十件公告送达案件，均已穷尽其他送达方式。")
    page.get_by_role("button", name=t("记录核查结果", lang)).click()
    rec.refresh_from_db()
    assert rec.status == InstrumentStatus.CLOSED
    page.screenshot(path=output_dir / f"4-verified-{lang}.png", full_page=True)
    page.goto(case_url)
    page.get_by_test_id("case-actions").get_by_text(t("结案", lang), exact=True).click()
    page.get_by_label(t("日期", lang)).fill(timezone.localdate().isoformat())
    page.get_by_label(t("意见", lang)).fill("检察建议已采纳并整改到位，结案。")
    page.get_by_role("button", name=t("确认%(label)s", lang) % {"label": t("结案", lang)}).click()
    expect(page.get_by_test_id("case-status")).to_have_text(t("结案", lang))
    page.screenshot(path=output_dir / f"5-closed-{lang}.png", full_page=True)
