"""A report to the people's congress, in Chromium (issue 16): the procurator creates the annual
report from the navigation, writes its sections and submits it; the chief approves and
releases it; the PDF is generated behind a progress bar and downloaded; the congress observer
reads the released report. Screenshots at each step; axe-core audits every page (the
``new_page`` fixture).

The generation task runs in this process, in a thread started where the page queues it (the
live server is this process too), with each progress step slowed so the bar is seen moving —
the same code the Celery worker runs (``reporting.congress_render.run``)."""

from __future__ import annotations

import datetime
import threading
import time

import pytest
from django.db import connection
from playwright.sync_api import expect

from congress.models import ReportStatus
from congress.services import reports as report_services
from reporting import congress_render, tasks
from supervision.choices import Role
from supervision.models import User
from tests.world import PASSWORD

from .conftest import DESKTOP, confirm, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def chief(world) -> User:
    return User.objects.create_user(username="chief", password=PASSWORD, role=Role.CHIEF,
                                    procuratorate=world.dinghai, display_name="郑国华")


@pytest.fixture
def worker_in_a_thread(monkeypatch):
    """``render_congress_report.delay`` runs the task in a thread of this process, each
    progress step held for a moment so the browser sees the bar."""
    original = report_services.rendering_progress

    def slow_progress(pk, value, stage):
        original(pk, value, stage)
        time.sleep(0.8)

    def delay(rendering_id):
        def work():
            try:
                congress_render.run(rendering_id)
            finally:
                connection.close()

        thread = threading.Thread(target=work, daemon=True)
        thread.start()

    monkeypatch.setattr(report_services, "rendering_progress", slow_progress)
    monkeypatch.setattr(tasks.render_congress_report, "delay", delay)


def test_a_report_is_written_approved_released_generated_and_read(world, chief, new_page,
                                                                  output_dir, worker_in_a_thread):
    last_year = datetime.date.today().year - 1
    world.served(datetime.date(last_year, 6, 2))

    # The procurator creates the annual report from the navigation.
    page = new_page(DESKTOP)
    login(page, "procurator", PASSWORD)
    page.get_by_test_id("nav-menu-reports").click()  # the bar's 统计报告 menu
    page.get_by_role("link", name="人大报告").click()
    page.get_by_test_id("report-create").click()
    expect(page.get_by_label("统计起始日")).to_have_value(f"{last_year}-01-01")
    page.screenshot(path=output_dir / "1-create.png", full_page=True)
    page.get_by_role("button", name="创建报告").click()
    expect(page.get_by_test_id("report-title")).to_contain_text(f"{last_year}年度法律监督工作情况的报告")
    expect(page.get_by_test_id("section")).to_have_count(4)
    expect(page.get_by_test_id("current-issued")).to_have_text("1")
    page.screenshot(path=output_dir / "2-draft.png", full_page=True)

    # Each section is written and saved in place (htmx).
    texts = {2: "（一）做优刑事检察。\n（二）做实行政检察。", 3: "回复质量有待提高。", 4: "健全跟踪督促机制。"}
    for position, text in texts.items():
        section = page.get_by_test_id("section").nth(position - 1)
        section.get_by_label("正文").fill(text)
        section.get_by_test_id("section-save").click()
        expect(page.get_by_test_id("section").nth(position - 1).get_by_test_id("section-saved")).to_be_visible()
    page.get_by_test_id("section").nth(1).scroll_into_view_if_needed()
    page.screenshot(path=output_dir / "3-section-saved.png")
    page.get_by_test_id("action-submit").click()
    expect(page.get_by_test_id("report-status")).to_have_text("待审批")
    page.screenshot(path=output_dir / "4-submitted.png")
    report_url = page.url

    # The chief approves and releases it.
    boss = new_page(DESKTOP)
    login(boss, "chief", PASSWORD)
    boss.goto(report_url)
    boss.get_by_test_id("action-approve").click()
    confirm(boss)
    expect(boss.get_by_test_id("report-status")).to_have_text("已批准")
    expect(boss.get_by_test_id("figures-note")).to_contain_text("批准时固定")
    boss.screenshot(path=output_dir / "5-approved.png", full_page=True)
    boss.get_by_test_id("action-release").click()
    confirm(boss)
    expect(boss.get_by_test_id("report-status")).to_have_text("已报送人大")

    # The PDF: the progress bar moves, then the download link appears.
    files = boss.get_by_test_id("files-pdf")
    files.get_by_test_id("generate-pdf").click()
    expect(files.get_by_test_id("rendering-progress-pdf")).to_be_visible()
    boss.wait_for_function(
        "() => { const p = document.querySelector('#files-pdf progress'); return p && p.value > 0; }",
        timeout=15_000)
    boss.get_by_test_id("report-files").screenshot(path=output_dir / "6-progress.png")
    download_link = files.get_by_test_id("download-pdf")
    expect(download_link).to_be_visible(timeout=60_000)
    boss.get_by_test_id("report-files").screenshot(path=output_dir / "7-download-link.png")
    with boss.expect_download() as download:
        download_link.click()
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert download.value.suggested_filename.endswith(".pdf")

    # The congress observer reads the released report: figures, charts, no forms.
    observer = new_page(DESKTOP)
    login(observer, "observer", PASSWORD)
    observer.get_by_test_id("nav-menu-reports").click()
    observer.get_by_role("link", name="人大报告").click()
    observer.get_by_role("link", name=f"舟山市定海区人民检察院关于{last_year}年度法律监督工作情况的报告").click()
    expect(observer.get_by_test_id("report-status")).to_have_text("已报送人大")
    expect(observer.get_by_test_id("current-issued")).to_have_text("1")
    charts = observer.get_by_test_id("chart-image")
    expect(charts).to_have_count(3)
    charts.first.scroll_into_view_if_needed()
    observer.wait_for_function("(img) => img.complete && img.naturalWidth > 0",
                               arg=charts.first.element_handle())
    expect(observer.get_by_test_id("section-form")).to_have_count(0)
    expect(observer.get_by_test_id("report-actions")).to_have_count(0)
    expect(observer.get_by_test_id("files-pdf").get_by_test_id("download-pdf")).to_be_visible()
    observer.screenshot(path=output_dir / "8-observer.png", full_page=True)
    observer.get_by_test_id("report-charts").screenshot(path=output_dir / "9-charts.png")
    assert world.observer.role == Role.OBSERVER
    from congress.models import CongressReport

    assert CongressReport.objects.get().status == ReportStatus.RELEASED
