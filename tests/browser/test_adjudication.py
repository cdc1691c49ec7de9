"""Browser journey of the chief procurator at the court's adjudication committee (issue 18):
the chief opens 列席审委会 from the menu, records the court's notice of a meeting on a case of
the procuratorate (the case linked by its number), records the attendance with the opinion
given, then — at phone width — the committee's decision; the case page shows it all."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from adjudication.models import Attendance
from supervision.choices import Role
from supervision.models import User
from tests.world import PASSWORD

from .conftest import PHONE, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_chief_records_a_notice_the_attendance_and_the_decision(world, new_page,
                                                                     output_dir):
    today = timezone.localdate()
    case = world.register_case(accepted_on=today - datetime.timedelta(days=60),
                               title="张某故意伤害案刑事审判监督")
    User.objects.create_user(username="chief", password=PASSWORD, role=Role.CHIEF,
                             procuratorate=world.dinghai, display_name="李检察长")
    # The meeting an hour ago (Beijing time), the notice received two days before.
    meeting = timezone.localtime() - datetime.timedelta(hours=1)
    received = meeting.date() - datetime.timedelta(days=2)

    page = new_page()
    login(page, "chief", PASSWORD)

    # 1. The notice, from the bar's 检察业务 menu → 列席审委会.
    page.get_by_test_id("nav-menu-work").click()
    page.get_by_role("link", name="列席审委会").first.click()
    expect(page.get_by_role("heading", name="检察长列席审判委员会")).to_be_visible()
    page.get_by_role("link", name="登记会议通知").click()
    page.get_by_label("人民法院").select_option(label="舟山市定海区人民法院")
    page.get_by_label("关联监督案件案号").fill(case.number)
    page.get_by_label("法院案号").fill("（2026）浙0902刑初88号")
    page.get_by_label("讨论的案件或议题").fill("张某故意伤害抗诉案")
    page.get_by_label("案件或议题类别").select_option(label="人民检察院提出抗诉的案件")
    page.get_by_label("收到通知日期").fill(received.isoformat())
    page.get_by_label("会议时间").fill(meeting.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("会议地点").fill("定海区人民法院第一会议室")
    page.get_by_label("列席意见（草稿）").fill("原判量刑畸轻，建议依法改判。")
    page.screenshot(path=output_dir / "1-notice.png", full_page=True)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("adjudication-status")).to_have_text("已收到通知")
    expect(page.get_by_test_id("short-notice")).to_be_visible()  # two days' notice
    page.screenshot(path=output_dir / "2-notified.png", full_page=True)

    # 2. The attendance: the draft is where the opinion starts; an empty one is refused.
    page.get_by_role("link", name="登记列席情况").click()
    opinion = page.get_by_label("发表的意见")
    expect(opinion).to_have_value("原判量刑畸轻，建议依法改判。")
    opinion.fill("")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("该字段是必填项。").first).to_be_visible()
    page.get_by_label("发表的意见").fill("原判认定事实清楚，但量刑畸轻，建议审判委员会依法改判。")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("adjudication-status")).to_have_text("已列席")
    expect(page.get_by_test_id("adjudication-opinion")).to_contain_text("量刑畸轻")
    detail_url = page.url

    # 3. At phone width: the committee's decision.
    phone = new_page(PHONE)
    login(phone, "chief", PASSWORD)
    phone.goto(detail_url)
    phone.get_by_role("link", name="登记审判委员会决定").click()
    phone.get_by_label("意见采纳情况").select_option(label="采纳")
    phone.get_by_label("审判委员会决定").fill("审判委员会决定依法改判。")
    phone.get_by_label("决定日期").fill(meeting.date().isoformat())
    phone.screenshot(path=output_dir / "3-decide-phone.png", full_page=True)
    phone.get_by_role("button", name="保存").click()
    expect(phone.get_by_test_id("adjudication-status")).to_have_text("已记录结果")
    expect(phone.get_by_test_id("adjudication-decision")).to_contain_text("采纳")
    phone.screenshot(path=output_dir / "4-concluded-phone.png", full_page=True)

    # 4. The list counts it; the case page shows the panel and the timeline.
    page.goto("/adjudication/")
    expect(page.get_by_test_id("adjudication-figures")).to_contain_text("本院意见被采纳 1 次")
    page.screenshot(path=output_dir / "5-list.png", full_page=True)
    page.goto(case.get_absolute_url())
    expect(page.get_by_test_id("case-adjudication-row")).to_contain_text("已记录结果")
    expect(page.get_by_test_id("timeline")).to_contain_text("列席审判委员会并发表意见")
    page.screenshot(path=output_dir / "6-case-page.png", full_page=True)

    record = Attendance.objects.get()
    assert record.case == case and record.adoption == "adopted"
    assert record.attendee.username == "chief" and record.short_notice
