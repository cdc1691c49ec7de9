"""The public page (检务公开, issue 16) in Chromium: the procurator proposes a typical case from
the case page, the department head reviews it with the de-identified text beside the original
and approves it; then a visitor with no account reads the public page, the procuratorate's
statistics and the case on a phone (390×844) — no personal data, no horizontal scrolling, and
axe-core finds nothing serious (the ``new_page`` fixture audits every page visited)."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from cases.choices import PartyKind, PartyRole
from cases.services import PartyInput, RelatedNumberInput
from publication import services
from publication.tests.conftest import FACTS, ID_NUMBER, ID_NUMBER_2, PLANTED
from tests.world import PASSWORD

from .conftest import DESKTOP, PHONE, login

# "__all__": the anonymous reader never writes, so the public pages read from the replica when
# one is configured (CI's PostgreSQL run; supervision/db.py), through the live server's threads.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]


@pytest.fixture
def planted_case(world):
    case = world.register_case(
        title="张三丰申请执行监督案", summary=FACTS,
        parties=[PartyInput("张三丰", PartyKind.PERSON, PartyRole.APPLICANT, ID_NUMBER),
                 PartyInput("欧阳娜娜", PartyKind.PERSON, PartyRole.RESPONDENT, ID_NUMBER_2),
                 PartyInput("舟山市海丰渔业有限公司", PartyKind.ORGANISATION, PartyRole.THIRD_PARTY)],
        related_numbers=[RelatedNumberInput("（2025）浙0902民初12号")])
    today = datetime.date.today()
    world.served(today - datetime.timedelta(days=20), case=case, facts=FACTS)
    services.statistics_release_approve(
        actor=world.approver, release=services.statistics_release_propose(
            actor=world.procurator, start=today - datetime.timedelta(days=60),
            end=today - datetime.timedelta(days=1), title="定海区人民检察院近期法律监督工作数据"))
    return case


def no_horizontal_scroll(page) -> None:
    widths = page.evaluate("() => [document.documentElement.scrollWidth,"
                           " document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"{page.url}: scrollWidth {widths[0]} > {widths[1]}"


def no_planted_data(page) -> None:
    html = page.content()
    for planted in PLANTED:
        assert planted not in html, (page.url, planted)


def test_propose_approve_and_read_on_a_phone(world, planted_case, new_page, output_dir):
    # The procurator proposes the case from its page; the form is filled from the case.
    page = new_page(DESKTOP)
    login(page, "procurator", PASSWORD)
    page.goto(f"/cases/{planted_case.pk}/")
    page.get_by_test_id("propose-typical-case").click()
    expect(page.get_by_role("heading", name="推荐为典型案例")).to_be_visible()
    expect(page.get_by_label("基本案情")).to_have_value(FACTS)
    page.get_by_label("标题").fill("执行中未经评估拍卖房产检察监督案")
    page.get_by_label("监督成效").fill("本院向法院制发检察建议，法院撤销拍卖，张三丰的房产依法重新评估。")
    page.get_by_label("典型意义").fill("执行程序应当依法评估，保障当事人合法权益。")
    page.get_by_role("button", name="提请公开").click()
    expect(page.get_by_test_id("publication-status")).to_have_text("待审批")
    expect(page.get_by_test_id("published-summary")).not_to_contain_text("张三丰")
    expect(page.get_by_test_id("preview-clean")).to_be_visible()
    # The proposer is offered no approval.
    expect(page.get_by_test_id("action-approve")).to_have_count(0)
    page.screenshot(path=output_dir / "1-proposed-review.png", full_page=True)

    # The department head reviews the original beside the public text and approves.
    page = new_page(DESKTOP)
    login(page, "approver", PASSWORD)
    page.goto("/publication/")
    page.get_by_role("link", name="执行中未经评估拍卖房产检察监督案").click()
    expect(page.get_by_test_id("preview-summary")).to_contain_text("张三丰")  # the original
    expect(page.get_by_test_id("published-summary")).to_contain_text("某某")
    page.screenshot(path=output_dir / "2-approver-review.png", full_page=True)
    page.get_by_test_id("action-approve").click()
    expect(page.get_by_text("典型案例已公开")).to_be_visible()
    expect(page.get_by_test_id("publication-status")).to_have_text("已公开")

    # A visitor without an account, on a phone.
    page = new_page(PHONE)
    page.goto("/public/")
    expect(page.get_by_role("heading", name="检务公开", exact=True)).to_be_visible()
    no_horizontal_scroll(page)
    no_planted_data(page)
    page.screenshot(path=output_dir / "3-public-index-phone.png", full_page=True)
    page.get_by_test_id("public-procuratorates").get_by_role("link", name=world.dinghai.name).click()
    expect(page.get_by_role("heading", name=world.dinghai.name)).to_be_visible()
    no_horizontal_scroll(page)
    no_planted_data(page)
    page.screenshot(path=output_dir / "4-public-procuratorate-phone.png", full_page=True)

    page.get_by_role("link", name="执行中未经评估拍卖房产检察监督案").click()
    expect(page.get_by_test_id("public-summary")).to_contain_text("某某")
    expect(page.get_by_test_id("public-summary")).to_contain_text("舟山市定海区人民法院")
    no_horizontal_scroll(page)
    no_planted_data(page)
    page.screenshot(path=output_dir / "5-public-case-phone.png", full_page=True)

    page.go_back()
    page.get_by_role("link", name="定海区人民检察院近期法律监督工作数据").click()
    row = page.get_by_test_id("figure-issued")
    expect(row.get_by_test_id("current-issued")).to_have_text("1")
    row.get_by_text("口径").click()
    expect(row).to_contain_text("成文日期在本期内")
    no_horizontal_scroll(page)
    no_planted_data(page)
    page.screenshot(path=output_dir / "6-public-statistics-phone.png", full_page=True)

    # Nothing else is reachable: an unknown case answers 404.
    response = page.goto("/public/cases/987654/")
    assert response.status == 404
