"""A report's statistics: generated live for a draft, frozen at approval
(``congress.services.reports.report_approve``), and laid out the same way for the page, the
PDF and the DOCX — the figure table with the year-on-year change and each figure's definition,
and the charts with the numbers they draw.

The figures are :func:`reporting.statistics.statistics` over the report's procuratorate (and
those below it) for the report's period, as the plain data of
:func:`reporting.statistics.as_json`; names inside them (instrument types) are frozen in
Chinese, the language of the report, with the type's code, by which a page in English names
them.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import override

from congress.models import CongressReport, ReportStatus
from recommendations.models import InstrumentType

from . import charts
from . import statistics as S
from .statistics_views import grouped_figures

#: The reply figures of the first chart: ``due`` and the three that split it (the
#: statistics page's chart too).
REPLY_CHART = ("due", "replied_on_time", "replied_late", "unanswered")
EVALUATION_CHART = ("evaluated", "adopted", "rectified")
#: Instrument types drawn in the chart by type; the rest are summed as "其他".
TYPES_IN_CHART = 5

FROZEN = (ReportStatus.APPROVED, ReportStatus.RELEASED)


def live_figures(report: CongressReport, today: datetime.date | None = None) -> dict:
    """The period's figures as of today (or ``today``): what approval freezes. Six aggregate
    queries (``reporting.statistics``). Raises ValidationError for a period the statistics
    refuse (longer than five years, out of range)."""
    with override("zh-hans"):
        stats = S.statistics(report.procuratorate, report.period_start, report.period_end,
                             today=today)
        return S.as_json(stats)


def figures_of(report: CongressReport) -> tuple[dict | None, bool]:
    """``(figures, frozen)``: the frozen figures of an approved or released report, else the
    live ones (None when the period cannot be counted)."""
    if report.status in FROZEN and report.figures:
        return report.figures, True
    try:
        return live_figures(report), False
    except ValidationError:
        return None, False


def figure_groups(figures: dict) -> list[dict]:
    """The figures under their headings, each with this period's and last year's value, the
    change (``statistics_views.grouped_figures``), the values as text and the definition — in
    the active language."""
    previous = defaultdict(lambda: None, figures.get("previous_year", {}))
    groups = grouped_figures(figures, previous, codes=figures.keys())
    for group in groups:
        for row in group["rows"]:
            row["current_text"] = value_text(row["current"], row["figure"].is_rate)
            row["previous_text"] = value_text(row["previous"], row["figure"].is_rate)
    return groups


def value_text(value, is_rate: bool) -> str:
    if value is None:
        return "—"
    return f"{value}%" if is_rate else str(value)


def change_text(row: dict) -> str:
    diff = row["diff"]
    if diff is None:
        return "—"
    text = f"+{diff}" if diff > 0 else str(diff)
    if row["figure"].is_rate:
        return text + _("个百分点")
    if row["relative"] is not None and diff:
        return f"{text}（{'+' if row['relative'] > 0 else ''}{row['relative']}%）"
    return text


@dataclass(frozen=True)
class Chart:
    """One chart: what it draws, as numbers (the table beside it says the same)."""

    key: str
    title: str
    labels: list[str]
    current: list[float | None]
    previous: list[float | None]

    def draw(self, fmt: str = "svg") -> bytes:
        return charts.comparison_bar(self.labels, self.current, self.previous, self.title,
                                series=(_("本期"), _("去年同期")), fmt=fmt)

    @property
    def rows(self) -> list[tuple[str, float | None, float | None]]:
        return list(zip(self.labels, self.current, self.previous, strict=True))


def _type_names(rows: list[dict]) -> list[str]:
    """The instrument types' names in the active language (the frozen figures keep the
    Chinese name and the type's code; a type since removed keeps its frozen name). One query."""
    names = {t.code: t.localized_name
             for t in InstrumentType.objects.filter(code__in=[row["type"] for row in rows])}
    return [names.get(row["type"], row["name"]) for row in rows]


def charts_of(figures: dict) -> list[Chart]:
    """The report's charts, in the active language: replies, instruments by type, adoption."""
    previous = figures.get("previous_year", {})

    def of(codes) -> tuple[list[str], list, list]:
        return ([str(S.FIGURES_BY_CODE[c].label) for c in codes],
                [figures.get(c) for c in codes], [previous.get(c) for c in codes])

    by_type = sorted(figures.get("issued_by_type", []),
                     key=lambda row: -(row["current"].get("issued", 0)))
    shown, rest = by_type[:TYPES_IN_CHART], by_type[TYPES_IN_CHART:]
    type_labels = _type_names(shown)
    type_cur = [row["current"].get("issued", 0) for row in shown]
    type_prev = [row["previous_year"].get("issued", 0) for row in shown]
    if rest:
        type_labels.append(_("其他"))
        type_cur.append(sum(row["current"].get("issued", 0) for row in rest))
        type_prev.append(sum(row["previous_year"].get("issued", 0) for row in rest))
    charts = [Chart("replies", _("回复情况：本期与去年同期"), *of(REPLY_CHART))]
    if type_labels:
        charts.append(Chart("types", _("制发监督文书（按类型）：本期与去年同期"), type_labels,
                            type_cur, type_prev))
    charts.append(Chart("evaluation", _("采纳与整改：本期与去年同期"), *of(EVALUATION_CHART)))
    return charts


def period_heading(figures: dict) -> dict:
    """The two periods and the day the reply figures are counted to."""
    previous = figures.get("previous_year", {})
    return {"start": _date(figures.get("from")), "end": _date(figures.get("to")),
            "as_of": _date(figures.get("as_of")), "previous_start": _date(previous.get("from")),
            "previous_end": _date(previous.get("to"))}


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None
