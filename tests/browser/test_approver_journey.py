"""The approver's journey (issue 14): from login to an approved draft in at most four user
actions — the login form, the draft in the queue, 审批同意 — with axe on every page (the
``new_page`` fixture). An action is a click or a submitted form; the login form is one."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from recommendations import services
from tests.world import PASSWORD

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUDGET = 4


@pytest.mark.parametrize(("locale", "approve", "approved"),
                         [("zh-CN", "审批同意", "已审批"), ("en-US", "Approve", "Approved")])
def test_the_approver_finds_and_approves_a_waiting_draft(world, new_page, output_dir, locale,
                                                         approve, approved):
    draft = world.draft(title="关于规范送达程序的检察建议")
    services.recommendation_submit(actor=world.procurator, recommendation=draft)

    page = new_page(locale=locale)
    actions = 0
    login(page, "approver", PASSWORD, english=locale.startswith("en"))
    actions += 1
    expect(page).to_have_url(re.compile(r"/instruments/approvals/$"))
    expect(page.get_by_test_id("approval-row")).to_have_count(1)
    expect(page.get_by_test_id("unread-count")).to_have_text("1")  # and the bell rang
    page.screenshot(path=output_dir / f"1-approvals-{locale}.png", full_page=True)
    page.get_by_role("link", name="关于规范送达程序的检察建议").click()
    actions += 1
    page.get_by_role("button", name=approve).click()
    actions += 1
    expect(page.get_by_test_id("status")).to_have_text(approved)
    page.screenshot(path=output_dir / f"2-approved-{locale}.png", full_page=True)
    assert actions <= BUDGET
    page.goto("/instruments/approvals/")
    expect(page.get_by_test_id("approvals-empty")).to_be_visible()
