"""Scorecards as files: the ranking and one agency's card as XLSX (in the interface language),
and one agency's card as PDF — always Chinese, in the official style of the procuratorate's
documents (the fonts and the closed URL fetcher of ``recommendations.documents``)."""

from __future__ import annotations

import datetime

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agencies.models import Agency
from recommendations.documents import _fonts, _url_fetcher, build_font_config, chinese_date
from supervision import exports

from .scorecards import FIGURES

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
    headers = [_("名次"), _("被监督单位"), _("监督检察院"), *[f.label for f in FIGURES]]
    body = ([row["rank"] or "", row["name"], row["supervising_procuratorate__name"],
             *[cell(row, f.code) for f in FIGURES]] for row in rows)
    return exports.xlsx_response("agency-ranking", f"{type_label} {period_title(start, end)}",
                                 headers, body)


def scorecard_xlsx(agency: Agency, card: dict, start: datetime.date,
                   end: datetime.date) -> HttpResponse:
    headers = [_("项目"), _("数值"), _("代码"), _("口径")]
    body = [[f.label, cell(card, f.code), f.code, f.explanation] for f in FIGURES]
    body.append([])
    body.append([_("被监督单位"), agency.name])
    body.append([_("统计期间"), period_title(start, end)])
    return exports.xlsx_response("agency-scorecard", agency.name, headers, body)


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
                         "definition": f.definition, "rate": f.rate} for f in FIGURES],
            "fonts": _fonts(),
        })
    return HTML(string=html, base_url=None, url_fetcher=_url_fetcher()).write_pdf(
        font_config=build_font_config())


def scorecard_pdf(agency: Agency, card: dict, start: datetime.date, end: datetime.date,
                  issuer: str) -> HttpResponse:
    response = HttpResponse(scorecard_pdf_bytes(agency, card, start, end, issuer),
                            content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.download_name("agency-scorecard", "pdf")}"')
    return response
