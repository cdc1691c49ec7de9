"""Scorecards as files: the ranking and one agency's card as XLSX (in the interface language),
and one agency's card as PDF — always Chinese, in the official style of the procuratorate's
documents (the fonts of ``recommendations.documents``), with the reply chart the card page
shows (:func:`scorecard_chart`)."""

from __future__ import annotations

import base64
import datetime
import functools

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agencies.models import Agency
from recommendations.documents import _fonts, build_font_config, chinese_date
from supervision import exports

from . import charts
from .scorecards import FIGURES_BY_CODE, all_figures

#: The card's reply figures, drawn as its chart: ``due`` and the three that split it.
CHART_FIGURES = ("due", "replied_on_time", "replied_late", "unanswered")

PDF_TEMPLATE = "documents/scorecard.html"


def rate_text(value: float | None) -> str:
    """A rate as a percentage with one decimal, or a dash when there is nothing to divide."""
    return "—" if value is None else f"{value * 100:.1f}%"


def cell(row: dict, code: str) -> object:
    """A figure's value as a spreadsheet or table shows it."""
    value = row[code]
    return rate_text(value) if code.endswith("_rate") else value


def period_title(start: datetime.date, end: datetime.date) -> str:
    return f"{start:%Y-%m-%d}～{end:%Y-%m-%d}"


def ranking_xlsx(rows: list[dict], start: datetime.date, end: datetime.date,
                 type_label: str) -> HttpResponse:
    headers = [_("名次"), _("被监督单位"), _("监督检察院"), *[f.label for f in all_figures()]]
    body = ([row["rank"] or "", row["name"], row["supervising_procuratorate__name"],
             *[cell(row, f.code) for f in all_figures()]] for row in rows)
    return exports.xlsx_response("agency-ranking", f"{type_label} {period_title(start, end)}",
                                 headers, body)


def scorecard_xlsx(agency: Agency, card: dict, start: datetime.date,
                   end: datetime.date) -> HttpResponse:
    headers = [_("项目"), _("数值"), _("代码"), _("口径")]
    body = [[f.label, cell(card, f.code), f.code, f.explanation] for f in all_figures()]
    body.append([])
    body.append([_("被监督单位"), agency.name])
    body.append([_("统计期间"), period_title(start, end)])
    return exports.xlsx_response("agency-scorecard", agency.name, headers, body)


def scorecard_chart(card: dict) -> bytes:
    """The card's reply figures as an SVG bar chart, in the active language: the page shows
    it from its own URL (``chart_views``) and the PDF inlines the same bytes."""
    return charts.ranking_bar([FIGURES_BY_CODE[c].label for c in CHART_FIGURES],
                              [card[c] for c in CHART_FIGURES], _("回复情况"), percent=False)


def data_uri(svg: bytes) -> str:
    """An SVG as a ``data:`` URI, for an ``<img>`` in a WeasyPrint document: drawn by its SVG
    renderer as a document of its own (its ``<style>`` and ``style`` attributes included)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


@functools.lru_cache(maxsize=1)
def _pdf_url_fetcher():
    """The documents' closed fetcher, opened to ``data:`` URIs only — the chart, embedded in
    the HTML itself: the PDF still loads nothing from anywhere."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=("data",))


def scorecard_pdf_bytes(agency: Agency, card: dict, start: datetime.date, end: datetime.date,
                        issuer: str, today: datetime.date | None = None) -> bytes:
    """The card as PDF bytes: a pure function of its data, in Chinese whatever the language
    of the interface that asked."""
    from weasyprint import HTML

    today = today or timezone.localdate()
    with translation.override("zh-hans"):
        html = render_to_string(PDF_TEMPLATE, {
            "issuer": issuer, "agency": agency.name,
            "agency_type": agency.get_agency_type_display(),
            "period": f"{chinese_date(start)}至{chinese_date(end)}",
            "made_on": chinese_date(today),
            "figures": [{"name": f.name, "value": cell(card, f.code),
                         "definition": f.definition, "rate": f.rate} for f in all_figures()],
            "fonts": _fonts(),
            "chart": data_uri(scorecard_chart(card)),
        })
    return HTML(string=html, base_url=None, url_fetcher=_pdf_url_fetcher()).write_pdf(
        font_config=build_font_config())


def scorecard_pdf(agency: Agency, card: dict, start: datetime.date, end: datetime.date,
                  issuer: str) -> HttpResponse:
    response = HttpResponse(scorecard_pdf_bytes(agency, card, start, end, issuer),
                            content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.download_name("agency-scorecard", "pdf")}"')
    return response
