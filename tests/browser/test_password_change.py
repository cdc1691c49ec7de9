"""A liaison changes their password on a phone (issue 15): 设置 → 修改密码, a refusal in their
language beside the field, then the change; axe on every page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.world import PASSWORD

from .conftest import PHONE, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_liaison_changes_their_password(world, new_page, output_dir):
    page = new_page(PHONE)
    login(page, "court_liaison", PASSWORD)
    page.goto("/settings/notifications/")
    page.get_by_test_id("password-tab").click()
    page.get_by_label("旧密码").fill(PASSWORD)
    page.locator("#id_new_password1").fill("short")
    page.locator("#id_new_password2").fill("short")
    page.get_by_role("button", name="修改密码").click()
    expect(page.get_by_text("密码太短：至少需要 12 个字符。")).to_be_visible()
    page.screenshot(path=output_dir / "1-refused-phone.png", full_page=True)
    page.get_by_label("旧密码").fill(PASSWORD)
    page.locator("#id_new_password1").fill("Haian-court-2026")
    page.locator("#id_new_password2").fill("Haian-court-2026")
    page.get_by_role("button", name="修改密码").click()
    expect(page.get_by_text("密码已修改。您在其他设备上的登录已失效。")).to_be_visible()
    page.screenshot(path=output_dir / "2-changed-phone.png", full_page=True)
    world.court_liaison.refresh_from_db()
    assert world.court_liaison.check_password("Haian-court-2026")
