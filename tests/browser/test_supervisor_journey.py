"""The supervisor's journey (issues 14 and 16): from login to one named agency's overdue
instruments in at most three clicks — the dashboard is the home page, its table of agencies
with the most overdue replies links each count to the list behind it — in Chinese on a
desktop and in English on a phone, with axe-core on every page (the ``new_page`` fixture).
The scorecard and report steps come with the rest of the reporting issue."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.world import PASSWORD

from .conftest import DESKTOP, PHONE, login, t

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUDGET = 3



@pytest.mark.parametrize(("locale", "viewport"), [("zh-CN", DESKTOP), ("en-US", PHONE)],
                         ids=["zh-desktop", "en-phone"])
def test_login_to_one_agencys_overdue_list_in_three_clicks(world, new_page, output_dir, locale,
                                                          viewport):
    lang = "en" if locale.startswith("en") else "zh-hans"
    today = timezone.localdate()
    court = [world.served(today - datetime.timedelta(days=d)) for d in (200, 100)]
    police = world.served(today - datetime.timedelta(days=150),
                          case=world.register_case(agency=world.police))

    page = new_page(viewport, locale=locale)
    clicks = 0
    login(page, "supervisor", PASSWORD, english=lang == "en")
    clicks += 1
    expect(page.get_by_role("heading", name=t("期限看板", lang))).to_be_visible()
    row = page.get_by_test_id("agency-row").filter(has_text=world.court.name)
    expect(row.get_by_test_id("agency-overdue")).to_have_text("2")
    page.screenshot(path=output_dir / f"1-dashboard-{lang}.png", full_page=True)

    row.get_by_test_id("agency-overdue").click()
    clicks += 1
    assert clicks <= BUDGET
    rows = page.get_by_test_id("deadline-row")
    expect(rows).to_have_count(2)
    for rec in court:
        expect(page.get_by_role("link", name=rec.number)).to_be_visible()
    expect(page.get_by_role("link", name=police.number)).to_have_count(0)
    expect(page.get_by_test_id("filter-chip")).to_contain_text(world.court.name)
    expect(rows.first.get_by_test_id("due-chip")).to_be_visible()
    page.screenshot(path=output_dir / f"2-agency-overdue-{lang}.png", full_page=True)

    # Dropping the agency's chip widens the list to every overdue reply in scope.
    page.get_by_test_id("filter-chip").click()
    expect(page.get_by_test_id("deadline-row")).to_have_count(3)


def test_from_the_dashboard_to_an_agency_a_department_and_a_procurator(world, new_page, output_dir):
    """The dashboard's breakdowns lead somewhere (issue 16): the named agency's overdue
    instruments within the budget, then a department's and a procurator's instruments from
    their tables; each list as long as the number clicked."""
    today = timezone.localdate()
    court = [world.served(today - datetime.timedelta(days=d)) for d in (200, 100)]
    world.served(today - datetime.timedelta(days=150), case=world.register_case(agency=world.police))
    world.served(today - datetime.timedelta(days=3))  # awaiting, not yet due
    pt = world.served(today - datetime.timedelta(days=120), case=world.register_case(
        actor=world.pt_procurator, agency=world.pt_court))

    page = new_page(DESKTOP)
    clicks = 0
    login(page, "supervisor", PASSWORD)
    clicks += 1
    expect(page.get_by_role("heading", name="期限看板")).to_be_visible()
    page.screenshot(path=output_dir / "1-dashboard.png", full_page=True)
    page.get_by_test_id("agency-row").filter(has_text=world.court.name).get_by_test_id(
        "agency-overdue").click()
    clicks += 1
    assert clicks <= BUDGET
    expect(page.get_by_test_id("deadline-row")).to_have_count(len(court))
    expect(page.get_by_test_id("filter-chip")).to_contain_text(world.court.name)
    page.screenshot(path=output_dir / "2-agency-overdue.png", full_page=True)

    # A department: 定检's 第一检察部 has three overdue replies (court twice, police).
    page.get_by_role("link", name="期限看板").first.click()
    department = page.get_by_test_id("breakdown-department")
    expect(department).to_have_attribute("open", "")
    row = department.get_by_test_id("department-row").filter(has_text="定检·第一检察部")
    link = row.get_by_test_id("department-overdue")
    expect(link).to_have_text("3")
    page.get_by_test_id("more-breakdowns").screenshot(path=output_dir / "3-breakdowns.png")
    link.click()
    expect(page.get_by_test_id("deadline-row")).to_have_count(3)
    expect(page.get_by_test_id("filter-chip")).to_contain_text("定检·第一检察部")
    page.screenshot(path=output_dir / "4-department-overdue.png", full_page=True)

    # A procurator: 普检's, in the table folded until asked for.
    page.go_back()
    page.get_by_test_id("summary-procurator").click()
    row = page.get_by_test_id("procurator-row").filter(has_text=str(world.pt_procurator))
    row.get_by_test_id("procurator-awaiting").click()
    expect(page.get_by_test_id("deadline-row")).to_have_count(1)
    expect(page.get_by_role("link", name=pt.number)).to_be_visible()
    expect(page.get_by_test_id("filter-chip")).to_contain_text(str(world.pt_procurator))
    page.screenshot(path=output_dir / "5-procurator-awaiting.png", full_page=True)


def test_the_breakdowns_on_a_phone(world, new_page, output_dir):
    """At 390×844 the breakdown tables scroll inside their own labelled regions: the page
    itself never scrolls sideways."""
    today = timezone.localdate()
    world.served(today - datetime.timedelta(days=100))
    world.served(today - datetime.timedelta(days=120), case=world.register_case(
        actor=world.pt_procurator, agency=world.pt_court))
    page = new_page(PHONE)
    login(page, "supervisor", PASSWORD)
    for code in ("procurator", "kind", "type"):
        page.get_by_test_id(f"summary-{code}").click()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    page.screenshot(path=output_dir / "1-dashboard-phone.png", full_page=True)
