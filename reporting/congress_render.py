"""A report to the people's congress as a file: PDF in the official layout (WeasyPrint) and
DOCX that opens cleanly in WPS and Word (python-docx), and the Celery task's body that makes
one and records its progress (``reporting.tasks.render_congress_report``).

Both files are Chinese whatever the interface language (``override("zh-hans")``): title,
procuratorate, period, the narrative sections numbered 一、二、…, after the first section the
figure table with last year's figures and the change, the charts — the same chart function as
the page (SVG in the PDF, the very bytes the page shows; PNG in the DOCX) — and, last, each
figure's definition.

Layout after GB/T 9704-2012 as the instruments (``recommendations.documents``): A4, margins
37/35/28/26 mm, body 三号仿宋 (16 pt), headings 黑体, page numbers "— 1 —". In the DOCX the
East Asian font is set on every style (``w:eastAsia``), which is what WPS and Word read for
Chinese text.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable

from django.template.loader import render_to_string
from django.utils.translation import gettext_noop, override

from congress.models import CongressReport, RenderingFormat, ReportStatus
from congress.services import reports as report_services
from recommendations.documents import _fonts, build_font_config, chinese_date, chinese_number
from recommendations.outline import lines
from supervision.exports import download_name

from .congress_figures import change_text, charts_of, figure_groups, figures_of
from .scorecard_exports import _pdf_url_fetcher, data_uri

logger = logging.getLogger(__name__)

PDF_TEMPLATE = "documents/congress_report.html"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

#: The progress bar's stages (msgids, translated on the page) and how far each one is.
STAGE_FIGURES = gettext_noop("统计数据")
STAGE_CHARTS = gettext_noop("绘制图表")
STAGE_LAYOUT = gettext_noop("排版")
STAGE_SAVING = gettext_noop("保存文件")
#: What a user is told when generation fails (a msgid; the details go to the log).
FAILED_MESSAGE = gettext_noop("生成文件时出错，文件未能生成。请稍后点击“重新生成”；如仍失败，请联系系统管理员。")

Progress = Callable[[int, str], None]


def _nothing(progress: int, stage: str) -> None:
    return None


def document_context(report: CongressReport, progress: Progress = _nothing) -> dict:
    """Everything both files print, as plain Chinese values (call inside
    ``override("zh-hans")``)."""
    progress(15, STAGE_FIGURES)
    figures, frozen = figures_of(report)
    groups = figure_groups(figures) if figures else []
    for group in groups:
        for row in group["rows"]:
            row["change_text"] = change_text(row)
    sections = [{"ordinal": chinese_number(index), "heading": section.heading,
                 "paragraphs": lines(section.body)}
                for index, section in enumerate(report.sections.all(), start=1)]
    progress(35, STAGE_CHARTS)
    charts = charts_of(figures) if figures else []
    return {
        "title": report.title,
        "procuratorate": report.procuratorate.name,
        "period": f"{chinese_date(report.period_start)}至{chinese_date(report.period_end)}",
        "draft": report.status not in (ReportStatus.APPROVED, ReportStatus.RELEASED),
        "frozen": frozen,
        "as_of": chinese_date(_iso(figures["as_of"])) if figures else "",
        "previous_period": (f"{chinese_date(_iso(figures['previous_year']['from']))}至"
                            f"{chinese_date(_iso(figures['previous_year']['to']))}"
                            if figures else ""),
        "made_on": chinese_date(report.approved_at.date()) if report.approved_at else "",
        "released_on": chinese_date(report.released_on) if report.released_on else "",
        "sections": sections,
        "groups": groups,
        "charts": charts,
    }


def _iso(value: str):
    import datetime

    return datetime.date.fromisoformat(value)


# --- PDF --------------------------------------------------------------------------------------

def render_pdf(report: CongressReport, progress: Progress = _nothing) -> bytes:
    from weasyprint import HTML

    with override("zh-hans"):
        context = document_context(report, progress)
        drawn = [{"chart": chart, "src": data_uri(chart.draw("svg"))} for chart in context["charts"]]
        progress(60, STAGE_LAYOUT)
        html = render_to_string(PDF_TEMPLATE, {**context, "drawn": drawn, "fonts": _fonts()})
    return HTML(string=html, base_url=None, url_fetcher=_pdf_url_fetcher()).write_pdf(
        font_config=build_font_config())


# --- DOCX -------------------------------------------------------------------------------------

BODY_FONT, HEADING_FONT, TITLE_FONT = "仿宋", "黑体", "宋体"


def _east_asian(style_or_run, font: str) -> None:
    """Set the font for Latin and East Asian text alike: python-docx's ``font.name`` sets
    ``w:ascii``/``w:hAnsi`` only, and WPS and Word draw Chinese with ``w:eastAsia``."""
    from docx.oxml.ns import qn

    style_or_run.font.name = font
    rpr = style_or_run.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), font)


def render_docx(report: CongressReport, progress: Progress = _nothing) -> bytes:
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt, RGBColor

    with override("zh-hans"):
        context = document_context(report, progress)
        pictures = [(chart, chart.draw("png")) for chart in context["charts"]]
        progress(60, STAGE_LAYOUT)
        document = docx.Document()
        page = document.sections[0]
        page.page_width, page.page_height = Mm(210), Mm(297)
        page.top_margin, page.bottom_margin = Mm(37), Mm(35)
        page.left_margin, page.right_margin = Mm(28), Mm(26)
        for name, font, size, bold in (("Normal", BODY_FONT, 16, False),
                                       ("Title", TITLE_FONT, 22, True),
                                       ("Heading 1", HEADING_FONT, 16, False),
                                       ("Heading 2", HEADING_FONT, 14, False)):
            style = document.styles[name]
            _east_asian(style, font)
            style.font.size, style.font.bold = Pt(size), bold
            style.font.color.rgb = RGBColor(0, 0, 0)
        document.core_properties.title = context["title"]
        document.core_properties.author = context["procuratorate"]
        title = document.add_paragraph(context["title"], style="Title")
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for text in (context["procuratorate"], f"（统计期间：{context['period']}）"):
            line = document.add_paragraph(text)
            line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if context["draft"]:
            mark = document.add_paragraph("（草稿，未经批准）")
            mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for index, section in enumerate(context["sections"]):
            document.add_heading(f"{section['ordinal']}、{section['heading']}", level=1)
            for text in section["paragraphs"]:
                paragraph = document.add_paragraph(text)
                paragraph.paragraph_format.first_line_indent = Pt(32)
            if index == 0 and context["groups"]:
                _docx_figures(document, context, pictures, Mm, Pt, WD_TABLE_ALIGNMENT)
        if context["groups"]:
            _docx_definitions(document, context, Pt)
        if context["made_on"]:
            signed = document.add_paragraph(f"{context['procuratorate']}\n{context['made_on']}")
            signed.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        progress(85, STAGE_SAVING)
        out = io.BytesIO()
        document.save(out)
    return out.getvalue()


def _docx_figures(document, context: dict, pictures, Mm, Pt, align) -> None:
    document.add_heading("主要统计数据", level=2)
    note = document.add_paragraph(
        f"本期为{context['period']}，与去年同期（{context['previous_period']}）比较；"
        f"回复情况计至{context['as_of']}。各项指标的统计口径见文末。")
    note.paragraph_format.first_line_indent = Pt(32)
    rows = [row for group in context["groups"] for row in group["rows"]]
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    table.alignment = align.CENTER
    for cell, text in zip(table.rows[0].cells, ("指标", "本期", "去年同期", "增减"), strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.font.bold = True
    for row in rows:
        label = str(row["figure"].label) + ("（%）" if row["figure"].is_rate else "")
        cells = table.add_row().cells
        for cell, text in zip(cells, (label, row["current_text"], row["previous_text"],
                                      row["change_text"]), strict=True):
            cell.text = text
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(12)
    for chart, png in pictures:
        document.add_picture(io.BytesIO(png), width=Mm(150))
        caption = document.add_paragraph(f"图：{chart.title}")
        caption.alignment = 1  # centred
        for run in caption.runs:
            run.font.size = Pt(12)


def _docx_definitions(document, context: dict, Pt) -> None:
    document.add_heading("附：统计指标口径", level=2)
    for group in context["groups"]:
        for row in group["rows"]:
            figure = row["figure"]
            text = f"{figure.label}：{figure.definition}"
            if figure.source:
                text += f"（依据：{figure.source}）"
            paragraph = document.add_paragraph(text)
            paragraph.paragraph_format.first_line_indent = Pt(24)
            for run in paragraph.runs:
                run.font.size = Pt(12)


# --- The task's body --------------------------------------------------------------------------

RENDERERS = {RenderingFormat.PDF: (render_pdf, "pdf"), RenderingFormat.DOCX: (render_docx, "docx")}


def run(rendering_id: int) -> str:
    """Make the file of one :class:`~congress.models.ReportRendering` and record its progress
    as it goes; a failure marks it failed with a message in users' words (the traceback goes
    to the log), never an exception out of the task. Returns the final status."""
    rendering = report_services.rendering_start(rendering_id)
    if rendering is None:
        return "skipped"
    try:
        render, extension = RENDERERS[rendering.fmt]

        def progress(value: int, stage: str) -> None:
            report_services.rendering_progress(rendering_id, value, stage)

        content = render(rendering.report, progress)
        progress(95, STAGE_SAVING)
        report_services.rendering_finish(
            rendering_id, download_name(f"congress-report-{rendering.report_id}", extension),
            content)
    except Exception:
        logger.exception("congress report rendering %s failed", rendering_id)
        report_services.rendering_fail(rendering_id, FAILED_MESSAGE)
        return "failed"
    return "done"
