"""The statistics page (this period against the same period a year before) and its tables as
XLSX. Figures only: an observer reads them, never an instrument or a party behind them."""

from __future__ import annotations

from collections.abc import Collection

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from supervision import exports
from supervision.db import read_from_replica
from supervision.permissions import SUBTREE_DASHBOARD_ROLES, dashboard_scope

from . import statistics as S
from .statistics_forms import StatisticsForm, default_period

#: The tables the page shows and exports: code -> title.
TABLES = ("figures", "by_type", "by_matter")


def change(current, previous, *, is_rate: bool) -> dict:
    """This period against last year's: the difference (percentage points for a rate) and,
    for a count, the relative change where last year's is not 0."""
    if current is None or previous is None:
        return {"diff": None, "relative": None}
    diff = round(current - previous, 1) if is_rate else current - previous
    relative = (round(100 * diff / previous, 1) if not is_rate and previous else None)
    return {"diff": diff, "relative": relative}


def grouped_figures(current, previous, *, codes: Collection[str] | None = None) -> list[dict]:
    """The figures under their headings, each with this period's and last year's value (read
    as ``current[code]``, ``previous[code]``), the change and its definition; with ``codes``
    only those figures (a report's frozen figures), and no empty heading."""
    groups = []
    figures = S.all_figures()
    for group, heading in S.GROUPS.items():
        rows = []
        for figure in figures:
            if figure.group != group or (codes is not None and figure.code not in codes):
                continue
            cur, prev = current[figure.code], previous[figure.code]
            rows.append({"figure": figure, "current": cur, "previous": prev,
                         **change(cur, prev, is_rate=figure.is_rate)})
        # the agencies' duties' heading only when a flow counts something
        if rows or (codes is None and group != S.DUTIES_GROUP):
            groups.append({"code": group, "heading": heading, "rows": rows})
    return groups


def figure_rows(stats: S.Statistics) -> list[dict]:
    """The figures grouped under their headings, each with its definition."""
    return grouped_figures(stats.current, stats.previous)


def stats_for(request: HttpRequest) -> tuple[StatisticsForm, S.Statistics | None, S.Period]:
    """The page's form, figures (None when the parameters do not validate) and period: the
    page, its XLSX tables and its chart (``chart_views``) all read this; 404 out of scope."""
    if dashboard_scope(request.user) is None:
        raise Http404
    today = timezone.localdate()
    default = default_period(today)
    form = StatisticsForm(request.GET or None, user=request.user,
                          initial={"start": default.start, "end": default.end})
    if form.is_bound and not form.is_valid():
        return form, None, default_period(today)
    period = form.period if form.is_bound else default_period(today)
    chosen = form.cleaned_data.get("procuratorate") if form.is_bound else None
    return form, S.statistics(request.user, period.start, period.end, procuratorate=chosen,
                              today=today), period


@login_required
@read_from_replica
def statistics(request: HttpRequest) -> HttpResponse:
    form, stats, period = stats_for(request)
    query = {"from": period.start.isoformat(), "to": period.end.isoformat()}
    if stats is not None and stats.procuratorate is not None:
        query["procuratorate"] = stats.procuratorate.pk
    chosen = request.GET.get("procuratorate", "")
    return render(request, "reporting/statistics.html", {
        "form": form, "stats": stats, "period": period,
        "scope_label": _scope_label(request, stats),
        "groups": figure_rows(stats) if stats else [],
        "type_columns": [S.FIGURES_BY_CODE[c].label for c in TYPE_COLUMNS],
        "type_rows": _cells(stats.by_type if stats else [], TYPE_COLUMNS),
        "matter_columns": [S.FIGURES_BY_CODE[c].label for c in MATTER_COLUMNS],
        "matter_rows": _cells(stats.by_matter if stats else [], MATTER_COLUMNS),
        # 案件评查 (quality/): the reviews graded in the period, in the same scope.
        "quality": (S.quality_figures(request.user, period.start, period.end,
                                      procuratorate=stats.procuratorate) if stats else None),
        "quick": [{"label": label, "url": "?" + urlencode(
            {"from": p.start.isoformat(), "to": p.end.isoformat(),
             **({"procuratorate": chosen} if chosen else {})}),
            "active": p == period and stats is not None}
            for label, p in S.quick_periods(timezone.localdate())],
        "export": {t: reverse("reporting:statistics-export", args=[t]) + "?" + urlencode(query)
                   for t in TABLES},
    })


