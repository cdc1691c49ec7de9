"""Two-factor in the browser (issue 15): a procurator with no authenticator logs in, is sent to
enrolment, reads the secret off the page (the test computes the code as the phone's app would),
keeps the ten recovery codes, logs out, logs in with password + code, and once more with a
recovery code — in Chinese on a desktop and in English on a phone; axe on every page."""

from __future__ import annotations

import re
import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.two_factor import code_for
from tests.world import PASSWORD

from .conftest import DESKTOP, PHONE, t

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _password(page, lang: str) -> None:
    page.goto("/login/")
    page.get_by_label(t("用户名", lang)).fill("procurator")
    page.get_by_label(t("密码", lang)).fill(PASSWORD)
    page.get_by_role("button", name=t("登录", lang)).click()


def _code(page, lang: str, code: str) -> None:
    page.get_by_label(t("验证码", lang)).fill(code)
    page.get_by_role("button", name=t("验证", lang), exact=True).click()


def _log_out(page, lang: str) -> None:
    if page.viewport_size["width"] < 768:  # the navigation is folded on a phone
        page.get_by_role("button", name=t("菜单", lang)).click()
        expect(page.locator(".navbar-collapse.show")).to_be_visible()  # opened, not opening
    page.get_by_role("button", name=t("退出", lang)).click()
    expect(page).to_have_url(re.compile("/login/"))


@pytest.mark.parametrize(("locale", "viewport"), [("zh-CN", DESKTOP), ("en-US", PHONE)],
                         ids=["zh-desktop", "en-phone"])
def test_enrol_then_log_in_with_a_code_and_with_a_recovery_code(world, new_page, output_dir,
                                                                locale, viewport):
    lang = "en" if locale.startswith("en") else "zh-hans"
    size = "phone" if viewport is PHONE else "desktop"
    page = new_page(viewport, locale=locale)

    # The password alone opens nothing: with no authenticator yet, enrolment comes first.
    _password(page, lang)
    expect(page.get_by_test_id("two-factor-required")).to_be_visible()
    expect(page.get_by_test_id("qr-code").locator("svg")).to_be_visible()
    page.screenshot(path=output_dir / f"1-enrol-{lang}-{size}.png", full_page=True)

    # What the phone's app does with the secret it scanned (or was typed in).
    secret = page.get_by_test_id("totp-secret").inner_text()
    key = b32decode(secret.replace(" ", ""))
    page.get_by_label(t("验证码", lang)).fill(f"{TOTP(key).token():06d}")
    page.get_by_role("button", name=t("启用两步验证", lang)).click()
    codes = page.get_by_test_id("recovery-code")
    expect(codes).to_have_count(10)
    recovery = codes.all_inner_texts()
    page.screenshot(path=output_dir / f"2-recovery-codes-{lang}-{size}.png", full_page=True)
    page.get_by_test_id("codes-done").click()
    expect(page.get_by_role("heading", name=t("监督案件", lang))).to_be_visible()
    _log_out(page, lang)

    # Password, then a wrong code (refused, in the page's language), then the right one.
    _password(page, lang)
    expect(page).to_have_url(re.compile("/login/verify/"))
    _code(page, lang, "000000")
    expect(page.get_by_text(t("验证码不正确或已使用过，请重新输入。", lang))).to_be_visible()
    page.screenshot(path=output_dir / f"3-wrong-code-{lang}-{size}.png", full_page=True)
    time.sleep(1.2)  # django-otp makes the next attempt wait a second
    device = TOTPDevice.objects.get(user=world.procurator, confirmed=True)
    _code(page, lang, code_for(device))
    expect(page.get_by_role("heading", name=t("监督案件", lang))).to_be_visible()
    _log_out(page, lang)

    # The phone is not at hand: a recovery code, good once.
    _password(page, lang)
    _code(page, lang, recovery[0])
    expect(page.get_by_role("heading", name=t("监督案件", lang))).to_be_visible()
    expect(page.get_by_role("alert").filter(has_text="9")).to_be_visible()
    page.screenshot(path=output_dir / f"4-recovery-code-used-{lang}-{size}.png", full_page=True)
    _log_out(page, lang)
    _password(page, lang)
    time.sleep(0.1)
    _code(page, lang, recovery[0])
    expect(page.get_by_text(t("验证码不正确或已使用过，请重新输入。", lang))).to_be_visible()


def test_the_secadmin_unlocks_an_account_and_resets_two_factor(world, new_page, output_dir,
                                                               settings):
    from axes.models import AccessAttempt

    from tests.two_factor import authenticator

    from .conftest import confirm, login

    authenticator(world.approver)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        AccessAttempt.objects.update_or_create(
            username="approver", ip_address="10.0.0.8",
            defaults={"user_agent": "x", "http_accept": "x", "path_info": "/login/",
                      "get_data": "", "post_data": "", "failures_since_start": 5})
    page = new_page(DESKTOP)
    login(page, "secadmin", PASSWORD)  # their home is this page; the menu leads here too
    expect(page.get_by_role("link", name="账号安全")).to_be_visible()
    expect(page.get_by_test_id("lockout-row")).to_have_count(1)
    page.screenshot(path=output_dir / "1-security.png", full_page=True)
    page.get_by_test_id("lockout-row").get_by_role("button", name="解锁").click()
    confirm(page)
    expect(page.get_by_test_id("no-lockouts")).to_be_visible()
    page.get_by_label("账号名或姓名").fill("approver")
    page.get_by_role("button", name="查找").click()
    row = page.get_by_test_id("account-row").filter(has_text="王建国")
    row.get_by_role("button", name="重置两步验证").click()
    confirm(page)
    expect(page.get_by_text("已重置 approver 的两步验证")).to_be_visible()
    page.screenshot(path=output_dir / "2-reset.png", full_page=True)
    assert not TOTPDevice.objects.filter(user=world.approver).exists()
    assert not AccessAttempt.objects.filter(username="approver").exists()
