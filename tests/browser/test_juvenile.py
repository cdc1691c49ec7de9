"""Browser journey of a juvenile case (docs/juvenile.md): the handler sees the case, its list
row with the minor's name masked, seals the record from the case page (the 已封存 banner); a
procurator of the same procuratorate outside the circle gets the 404 page; the chief lifts the
seal at phone width."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.choices import PartyKind, PartyRole
from cases.services import PartyInput
from supervision.choices import Role
from supervision.models import User
from tests.world import PASSWORD

from .conftest import PHONE, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_juvenile_case_is_masked_sealed_and_out_of_reach(world, new_page, output_dir):
    today = timezone.localdate()
    case = world.register_case(
        title="未成年社区矫正对象张小明漏管监督案", juvenile=True,
        accepted_on=today - datetime.timedelta(days=30),
        parties=[PartyInput("张小明", PartyKind.PERSON, PartyRole.OFFENDER)])
    ordinary = world.register_case(title="违法扣押监督案", parties=[PartyInput("李四")])
    User.objects.create_user(username="colleague", password=PASSWORD, role=Role.PROCURATOR,
                             procuratorate=world.dinghai, department=world.procurator.department,
                             display_name="赵同事")
    User.objects.create_user(username="chief", password=PASSWORD, role=Role.CHIEF,
                             procuratorate=world.dinghai, display_name="郑国华")

    # 1. The handler's list: the juvenile case, its minor masked; the ordinary one as it is.
    page = new_page()
    login(page, "procurator", PASSWORD)
    page.goto("/cases/")
    rows = page.get_by_test_id("case-row")
    expect(rows.filter(has_text=case.number)).to_contain_text("未成年社区矫正对象张某某漏管监督案")
    expect(page.get_by_test_id("case-row").filter(has_text=ordinary.number)).to_contain_text("李四")
    expect(page.locator("main")).not_to_contain_text("张小明")
    page.screenshot(path=output_dir / "1-masked-list.png", full_page=True)

    # 2. Its page gives the handler the full name, and the seal.
    rows.filter(has_text=case.number).get_by_role("link", name=case.number).click()
    expect(page.get_by_test_id("juvenile-note")).to_be_visible()
    expect(page.locator("main")).to_contain_text("张小明")
    page.get_by_test_id("seal-open").click()
    page.get_by_label("依据和理由").fill("犯罪时不满十八周岁，被判处缓刑，依法封存犯罪记录")
    page.get_by_test_id("seal-submit").click()
    expect(page.get_by_test_id("sealed-banner")).to_contain_text("已封存")
    expect(page.get_by_test_id("sealed-banner")).to_contain_text("第二百八十六条")
    expect(page.get_by_test_id("propose-typical-case")).to_have_count(0)
    page.screenshot(path=output_dir / "2-sealed.png", full_page=True)
    page.goto("/cases/")
    expect(page.get_by_test_id("case-row").filter(has_text=case.number)
           .get_by_test_id("sealed-badge")).to_be_visible()

    # 3. Another procurator of 定检: the list holds the ordinary case only; the juvenile one 404.
    other = new_page()
    login(other, "colleague", PASSWORD)
    other.goto("/cases/")
    expect(other.get_by_test_id("case-row").filter(has_text=ordinary.number)).to_be_visible()
    expect(other.get_by_test_id("case-row").filter(has_text=case.number)).to_have_count(0)
    response = other.goto(case.get_absolute_url())
    assert response.status == 404
    other.screenshot(path=output_dir / "3-colleague-404.png", full_page=True)

    # 4. The chief lifts the seal, at phone width, with a reason.
    chief = new_page(viewport=PHONE)
    login(chief, "chief", PASSWORD)
    chief.goto(case.get_absolute_url())
    chief.get_by_test_id("unseal-open").click()
    chief.get_by_label("解除封存的理由").fill("发现其在未成年时实施的漏罪，依法解除封存")
    chief.screenshot(path=output_dir / "4-unseal-phone.png", full_page=True)
    chief.get_by_test_id("unseal-submit").click()
    expect(chief.get_by_text("已解除犯罪记录封存。")).to_be_visible()
    expect(chief.get_by_test_id("sealed-banner")).to_have_count(0)
    expect(chief.get_by_test_id("juvenile-note")).to_be_visible()
