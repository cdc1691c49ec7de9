"""Joint meetings (issue 19), in the browser: the procurator registers a joint meeting with
the police, agrees a task for it, writes and records the minutes; the police's liaison, on a
phone, finds the meeting, reads the minutes and reports the task done with a file; the
procurator confirms it from the intake queue. The court — not at the meeting — never sees it."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.samples import tiny_pdf
from duties.models import JointMeeting, MeetingTask
from tests.world import PASSWORD

from .conftest import DESKTOP, PHONE, confirm, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_joint_meeting_from_the_minutes_to_the_agency_s_task_done_on_a_phone(
        world, new_page, output_dir, tmp_path):
    today = timezone.localdate()
    due = today + datetime.timedelta(days=14)

    staff = new_page(DESKTOP)
    login(staff, "procurator", PASSWORD)
    staff.goto("/duties/meetings/")
    staff.get_by_role("link", name="登记会议").click()
    staff.get_by_label("类型").select_option(label="联席会议")
    staff.get_by_label("会议名称").fill("公检联席会议（受案立案）")
    staff.get_by_label("会议日期").fill(today.isoformat())
    staff.get_by_label("地点").fill("定海区人民检察院第一会议室")
    staff.get_by_label(world.police.name).check()
    staff.get_by_label("议题").fill("有案不立问题的共商")
    staff.get_by_role("button", name="保存").click()
    expect(staff.get_by_role("heading", name="公检联席会议（受案立案）")).to_be_visible()

    staff.get_by_role("link", name="添加议定事项").click()
    staff.get_by_label("议定事项").fill("公安分局建立受案立案台账并报送检察院")
    staff.get_by_label("承办人或承办单位").select_option(label=world.police.name)
    staff.get_by_label("完成期限").fill(due.isoformat())
    staff.get_by_role("button", name="保存").click()
    expect(staff.get_by_test_id("task-row")).to_contain_text("待纪要定稿")

    staff.get_by_role("link", name="填写纪要").click()
    staff.get_by_label("会议纪要").fill("会议议定：公安分局建立受案立案台账。")
    staff.get_by_role("button", name="保存").click()
    staff.get_by_test_id("record-minutes").click()
    confirm(staff)
    expect(staff.get_by_test_id("meeting-status")).to_have_text("纪要已定稿")
    expect(staff.get_by_test_id("task-status")).to_have_text("待完成")
    staff.screenshot(path=str(output_dir / "meeting-staff-detail.png"), full_page=True)

    meeting = JointMeeting.objects.get()
    task = MeetingTask.objects.get()

    phone = new_page(PHONE)
    login(phone, "police_liaison", PASSWORD)
    phone.goto("/portal/meetings/")
    card = phone.get_by_test_id("meeting-card")
    expect(card).to_contain_text("公检联席会议（受案立案）")
    expect(card).to_contain_text("待完成 1")
    phone.screenshot(path=str(output_dir / "meeting-portal-list-phone.png"), full_page=True)
    card.get_by_role("link").click()
    expect(phone.get_by_test_id("meeting-minutes")).to_contain_text("建立受案立案台账")
    phone.screenshot(path=str(output_dir / "meeting-portal-detail-phone.png"), full_page=True)
    phone.get_by_test_id("task-done-link").click()
    phone.get_by_label("完成情况").fill("台账已建立，2026 年以来报案全部登记。")
    upload = tmp_path / "台账.pdf"
    upload.write_bytes(tiny_pdf())
    phone.get_by_label("证明材料").set_input_files(str(upload))
    phone.screenshot(path=str(output_dir / "meeting-portal-close-phone.png"), full_page=True)
    phone.get_by_test_id("task-done-submit").click()
    expect(phone.get_by_text("已报告完成，等待检察院确认。")).to_be_visible()
    expect(phone.get_by_test_id("task-status")).to_have_text("已完成，待本院确认")
    # no horizontal scrolling at 390 px
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # the court was not at the meeting: not in its list, 404 at the address
    court = new_page(PHONE)
    login(court, "court_liaison", PASSWORD)
    court.goto("/portal/meetings/")
    expect(court.get_by_test_id("meeting-card")).to_have_count(0)
    assert court.goto(f"/portal/meetings/{meeting.pk}/").status == 404

    staff.goto("/duties/meetings/queue/")
    row = staff.get_by_test_id("queue-row").filter(has_text="建立受案立案台账")
    expect(row).to_contain_text(world.police.name)
    staff.screenshot(path=str(output_dir / "meeting-queue.png"), full_page=True)
    row.get_by_role("button", name="确认完成").click()
    expect(staff.get_by_text("已确认该事项完成，已通知承办单位。")).to_be_visible()
    task.refresh_from_db()
    assert task.confirmed_by == world.procurator and task.files.count() == 1
