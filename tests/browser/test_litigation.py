"""Browser journey of a civil public-interest suit (issue 18): the procurator opens the suit
from the case page and publishes the announcement — dated far enough back that its thirty
days have already run — is refused nothing but what the law refuses, records that nobody sued;
the chief decides to sue; the procurator files suit with the court, records the trial and —
at phone width — the judgment, whose appeal period then runs."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from litigation.models import PublicInterestSuit
from supervision.choices import Role
from supervision.models import Matter, User
from tests.world import PASSWORD

from .conftest import PHONE, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_civil_suit_from_the_announcement_to_the_judgment(world, new_page, output_dir):
    today = timezone.localdate()
    User.objects.create_user(username="chief", password=PASSWORD, role=Role.CHIEF,
                             procuratorate=world.dinghai, display_name="林海")
    case = world.register_case(
        matter=Matter.objects.filter(kind__code="public_interest", children__isnull=True).first(),
        agency=world.market, accepted_on=today - datetime.timedelta(days=70),
        title="某化工厂非法排污损害公益案")
    published = today - datetime.timedelta(days=50)

    page = new_page()
    login(page, "procurator", PASSWORD)

    # 1. Open the suit from the case page.
    page.goto(case.get_absolute_url())
    page.get_by_test_id("case-litigation").get_by_role("link", name="登记公益诉讼").click()
    page.get_by_label("诉讼类型").select_option(label="民事公益诉讼")
    page.get_by_label("被告").fill("舟山某化工有限公司")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("suit-status")).to_have_text("诉前审查")

    # 2. The announcement: first without its content (told so), then complete.
    page.get_by_role("link", name="发布公告").click()
    page.get_by_label("公告媒体").select_option(label="《检察日报》")
    page.get_by_label("公告日期").fill(published.isoformat())
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    page.get_by_label("公告内容").fill("本院在履行职责中发现舟山某化工有限公司非法排污……特此公告。")
    page.screenshot(path=output_dir / "1-announce.png", full_page=True)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("suit-status")).to_have_text("公告中")
    expect(page.get_by_test_id("suit-announcement")).to_contain_text("检察日报")

    # 3. The period has run: nobody sued.
    page.get_by_role("link", name="登记公告结果").click()
    expect(page.get_by_test_id("announcement-due")).to_be_visible()
    page.get_by_label("公告结果").select_option(value="nobody_sued")
    page.get_by_label("登记日期").fill(today.isoformat())
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("announcement-result")).to_contain_text("无适格主体起诉")
    # Not yet decided by the chief: the procurator is not offered the filing's decision.
    expect(page.get_by_test_id("suit-actions").get_by_role("link", name="检察长决定起诉")).to_have_count(0)
    suit_url = page.url

    # 4. The chief decides.
    chief = new_page()
    login(chief, "chief", PASSWORD)
    chief.goto(suit_url)
    chief.get_by_role("link", name="检察长决定起诉").click()
    chief.get_by_label("决定日期").fill(today.isoformat())
    chief.get_by_role("button", name="保存").click()
    expect(chief.get_by_test_id("suit-decision")).to_contain_text("林海")

    # 5. The procurator files suit and records the trial held this morning.
    page.goto(suit_url)
    page.get_by_role("link", name="提起公益诉讼").click()
    page.get_by_label("受诉法院").select_option(label=world.court.name)
    page.get_by_label("起诉日期").fill(today.isoformat())
    page.get_by_label("诉讼请求").fill("判令被告修复受损生态环境\n判令被告公开赔礼道歉")
    page.get_by_label("事实与理由").fill("被告长期将未经处理的废水排入河道。")
    page.screenshot(path=output_dir / "2-file.png", full_page=True)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("suit-status")).to_have_text("已起诉")
    page.get_by_role("link", name="登记庭审").click()
    page.get_by_label("类型").select_option(label="开庭审理")
    held = timezone.localtime().replace(hour=0, minute=30)
    page.get_by_label("时间").fill(held.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("地点").fill("舟山市定海区人民法院第三法庭")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("suit-status")).to_have_text("已开庭")
    expect(page.get_by_test_id("suit-session")).to_contain_text("第三法庭")

    # 6. At phone width: the judgment, served today; fifteen days to appeal.
    phone = new_page(PHONE)
    login(phone, "procurator", PASSWORD)
    phone.goto(suit_url)
    phone.get_by_role("link", name="登记一审裁判").click()
    phone.get_by_label("一审结果").select_option(label="判决支持部分诉讼请求")
    phone.get_by_label("裁判日期").fill(today.isoformat())
    phone.get_by_label("送达日期").fill(today.isoformat())
    phone.get_by_label("裁判主文").fill("被告于判决生效后六个月内修复受损生态环境。")
    phone.screenshot(path=output_dir / "3-judgment-phone.png", full_page=True)
    phone.get_by_role("button", name="保存").click()
    expect(phone.get_by_test_id("suit-status")).to_have_text("一审已裁判")
    expect(phone.get_by_test_id("appeal-period")).to_be_visible()
    phone.screenshot(path=output_dir / "4-judged-phone.png", full_page=True)

    # 7. The list and the case page.
    page.goto("/litigation/")
    expect(page.get_by_test_id("suit-row")).to_contain_text("一审已裁判")
    page.screenshot(path=output_dir / "5-list.png", full_page=True)
    page.goto(case.get_absolute_url())
    expect(page.get_by_test_id("case-suit")).to_contain_text("判决支持部分诉讼请求")
    page.screenshot(path=output_dir / "6-case-page.png", full_page=True)
    suit = PublicInterestSuit.objects.get()
    assert suit.status == "judged" and suit.decided_by.username == "chief"
    assert suit.appeal_period.is_running()
