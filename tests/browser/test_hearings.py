"""Browser journey of a public hearing with a people's supervisor (issue 18): the procurator
schedules a hearing from the case page, invites a people's supervisor from the register and
the applicant, records the notices, records that the hearing was held, then — at phone width —
records the supervisor's opinion and concludes with how the opinions were used."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hearings import services
from hearings.models import Hearing
from tests.world import PASSWORD

from .conftest import PHONE, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_hearing_with_a_peoples_supervisors_opinion(world, new_page, output_dir):
    today = timezone.localdate()
    case = world.register_case(accepted_on=today - datetime.timedelta(days=30),
                               title="定海区人民法院消极执行监督案")
    term = {"appointed_by": "舟山市司法局", "term_start": datetime.date(2023, 5, 1),
            "term_end": today + datetime.timedelta(days=700)}
    services.people_supervisor_create(actor=world.approver, name="李海明", expertise="律师",
                                      phone="13857001234", **term)
    services.people_supervisor_create(actor=world.approver, name="陈退任", appointed_by="舟山市司法局",
                                      term_start=datetime.date(2019, 5, 1),
                                      term_end=today - datetime.timedelta(days=10))
    # An hour ago (Beijing time), as recorded right after the hearing.
    when = timezone.localtime() - datetime.timedelta(hours=1)

    page = new_page()
    login(page, "procurator", PASSWORD)

    # 1. Schedule from the case page.
    page.goto(case.get_absolute_url())
    page.get_by_role("link", name="安排听证").click()
    page.get_by_label("听证事项").fill("对执行监督申请的公开听证")
    page.get_by_label("需要听证的问题").fill("法院是否消极执行\n是否应当提出检察建议")
    page.get_by_label("拟处理意见").fill("拟向法院提出检察建议，督促依法执行。")
    page.get_by_label("听证时间").fill(when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("听证地点").fill("定海区人民检察院检察听证室")
    page.screenshot(path=output_dir / "1-schedule.png", full_page=True)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("hearing-status")).to_have_text("已安排")

    # 2. Invite a people's supervisor from the register (the one whose term ended is not
    #    offered) and the applicant.
    page.get_by_role("link", name="添加参加人").click()
    page.get_by_label("身份").select_option(label="人民监督员")
    supervisor = page.get_by_label("人民监督员", exact=True)
    expect(supervisor.locator("option")).to_have_count(2)  # the blank and 李海明
    expect(supervisor).not_to_contain_text("陈退任")
    supervisor.select_option(index=1)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("members")).to_contain_text("李海明")
    page.get_by_role("link", name="添加参加人").click()
    page.get_by_label("身份").select_option(label="当事人及其代理人")
    page.get_by_role("button", name="保存").click()  # no name: told so, nothing added
    expect(page.get_by_text("请填写参加人姓名或名称。")).to_be_visible()
    page.get_by_label("姓名/名称").fill("申请人王某")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("others")).to_contain_text("申请人王某")

    # 3. The notices.
    page.get_by_label("李海明（人民监督员）").check()
    page.get_by_label("申请人王某（当事人及其代理人）").check()
    page.get_by_label("通知方式").select_option(label="电话通知")
    page.get_by_role("button", name="登记通知").click()
    expect(page.get_by_test_id("members")).to_contain_text("电话通知")
    page.screenshot(path=output_dir / "2-invited.png", full_page=True)

    # 4. Held: who attended, the record.
    page.get_by_role("link", name="登记举行情况").click()
    page.get_by_label("李海明（人民监督员）").check()
    page.get_by_label("申请人王某（当事人及其代理人）").check()
    page.get_by_label("记录人").fill("周敏")
    page.get_by_label("听证记录").fill("主持人宣布听证开始。申请人陈述监督请求。听证员提问。")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("hearing-status")).to_have_text("已举行")
    hearing_url = page.url

    # 5. At phone width: the supervisor's opinion, then the conclusion.
    phone = new_page(PHONE)
    login(phone, "procurator", PASSWORD)
    phone.goto(hearing_url)
    phone.get_by_role("link", name="记录意见 李海明").click()
    phone.get_by_role("textbox", name="意见").fill("法院确有消极执行情形，同意提出检察建议。")
    phone.get_by_label("对拟处理意见").select_option(label="同意")
    phone.screenshot(path=output_dir / "3-opinion-phone.png", full_page=True)
    phone.get_by_role("button", name="保存").click()
    expect(phone.get_by_test_id("members").get_by_test_id("opinion")).to_contain_text(
        "同意提出检察建议")
    expect(phone.get_by_test_id("stances")).to_contain_text("同意 1")
    phone.get_by_role("link", name="登记听证结论").click()
    expect(phone.get_by_test_id("member-opinions")).to_contain_text("李海明")
    phone.get_by_label("听证意见采纳情况").select_option(label="部分采纳")
    phone.get_by_label("处理决定").fill("向法院提出检察建议。")
    phone.get_by_role("button", name="登记结论").click()  # partly: the reason is required
    expect(phone.get_by_text("未采纳或部分采纳听证意见的，应当说明理由。").first).to_be_visible()
    phone.get_by_label("未采纳或部分采纳的理由").fill("听证员建议的整改期限过短，未予采纳。")
    phone.get_by_role("button", name="登记结论").click()
    expect(phone.get_by_test_id("hearing-status")).to_have_text("已办结")
    expect(phone.get_by_test_id("hearing-outcome")).to_contain_text("部分采纳")
    phone.screenshot(path=output_dir / "4-concluded-phone.png", full_page=True)

    # 6. The case page shows the hearing; the register counts the attendance.
    page.goto(case.get_absolute_url())
    expect(page.get_by_test_id("case-hearing")).to_contain_text("已办结")
    expect(page.get_by_test_id("timeline")).to_contain_text("登记听证结论")
    page.screenshot(path=output_dir / "5-case-page.png", full_page=True)
    phone.goto("/hearings/supervisors/")
    expect(phone.get_by_test_id("supervisor-row").first).to_contain_text("138****1234")
    phone.screenshot(path=output_dir / "6-register-phone.png", full_page=True)
    hearing = Hearing.objects.get()
    assert hearing.status == "concluded" and hearing.outcome == "partly"
    assert hearing.participants.get(people_supervisor__isnull=False).stance == "agree"
