"""The written replies owed to the people's congress, as a supervisor and a procurator meet
them (issue 16): the deadline dashboard counts them with the procuratorate's own deadlines;
one number opens the list behind it, at desktop and at phone width; the row opens the report
at the opinion, with its due date explained."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from congress.models import CongressReport, ReportKind, ReportStatus
from congress.services.opinions import opinion_record
from tests.world import PASSWORD

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_overdue_opinion_from_the_dashboard_to_the_report(world, new_page, output_dir):
    today = timezone.localdate()
    report = CongressReport.objects.create(
        procuratorate=world.dinghai, kind=ReportKind.ANNUAL, title="2025年度法律监督工作报告",
        period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2025, 12, 31),
        status=ReportStatus.RELEASED, author=world.procurator,
        released_on=today - datetime.timedelta(days=120))
    opinion = opinion_record(actor=world.procurator, report=report,
                             received_on=today - datetime.timedelta(days=100),
                             letter_number="定人大常办〔2026〕12号",
                             content="进一步提高检察建议的回复率和整改落实率。",
                             responsible=world.procurator)
    assert opinion.is_overdue()

    for who, viewport, suffix in (("supervisor", None, ""),
                                  ("procurator", {"width": 390, "height": 844}, "-phone")):
        page = new_page(viewport=viewport)
        login(page, who, PASSWORD)
        if viewport is None:
            page.get_by_role("link", name="期限看板").first.click()
        else:  # the phone's menu is folded: the procurator opens the dashboard from it
            page.locator(".navbar-toggler").click()
            page.get_by_role("link", name="期限看板").first.click()
        row = page.get_by_test_id("internal-opinion")
        expect(row).to_contain_text("人大审议意见书面回复")
        page.screenshot(path=output_dir / f"1-dashboard{suffix}.png", full_page=True)
        row.get_by_test_id("internal-overdue-opinion").get_by_role("link").click()
        expect(page.get_by_test_id("opinion-row")).to_have_count(1)
        expect(page.get_by_test_id("list-count")).to_contain_text("共 1 项")
        expect(page.get_by_test_id("opinion-row")).to_contain_text("定人大常办〔2026〕12号")
        assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate(
            "window.innerWidth")  # no sideways scroll, also on a phone
        page.screenshot(path=output_dir / f"2-opinions{suffix}.png", full_page=True)
        page.get_by_role("link", name=report.title).click()
        expect(page).to_have_url(f"{page.url.split('#')[0]}#opinion-{opinion.pk}")
        expect(page.get_by_text("进一步提高检察建议的回复率和整改落实率。")).to_be_visible()
        page.screenshot(path=output_dir / f"3-report-opinion{suffix}.png", full_page=True)
