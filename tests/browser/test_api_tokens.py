"""A liaison makes an API token for the court's own system (issue 17): 设置 → API 令牌, the
token shown once with a copy button, copied, used, then revoked after a confirmation — on a
desktop and on a 375px phone; axe on every page."""

from __future__ import annotations

import pytest
from django.test import Client
from playwright.sync_api import expect

from supervision.models import ApiToken
from tests.world import PASSWORD

from .conftest import DESKTOP, confirm, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SMALL_PHONE = {"width": 375, "height": 812}


@pytest.mark.parametrize(("screen", "viewport"), [("desktop", DESKTOP), ("phone", SMALL_PHONE)])
def test_a_liaison_makes_copies_and_revokes_a_token(world, new_page, output_dir, screen, viewport):
    page = new_page(viewport)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    login(page, "court_liaison", PASSWORD)
    page.goto("/settings/notifications/")
    page.get_by_test_id("api-tokens-tab").click()
    expect(page.get_by_test_id("no-tokens")).to_be_visible()
    page.get_by_label("名称").fill("法院办案系统")
    page.get_by_label("读取和办理").check()
    page.get_by_label("有效天数").fill("30")
    page.get_by_role("button", name="创建令牌").click()
    created = page.get_by_test_id("token-created")
    expect(created).to_be_visible()
    expect(created).to_contain_text("令牌只显示这一次")
    plain = page.get_by_test_id("new-token").input_value()
    assert plain.startswith("jc_")
    page.get_by_test_id("copy-token").click()
    assert page.evaluate("navigator.clipboard.readText()") == plain
    page.screenshot(path=output_dir / f"1-created-{screen}.png", full_page=True)

    # The copied token works — as the court's system would use it.
    api = Client(HTTP_AUTHORIZATION=f"Token {plain}")
    assert api.get("/api/recommendations/").status_code == 200

    # Shown once: the page opened again lists the token, never its text.
    page.goto("/settings/api-tokens/")
    expect(page.get_by_test_id("token-created")).to_have_count(0)
    assert plain not in page.content()
    row = page.get_by_test_id("token-row")
    expect(row).to_contain_text("法院办案系统")
    expect(row).to_contain_text("读取和办理")
    expect(row.get_by_test_id("token-state")).to_have_text("有效")
    page.screenshot(path=output_dir / f"2-listed-{screen}.png", full_page=True)

    row.get_by_role("button", name="撤销").click()
    expect(page.get_by_test_id("confirm-dialog")).to_contain_text("确定撤销令牌“法院办案系统”吗")
    confirm(page)
    expect(page.get_by_text("已撤销令牌“法院办案系统”")).to_be_visible()
    expect(page.get_by_test_id("token-state")).to_contain_text("已撤销")
    page.screenshot(path=output_dir / f"3-revoked-{screen}.png", full_page=True)
    assert ApiToken.objects.get().revoked_at is not None
    assert api.get("/api/recommendations/").status_code == 401
