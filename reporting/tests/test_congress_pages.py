"""The pages of a report to the people's congress (reporting/congress_views.py) and its files
(reporting/congress_render.py, reporting/tasks.py): who reads what, the htmx section save and
its concurrent-edit refusal, the figures frozen at approval, the opinions with their due dates,
the PDF and the DOCX opened back, the task's progress and its failure."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from congress.models import RenderingStatus, ReportKind, ReportRendering, ReportStatus
from congress.services import opinions as opinion_services
from congress.services import reports as services
from reporting import congress_render
from reporting.congress_figures import live_figures
from reporting.tasks import render_congress_report
from supervision.choices import Role
from supervision.models import User

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
HEADINGS = ["基本情况", "开展法律监督工作的主要做法和成效", "存在的问题和不足", "下一步工作打算"]


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def chief(world) -> User:
    return User.objects.create_user(username="chief", password="x" * 12, role=Role.CHIEF,
                                    procuratorate=world.dinghai, display_name="郑国华")


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def draft(world):
    report = services.report_create(actor=world.procurator, kind=ReportKind.ANNUAL,
                                    period_start=datetime.date(2025, 1, 1),
                                    period_end=datetime.date(2025, 12, 31))
    for section in report.sections.all():
        services.section_save(actor=world.procurator, section=section,
                              body=f"{section.heading}：本院依法履职。\n第二段。",
                              seen_updated_at=section.updated_at)
    report.refresh_from_db()
    return report


def released(world, chief):
    report = draft(world)
    services.report_submit(actor=world.procurator, report=report)
    services.report_approve(actor=chief, report=report, figures=live_figures(report))
    return services.report_release(actor=world.procurator, report=report)


# --- Who reads which page ---------------------------------------------------------------------

@pytest.mark.parametrize(("persona", "draft_status", "released_status"), [
    ("procurator", 200, 200), ("assistant", 200, 200), ("approver", 200, 200),
    ("supervisor", 404, 200), ("observer", 404, 200), ("pt_procurator", 404, 404),
    ("court_liaison", 404, 404), ("sysadmin", 404, 404),
])
def test_the_report_page_answers_each_persona(world, chief, persona, draft_status, released_status):
    world.served(datetime.date(2025, 6, 2))
    mine, sent = draft(world), released(world, chief)
    client = client_of(getattr(world, persona))
    assert client.get(mine.get_absolute_url()).status_code == draft_status
    assert client.get(sent.get_absolute_url()).status_code == released_status


def test_the_observer_reads_the_released_report_figures_and_charts_but_nothing_to_change(world, chief):
    world.served(datetime.date(2025, 6, 2))
    report = released(world, chief)
    opinion_services.opinion_record(actor=world.procurator, report=report, received_on=NOW.date(),
                                    content="加强公益诉讼检察", responsible=world.procurator)
    page = client_of(world.observer).get(report.get_absolute_url()).content.decode()
    assert 'data-testid="current-issued">1<' in page
    assert page.count('data-testid="chart-image"') == 3
    chart = client_of(world.observer).get(reverse("reporting:congress-chart",
                                                  args=[report.pk, "replies"]))
    assert chart["Content-Type"] == "image/svg+xml" and b"<title" in chart.content
    assert "style-src 'unsafe-inline'" in chart["Content-Security-Policy"]
    assert client_of(world.observer).get(reverse("reporting:congress-chart",
                                                 args=[report.pk, "nothing"])).status_code == 404
    assert "加强公益诉讼检察" in page and "待书面回复" in page
    assert "期限如何计算" in page and "两个月" in page  # the due date's explanation
    for form in ("section-form", "report-actions", "opinion-form", "opinion-reply-form"):
        assert f'data-testid="{form}"' not in page
    assert world.court.name not in page  # figures only: no instrument, no party
    listing = client_of(world.observer).get(reverse("reporting:congress-reports")).content.decode()
    assert report.title in listing


def test_the_list_and_the_navigation(world, chief):
    mine = draft(world)
    page = client_of(world.procurator).get(reverse("reporting:congress-reports")).content.decode()
    assert mine.title in page and reverse("reporting:congress-report-create") in page
    assert 'href="/reporting/congress/"' in page  # the nav link
    assert client_of(world.court_liaison).get(reverse("reporting:congress-reports")).status_code == 404


def test_a_procurator_creates_a_report_from_the_page(world):
    client = client_of(world.procurator)
    assert client.get(reverse("reporting:congress-report-create")).status_code == 200
    response = client.post(reverse("reporting:congress-report-create"), {
        "kind": "special", "subject": "", "period_start": "2025-01-01", "period_end": "2025-12-31"})
    assert "专项工作报告须填写专项主题" in response.content.decode()
    response = client.post(reverse("reporting:congress-report-create"), {
        "kind": "special", "subject": "公益诉讼检察工作", "period_start": "2025-01-01",
        "period_end": "2025-12-31"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "关于公益诉讼检察工作情况的专项报告" in page and "一、公益诉讼检察工作基本情况" in page
    assert client_of(world.assistant).get(reverse("reporting:congress-report-create")).status_code == 404


# --- Sections: htmx save, and the refusal of a save over a newer version -------------------

def _section_post(client, report, section, body, seen):
    prefix = f"s{section.pk}"
    return client.post(reverse("reporting:congress-section", args=[report.pk, section.pk]),
                       {f"{prefix}-heading": section.heading, f"{prefix}-body": body,
                        f"{prefix}-seen": seen.isoformat()}, HTTP_HX_REQUEST="true")


def test_two_editors_of_one_section_never_overwrite_each_other(world):
    report = draft(world)
    section = report.sections.get(position=3)
    seen = section.updated_at
    with time_machine.travel(NOW + datetime.timedelta(minutes=2), tick=False):
        saved = _section_post(client_of(world.procurator), report, section, "甲的文字", seen)
    assert saved.status_code == 200 and 'data-testid="section-saved"' in saved.content.decode()
    with time_machine.travel(NOW + datetime.timedelta(minutes=3), tick=False):
        refused = _section_post(client_of(world.approver), report, section, "乙的文字", seen)
    fragment = refused.content.decode()
    assert 'data-testid="section-refused"' in fragment and "陈立" in fragment
    assert "乙的文字" in fragment and "甲的文字" in fragment  # the text typed and the stored one
    section.refresh_from_db()
    assert section.body == "甲的文字"
    # without htmx the whole page comes back with the refused text in the form
    with time_machine.travel(NOW + datetime.timedelta(minutes=4), tick=False):
        page = client_of(world.approver).post(
            reverse("reporting:congress-section", args=[report.pk, section.pk]),
            {f"s{section.pk}-heading": section.heading, f"s{section.pk}-body": "乙的文字",
             f"s{section.pk}-seen": seen.isoformat()})
    assert page.status_code == 200 and "乙的文字" in page.content.decode()
    assert client_of(world.assistant).post(
        reverse("reporting:congress-section", args=[report.pk, section.pk])).status_code == 404


# --- The workflow through the page; frozen figures -----------------------------------------

def test_approval_freezes_the_figures_a_later_instrument_does_not_change_them(world, chief):
    world.served(datetime.date(2025, 6, 2))
    report = draft(world)
    procurator, boss = client_of(world.procurator), client_of(chief)
    url = report.get_absolute_url()
    assert 'data-testid="current-issued">1<' in procurator.get(url).content.decode()
    procurator.post(reverse("reporting:congress-report-action", args=[report.pk, "submit"]))
    # the author may not approve: the button is not theirs, and the action is refused
    procurator.post(reverse("reporting:congress-report-action", args=[report.pk, "approve"]))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert 'data-testid="action-approve"' in boss.get(url).content.decode()
    boss.post(reverse("reporting:congress-report-action", args=[report.pk, "approve"]))
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and report.figures["issued"] == 1
    world.served(datetime.date(2025, 7, 1))  # recorded later, dated in the period
    assert live_figures(report)["issued"] == 2
    page = procurator.get(url).content.decode()
    assert 'data-testid="current-issued">1<' in page and "批准时固定" in page
    boss.post(reverse("reporting:congress-report-action", args=[report.pk, "release"]),
              {"released_on": ""})
    report.refresh_from_db()
    assert report.status == ReportStatus.RELEASED and report.figures["issued"] == 1
    assert client_of(world.observer).get(url).status_code == 200
    assert client_of(world.observer).post(
        reverse("reporting:congress-report-action", args=[report.pk, "submit"])).status_code == 404


def test_a_returned_report_shows_the_reason(world, chief):
    report = draft(world)
    services.report_submit(actor=world.procurator, report=report)
    client_of(chief).post(reverse("reporting:congress-report-action", args=[report.pk, "return"]),
                          {"reason": "请补充典型案例"})
    page = client_of(world.procurator).get(report.get_absolute_url()).content.decode()
    assert "请补充典型案例" in page and 'data-testid="section-form"' in page


# --- Opinions ---------------------------------------------------------------------------------

def test_opinions_are_recorded_replied_to_and_overdue_flagged(world, chief):
    report = released(world, chief)
    client = client_of(world.procurator)
    client.post(reverse("reporting:congress-opinion-create", args=[report.pk]), {
        "letter_number": "定人大常办〔2026〕3号", "received_on": NOW.date().isoformat(),
        "content": "加强行政检察", "responsible": world.procurator.pk, "stated_amount": "",
        "stated_unit": "days"})
    opinion = report.opinions.get()
    assert opinion.due_date == datetime.date(2026, 5, 11)
    client.post(reverse("reporting:congress-opinion-reply", args=[report.pk, opinion.pk]), {
        f"o{opinion.pk}-replied_on": NOW.date().isoformat(), f"o{opinion.pk}-summary": "已落实",
        f"o{opinion.pk}-reply_number": "定检〔2026〕5号"})
    opinion.refresh_from_db()
    assert opinion.replied_on == NOW.date()
    late = opinion_services.opinion_record(
        actor=world.procurator, report=report, received_on=NOW.date(), content="规范检察建议",
        responsible=world.procurator, stated_amount=10, stated_unit="days")
    with time_machine.travel(NOW + datetime.timedelta(days=40), tick=False):
        page = client_of(world.observer).get(report.get_absolute_url()).content.decode()
    assert f'id="opinion-{late.pk}"' in page and "逾期未回复" in page and "已按期回复" in page


# --- Files ------------------------------------------------------------------------------------

def _generate(client, report, fmt, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(reverse("reporting:congress-render", args=[report.pk, fmt]),
                               HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and f"rendering-progress-{fmt}" in response.content.decode()
    assert len(queued) == 1
    return ReportRendering.objects.get(report=report, fmt=fmt)


def test_the_pdf_is_generated_with_progress_and_downloaded(world, chief, monkeypatch,
                                                           django_capture_on_commit_callbacks):
    from pypdf import PdfReader

    world.served(datetime.date(2025, 6, 2))
    report = released(world, chief)
    client = client_of(world.observer)
    rendering = _generate(client, report, "pdf", django_capture_on_commit_callbacks)
    seen = []
    original = services.rendering_progress
    monkeypatch.setattr(services, "rendering_progress",
                        lambda pk, value, stage: (seen.append(value), original(pk, value, stage)))
    assert render_congress_report.apply(args=[rendering.pk]).get() == "done"
    rendering.refresh_from_db()
    assert rendering.status == RenderingStatus.DONE and rendering.progress == 100
    assert seen == sorted(seen) and len(seen) >= 3
    status = client.get(reverse("reporting:congress-rendering", args=[report.pk, rendering.pk]),
                        HTTP_HX_REQUEST="true").content.decode()
    assert 'data-testid="download-pdf"' in status and "every 1s" not in status
    response = client.get(reverse("reporting:congress-download", args=[report.pk, rendering.pk]))
    pdf = b"".join(response.streaming_content)
    assert pdf.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = text.replace(" ", "").replace("\n", "")
    for ordinal, heading in zip("一二三四", HEADINGS, strict=True):
        assert f"{ordinal}、{heading}" in text
    assert report.title in text and "主要统计数据" in text and "统计指标口径" in text
    assert "草稿" not in text
    # the draft next door is not the observer's to download
    other = ReportRendering.objects.create(report=draft(world), fmt="pdf", requested_by=world.procurator,
                                           report_updated_at=report.updated_at)
    assert client.get(reverse("reporting:congress-download",
                              args=[other.report_id, other.pk])).status_code == 404


def test_the_docx_opens_back_with_headings_figures_a_chart_and_east_asian_fonts(world, chief):
    import docx
    from docx.oxml.ns import qn

    world.served(datetime.date(2025, 6, 2))
    report = released(world, chief)
    rendering = services.rendering_request(actor=world.procurator, report=report, fmt="docx")
    congress_render.run(rendering.pk)
    rendering.refresh_from_db()
    assert rendering.status == RenderingStatus.DONE
    with rendering.file.open("rb") as stored:
        document = docx.Document(io.BytesIO(stored.read()))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [f"{o}、{h}" for o, h in zip("一二三四", HEADINGS, strict=True)]
    table = document.tables[0]
    rows = {row.cells[0].text: [c.text for c in row.cells[1:]] for row in table.rows}
    assert rows["指标"] == ["本期", "去年同期", "增减"]
    assert rows["制发监督文书"][0] == "1"
    assert len(document.inline_shapes) == 3  # the three charts, as PNG
    for name, font in (("Normal", "仿宋"), ("Heading 1", "黑体")):
        fonts = document.styles[name].element.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")) == font
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.top_margin.mm) == 37


def test_a_failed_generation_is_told_in_users_words_never_a_500(world, chief, monkeypatch):
    report = draft(world)
    rendering = services.rendering_request(actor=world.procurator, report=report, fmt="pdf")

    def broken(report, progress):
        raise RuntimeError("fontconfig exploded")

    monkeypatch.setitem(congress_render.RENDERERS, "pdf", (broken, "pdf"))
    assert render_congress_report.apply(args=[rendering.pk]).get() == "failed"
    rendering.refresh_from_db()
    assert rendering.status == RenderingStatus.FAILED and "fontconfig" not in rendering.error
    page = client_of(world.procurator).get(report.get_absolute_url()).content.decode()
    assert 'data-testid="rendering-failed-pdf"' in page and "重新生成" in page


def test_a_draft_pdf_says_it_is_a_draft(world):
    from pypdf import PdfReader

    pdf = congress_render.render_pdf(draft(world))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "草稿" in text.replace(" ", "")


def test_the_figure_table_exports_to_xlsx_as_the_page_shows_it(world, chief):
    from io import BytesIO

    from openpyxl import load_workbook

    world.served(datetime.date(2025, 6, 2))
    report = released(world, chief)
    client = client_of(world.observer)
    page = client.get(report.get_absolute_url()).content.decode()
    url = reverse("reporting:congress-figures-export", args=[report.pk])
    assert f'href="{url}"' in page
    rows = list(load_workbook(BytesIO(client.get(url).content)).active.iter_rows(
        values_only=True))
    issued = next(r for r in rows if r[1] == "制发监督文书")
    assert issued[2] == "1" and issued[3] == "0" and issued[4] == 1 and issued[5]
    # the observer never gets a draft's figures
    other = draft(world)
    assert client.get(reverse("reporting:congress-figures-export",
                              args=[other.pk])).status_code == 404
