"""A major-situation report (重大情况通报, seed 004 §7) end to end in the browser: the court's
liaison reports at phone width with a file, 定检's procurator signs for it with an instruction,
the liaison sees the acknowledgement and the instruction and sends a supplement (续报)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.samples import tiny_pdf
from duties.models import SituationReport
from tests.world import PASSWORD

from .conftest import DESKTOP, PHONE, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_liaison_reports_staff_acknowledges_liaison_sees_it(world, new_page, output_dir, tmp_path):
    evidence = tmp_path / "现场情况.pdf"
    evidence.write_bytes(tiny_pdf("scene"))
    occurred = timezone.localtime() - datetime.timedelta(hours=2)

    # The liaison reports, on a phone.
    phone = new_page(PHONE)
    login(phone, "court_liaison", PASSWORD)
    phone.goto("/portal/situation-reports/")
    expect(phone.get_by_test_id("situation-empty")).to_be_visible()
    phone.get_by_test_id("situation-new").click()
    phone.get_by_label("情况类别").select_option(label="执法中的群体性事件")
    phone.get_by_label("标题").fill("执行腾退现场群众聚集")
    phone.get_by_label("发生时间").fill(occurred.strftime("%Y-%m-%dT%H:%M"))
    phone.get_by_label("发生地点").fill("定海区某小区 3 幢")
    phone.get_by_label("基本情况").fill("腾退时约三十名群众聚集阻拦，未发生冲突。")
    phone.get_by_label("已采取的处置措施").fill("暂停腾退，报告公安机关到场维持秩序。")
    phone.get_by_label("附件").set_input_files(str(evidence))
    phone.screenshot(path=output_dir / "1-report-form-phone.png", full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.get_by_role("button", name="报送", exact=True).click()
    expect(phone.get_by_text("已报送检察院。")).to_be_visible()
    expect(phone.get_by_test_id("status")).to_have_text("待签收")
    report = SituationReport.objects.get()
    assert report.agency == world.court and report.files.count() == 1

    # The procurator finds it in the intake queue and signs for it with an instruction.
    staff = new_page(DESKTOP)
    login(staff, "procurator", PASSWORD)
    staff.goto("/duties/situation-reports/")
    expect(staff.get_by_test_id("count-reported")).to_contain_text("1")
    staff.get_by_label("情况类别").select_option(label="执法中的群体性事件")
    staff.get_by_role("button", name="筛选").click()
    expect(staff.get_by_test_id("situation-row")).to_have_count(1)
    staff.screenshot(path=output_dir / "2-intake-queue.png", full_page=True)
    staff.get_by_role("link", name="执行腾退现场群众聚集").click()
    expect(staff.get_by_test_id("files")).to_contain_text("现场情况.pdf")
    staff.get_by_label("意见（选填）").fill("请于明日续报现场处置结果。")
    staff.get_by_role("button", name="签收", exact=True).click()
    expect(staff.get_by_text("已签收，通报单位已收到通知。")).to_be_visible()
    expect(staff.get_by_test_id("status")).to_have_text("已签收")
    staff.screenshot(path=output_dir / "3-staff-detail.png", full_page=True)

    # The liaison sees the acknowledgement and the instruction, and sends a supplement.
    phone.reload()
    expect(phone.get_by_test_id("status")).to_have_text("已签收")
    expect(phone.get_by_test_id("instruction")).to_contain_text("请于明日续报现场处置结果。")
    phone.get_by_label("续报内容").fill("群众已散去，腾退延期至下周。")
    phone.get_by_role("button", name="提交续报").click()
    expect(phone.get_by_text("续报已送达检察院。")).to_be_visible()
    expect(phone.get_by_test_id("supplement")).to_contain_text("群众已散去")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.screenshot(path=output_dir / "4-portal-detail-phone.png", full_page=True)
    phone.goto("/portal/situation-reports/")
    expect(phone.get_by_test_id("situation-item")).to_contain_text("已签收")
    expect(phone.get_by_test_id("situation-instruction")).to_contain_text("请于明日续报")
    phone.screenshot(path=output_dir / "5-portal-list-phone.png", full_page=True)
