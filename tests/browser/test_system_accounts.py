"""The security administrator connects a procuratorate's own system (issue 17): 账号安全 →
系统账号与 API 令牌, a system account of 舟检 with a reading role, its token shown once and
working as that account (it sees 舟检's instruments and acts on nothing), then revoked after a
confirmation; axe on every page."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from playwright.sync_api import expect

from supervision.models import ApiToken, User
from tests.world import PASSWORD

from .conftest import DESKTOP, confirm, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_security_administrator_makes_a_system_account_and_its_token(
        world, new_page, output_dir):
    rec = world.served(datetime.date.today() - datetime.timedelta(days=1), items=["一、依法纠正"])
    page = new_page(DESKTOP)
    login(page, "secadmin", PASSWORD)
    expect(page.get_by_test_id("no-system-accounts")).to_be_visible()
    form = page.get_by_test_id("system-account-form")
    form.get_by_label("账号名").fill("zs.platform")
    form.get_by_label("系统名称").fill("舟山市政法协同平台")
    form.get_by_label("所属检察院").select_option(label=world.city.name)
    form.get_by_label("角色").select_option("supervisor")
    form.get_by_role("button", name="创建系统账号").click()
    account = page.get_by_test_id("system-account")
    expect(account).to_contain_text("舟山市政法协同平台")
    platform = User.objects.get(username="zs.platform")
    assert platform.is_system_account and not platform.has_usable_password()

    account.get_by_label("令牌名称").fill("数据同步")
    account.get_by_role("button", name="创建令牌").click()
    expect(page.get_by_test_id("token-created")).to_be_visible()
    plain = page.get_by_test_id("new-token").input_value()
    page.screenshot(path=output_dir / "1-system-account-token.png", full_page=True)

    # The platform reads as 舟检's case management would, and acts on nothing (read scope).
    api = Client(HTTP_AUTHORIZATION=f"Token {plain}")
    listed = api.get("/api/recommendations/")
    assert listed.status_code == 200 and rec.pk in {r["id"] for r in listed.json()["results"]}
    assert api.post(f"/api/recommendations/{rec.pk}/acknowledge/").status_code == 403

    # Reloading the page that showed the token (the browser sends the form again) makes no
    # second token, and the token is never shown again.
    page.reload()
    expect(page.get_by_text("该令牌已经创建，没有重复创建")).to_be_visible()
    assert plain not in page.content()
    assert ApiToken.objects.filter(user=platform).count() == 1
    row = page.get_by_test_id("system-token-row")
    expect(row).to_contain_text("数据同步")
    row.get_by_role("button", name="撤销").click()
    confirm(page)
    expect(page.get_by_test_id("system-token-row")).to_contain_text("已撤销")
    page.screenshot(path=output_dir / "2-revoked.png", full_page=True)
    assert ApiToken.objects.get(user=platform).revoked_at is not None
    assert api.get("/api/recommendations/").status_code == 401
