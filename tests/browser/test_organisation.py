"""Organisation and access through the browser: inviting a liaison who sets a password from
the e-mailed link, sharing a case with an outside procurator, the three administrators, and
the lockout after repeated failed logins."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.world import PASSWORD

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_procurator_invites_a_liaison_who_sets_a_password_and_reaches_the_inbox(
        world, new_page, output_dir):
    page = new_page()
    login(page, "procurator", PASSWORD)
    page.get_by_role("link", name="联络员").click()
    expect(page.get_by_role("heading", name="邀请联络员")).to_be_visible()
    page.get_by_label("被监督单位").select_option(label=world.police.name)
    page.get_by_label("联络员姓名").fill("赵法制")
    page.get_by_label("电子邮箱").fill("zhao@police.example")
    page.get_by_role("button", name="发送邀请").click()
    expect(page.get_by_text("邀请已发送至 zhao@police.example。")).to_be_visible()
    expect(page.get_by_test_id("liaison-row").filter(has_text="赵法制")).to_contain_text("已邀请，待设置密码")
    page.screenshot(path=output_dir / "invite.png", full_page=True)

    from supervision.services import emails

    for pk in emails.due_email_ids():  # the e-mail outbox, sent as the worker would
        emails.email_send(pk)
    link = re.search(r"https?://\S+/invite/\S+/", mail.outbox[-1].body).group(0)
    liaison = new_page({"width": 390, "height": 844})
    liaison.goto(link)
    expect(liaison.get_by_role("heading", name="设置密码")).to_be_visible()
    liaison.locator("#id_new_password1").fill("Police-liaison-2026")
    liaison.locator("#id_new_password2").fill("Police-liaison-2026")
    liaison.screenshot(path=output_dir / "accept.png", full_page=True)
    liaison.get_by_role("button", name="设置密码并登录").click()
    expect(liaison.get_by_role("heading", name="收件箱")).to_be_visible()
    expect(liaison.get_by_text(world.police.name)).to_be_visible()
    liaison.goto(link)  # spent
    expect(liaison.get_by_role("heading", name="邀请链接无效")).to_be_visible()
    liaison.screenshot(path=output_dir / "invalid.png", full_page=True)


def test_a_case_shared_with_a_sibling_procurator_opens_for_them(world, new_page, output_dir):
    case = world.register_case(title="看守所超期羁押监督案")
    outsider = new_page()
    login(outsider, "pt_procurator", PASSWORD)
    assert outsider.request.get(f"/cases/{case.pk}/").status == 404

    page = new_page()
    login(page, "procurator", PASSWORD)
    page.goto(f"/cases/{case.pk}/sharing/")
    page.get_by_label("用户名").fill("pt_procurator")
    page.get_by_role("button", name="共享", exact=True).click()
    expect(page.get_by_test_id("shared-with")).to_contain_text("pt_procurator")
    page.screenshot(path=output_dir / "sharing.png", full_page=True)

    outsider.goto(f"/cases/{case.pk}/")
    expect(outsider.get_by_test_id("case-number")).to_have_text(case.number)


def test_the_three_administrators_each_see_their_own_part_of_the_admin(world, new_page, output_dir):
    sysadmin = new_page()
    login(sysadmin, "sysadmin", PASSWORD)
    expect(sysadmin.get_by_text("组织机构、用户与基础数据")).to_be_visible()
    expect(sysadmin.get_by_role("link", name="检察院").first).to_be_visible()
    expect(sysadmin.get_by_role("link", name="审计记录")).to_have_count(0)
    sysadmin.screenshot(path=output_dir / "sysadmin.png", full_page=True)

    secadmin = new_page()
    login(secadmin, "secadmin", PASSWORD)
    secadmin.goto(f"/admin/supervision/user/{world.assistant.pk}/change/")
    expect(secadmin.locator("select#id_role")).to_be_visible()
    secadmin.screenshot(path=output_dir / "secadmin-user.png", full_page=True)

    auditadmin = new_page()
    login(auditadmin, "auditadmin", PASSWORD)
    world.register_case()
    auditadmin.goto("/admin/supervision/auditentry/")
    expect(auditadmin.get_by_role("cell", name="case_register")).to_be_visible()
    expect(auditadmin.get_by_role("link", name="用户", exact=True)).to_have_count(0)
    auditadmin.screenshot(path=output_dir / "auditadmin.png", full_page=True)


def test_repeated_failed_logins_lock_the_account(world, new_page, output_dir, settings):
    page = new_page()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(page, "approver", "not-the-password")
    expect(page.get_by_role("heading", name="账号已临时锁定")).to_be_visible()
    page.screenshot(path=output_dir / "locked.png", full_page=True)