def _scope_label(request: HttpRequest, stats: S.Statistics | None) -> str:
    """Whose figures: the chosen procuratorate, else the viewer's (with those below it for a
    supervisor or observer). The user's procuratorate comes with the user: no query."""
    unit = stats.procuratorate if stats is not None else None
    if unit is not None:
        return _("%(name)s（含下级院）") % {"name": unit.name}
    own = request.user.procuratorate
    if request.user.role in SUBTREE_DASHBOARD_ROLES:
        return _("%(name)s（含下级院）") % {"name": own.name}
    return own.name


def _cells(rows: list[S.BreakdownRow], columns) -> list[dict]:
    return [{"label": row.labels[-1], "labels": row.labels,
             "cells": [(row.current[c], row.previous[c]) for c in columns]} for row in rows]


@login_required
@read_from_replica
def statistics_export(request: HttpRequest, table: str) -> HttpResponse:
    """One table of the page as XLSX, with the same period, scope and figures."""
    if table not in TABLES:
        raise Http404
    _form, stats, _period = stats_for(request)
    if stats is None:
        raise Http404
    headers, rows = TABLE_EXPORTS[table](stats)
    title = {"figures": _("统计指标"), "by_type": _("按文书类型"), "by_matter": _("按类别和事项")}[table]
    return exports.xlsx_response(f"statistics-{table}", title, headers, rows)


def _period_headers(stats: S.Statistics) -> list[str]:
    return [_("本期（%(from)s至%(to)s）") % {"from": stats.current.period.start.isoformat(),
                                         "to": stats.current.period.end.isoformat()},
            _("去年同期（%(from)s至%(to)s）") % {"from": stats.previous.period.start.isoformat(),
                                           "to": stats.previous.period.end.isoformat()}]


def _figures_table(stats: S.Statistics) -> tuple[list[str], list[list]]:
    headers = [_("类别"), _("指标"), *_period_headers(stats), _("变化"), _("口径"), _("依据")]
    rows = [[str(group["heading"]), str(row["figure"].label) + ("（%）" if row["figure"].is_rate else ""),
             row["current"], row["previous"], row["diff"], str(row["figure"].definition),
             str(row["figure"].source)]
            for group in figure_rows(stats) for row in group["rows"]]
    return headers, rows


TYPE_COLUMNS = ("issued", "due", "replied_on_time", "replied_late", "unanswered", "adopted")
MATTER_COLUMNS = ("cases_accepted", "cases_closed", "juvenile_accepted")


def _breakdown(stats_rows, labels: list[str], columns) -> tuple[list[str], list[list]]:
    headers = [*labels]
    for code in columns:
        name = str(S.FIGURES_BY_CODE[code].label)
        headers += [_("%(figure)s·本期") % {"figure": name}, _("%(figure)s·去年同期") % {"figure": name}]
    rows = [[*row.labels, *[v for code in columns for v in (row.current[code], row.previous[code])]]
            for row in stats_rows]
    return headers, rows


TABLE_EXPORTS = {
    "figures": _figures_table,
    "by_type": lambda stats: _breakdown(stats.by_type, [_("文书类型")], TYPE_COLUMNS),
    "by_matter": lambda stats: _breakdown(stats.by_matter, [_("检察类别"), _("监督事项")],
                                          MATTER_COLUMNS),
}
