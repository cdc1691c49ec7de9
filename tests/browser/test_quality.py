"""Browser journey of a case quality review (issue 18): the head of department starts a review
of a terminated case from its page, naming a procurator who took no part in it; the reviewer
fills the checklist — one item flawed, told first that a flaw needs its note — and grades it
合格; the handler, at phone width, reads the grade on the case page and answers. axe-core
audits every page reached (``new_page``)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.services import case_transition
from quality.models import Review
from supervision.choices import Role
from supervision.models import User
from tests.world import PASSWORD

from .conftest import PHONE, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDING = "文字表述准确，无错别字和语病"


def test_a_review_from_start_to_the_handlers_answer(world, new_page, output_dir):
    today = timezone.localdate()
    User.objects.create_user(username="reviewer", password=PASSWORD, role=Role.PROCURATOR,
                             procuratorate=world.dinghai, display_name="李评查")
    case = world.register_case(accepted_on=today - datetime.timedelta(days=40),
                               title="定海区人民法院消极执行监督案", assistant=world.assistant)
    case_transition(actor=world.procurator, case=case, action="terminate",
                    decided_on=today - datetime.timedelta(days=3), reason="已督促法院依法执行。")

    # 1. The head of department starts it from the case page.
    page = new_page()
    login(page, "approver", PASSWORD)
    page.goto(case.get_absolute_url())
    page.get_by_test_id("case-review-start").click()
    page.get_by_label("评查类型").select_option(label="重点评查")
    expect(page.get_by_text("陈立（定检")).to_have_count(0)  # the handler is not offered
    page.get_by_label("李评查（定检·检察官）").check()
    page.get_by_label("评查重点").fill("调查核实和结案审查报告")
    page.screenshot(path=output_dir / "1-start.png", full_page=True)
    page.get_by_role("button", name="发起评查").click()
    expect(page.get_by_test_id("review-status")).to_have_text("待评查")

    # 2. The reviewer fills the checklist and grades.
    reviewer = new_page()
    login(reviewer, "reviewer", PASSWORD)
    reviewer.goto("/quality/")
    reviewer.get_by_test_id("review-row").get_by_role("link").click()
    expect(reviewer.get_by_test_id("checklist-form")).to_be_visible()  # .all() does not wait
    for select in reviewer.get_by_test_id("checklist-form").locator("select").all():
        select.select_option("conforms")
    reviewer.get_by_label(f"“{WORDING}”的评查结果").select_option(label="瑕疵")
    reviewer.get_by_role("button", name="保存评查表").click()
    expect(reviewer.get_by_text(f"“{WORDING}”为瑕疵或不符合的，应当写明发现的问题。")).to_be_visible()
    # what was entered is kept: only the note is missing
    expect(reviewer.get_by_label(f"“{WORDING}”的评查结果")).to_have_value("flaw")
    reviewer.get_by_label(f"“{WORDING}”的说明").fill("结案审查报告有两处错别字。")
    reviewer.get_by_role("button", name="保存评查表").click()
    expect(reviewer.get_by_test_id("review-status")).to_have_text("评查中")
    expect(reviewer.get_by_test_id("review-tally")).to_contain_text("按评查结果应评定为“合格”")
    reviewer.get_by_label("评定等次").select_option(label="合格")
    reviewer.get_by_label("评查意见").fill("事实清楚，程序规范；结案审查报告有文字瑕疵。")
    reviewer.screenshot(path=output_dir / "2-checklist.png", full_page=True)
    reviewer.get_by_role("button", name="评定", exact=True).click()
    expect(reviewer.get_by_test_id("review-status")).to_have_text("已评定")
    expect(reviewer.get_by_test_id("review-problems")).to_contain_text("两处错别字")
    reviewer.screenshot(path=output_dir / "3-graded.png", full_page=True)

    # 3. The handler, on a phone, reads the grade on the case page and answers.
    phone = new_page(PHONE)
    login(phone, "procurator", PASSWORD)
    phone.goto(case.get_absolute_url())
    expect(phone.get_by_test_id("case-review-grade")).to_have_text("合格")
    phone.get_by_test_id("case-review").get_by_role("link").click()
    phone.get_by_label("无异议").check()
    phone.screenshot(path=output_dir / "4-answer-phone.png", full_page=True)
    phone.get_by_role("button", name="提交反馈").click()
    expect(phone.get_by_test_id("review-feedback")).to_contain_text("无异议")
    phone.screenshot(path=output_dir / "5-answered-phone.png", full_page=True)

    # 4. The head of department concludes it.
    page.reload()
    page.get_by_role("button", name="办结评查").click()
    expect(page.get_by_test_id("review-status")).to_have_text("已办结")
    page.screenshot(path=output_dir / "6-concluded.png", full_page=True)
    review = Review.objects.get()
    assert (review.status, review.grade, review.feedback_kind) == ("concluded", "pass", "accept")
