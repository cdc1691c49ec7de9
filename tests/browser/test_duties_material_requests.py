"""A liaison answers a material request (issue 19), at phone width: the procurator asks the
court for files from the case page; the court's liaison opens the request from the
notification on a phone, answers it with a file; the procurator finds the answer in the
procuratorate's queue and accepts it; the liaison sees it accepted."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cases.samples import tiny_pdf
from duties.models import MaterialRequest
from duties.models import MaterialRequestStatus as S
from tests.world import PASSWORD

from .conftest import DESKTOP, PHONE, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pdf(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": tiny_pdf(name)}


def test_a_liaison_answers_a_material_request(world, new_page, output_dir):
    case = world.register_case(assistant=world.assistant)

    # The procurator asks the court for the enforcement file, from the case page.
    staff = new_page(DESKTOP)
    login(staff, "procurator", PASSWORD)
    staff.goto(case.get_absolute_url())
    staff.get_by_test_id("material-request-create").click()
    staff.get_by_label("被调取单位").select_option(label=world.court.name)
    staff.get_by_label("调取事项").fill("执行案件卷宗（含执行笔录）\n财产查控记录")
    staff.get_by_label("答复期限（日）").fill("10")
    staff.get_by_label("随附文件").set_input_files([_pdf("调取证据材料通知书.pdf")])
    staff.get_by_role("button", name="发出").click()
    expect(staff.get_by_text("调取材料通知已发出")).to_be_visible()
    expect(staff.get_by_test_id("request-status")).to_have_text("待答复")
    expect(staff.get_by_test_id("basis-unverified")).to_be_visible()  # staff only
    staff.screenshot(path=output_dir / "material-request-staff.png", full_page=True)
    request = MaterialRequest.objects.get()

    # The court's liaison, on a phone, opens it from the notification.
    phone = new_page(PHONE)
    login(phone, "court_liaison", PASSWORD)
    phone.goto("/notifications/")
    phone.get_by_test_id("notification").filter(has_text="调取材料").get_by_role("link").click()
    expect(phone.get_by_role("heading", name="请提供的材料或答复的问题")).to_be_visible()
    expect(phone.get_by_test_id("request-items")).to_contain_text("财产查控记录")
    expect(phone.get_by_test_id("basis-unverified")).to_have_count(0)  # never to an agency
    expect(phone.get_by_text(case.number)).to_have_count(0)
    phone.screenshot(path=output_dir / "material-request-phone.png", full_page=True)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways at phone width ({width}px)"

    # An empty answer is refused in words; then the answer with a file.
    phone.get_by_test_id("answer-submit").click()
    expect(phone.locator(".invalid-feedback")).to_be_visible()
    phone.get_by_label("答复内容").fill("执行卷宗复印件及财产查控记录已上传，请查收。")
    phone.get_by_label("答复材料").set_input_files([_pdf("执行卷宗.pdf")])
    phone.get_by_test_id("answer-submit").click()
    expect(phone.get_by_text("答复已提交，检察院已收到通知。")).to_be_visible()
    expect(phone.get_by_test_id("answer")).to_contain_text("已上传")
    expect(phone.get_by_test_id("answer-file")).to_have_text("执行卷宗.pdf")
    phone.screenshot(path=output_dir / "material-request-answered-phone.png", full_page=True)
    phone.goto("/portal/material-requests/")
    expect(phone.get_by_test_id("todo-count")).to_have_text("0")
    expect(phone.get_by_test_id("request-empty")).to_be_visible()

    # The procurator finds the answer in the queue and accepts it.
    staff.goto("/duties/material-requests/")
    expect(staff.get_by_test_id("count-answered")).to_have_text("1")
    staff.get_by_test_id("request-row").get_by_role("link", name=world.court.name).click()
    expect(staff.get_by_test_id("answer-file")).to_have_text("执行卷宗.pdf")
    staff.get_by_test_id("accept").click()
    expect(staff.get_by_text("已接收答复。")).to_be_visible()
    staff.screenshot(path=output_dir / "material-request-accepted.png", full_page=True)
    request.refresh_from_db()
    assert request.status == S.ACCEPTED and not request.answered_late

    # The liaison sees the outcome.
    phone.goto(request.portal_url())
    expect(phone.get_by_test_id("accepted")).to_be_visible()
