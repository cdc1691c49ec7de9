"""Agency scorecards (seed 003 §11): the ranking of agencies of one type side by side, and one
agency's card with the definitions beside the figures; each exportable. Access is decided by
:mod:`reporting.permissions` — staff and observers within their scope, a liaison their own
agency's card only; anything else is 404."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode

from agencies.choices import AgencyType
from agencies.models import Agency
from supervision.choices import Role
from supervision.db import read_from_replica
from supervision.models import Procuratorate
from supervision.permissions import SUBTREE_DASHBOARD_ROLES, dashboard_procuratorates

from . import scorecard_exports as files
from .permissions import (
    get_scorecard_agency_for_user,
    may_rank_agencies,
    scorecard_agencies,
    scorecard_rules,
)
from .scorecard_forms import PeriodForm, RankingForm, period_presets
from .scorecards import all_figures, figures_by_code, ranked, scorecard, scorecards

DEFAULT_SORT = "on_time_rate"


def _cells(row: dict) -> list[dict]:
    return [{"code": f.code, "value": row[f.code], "text": files.cell(row, f.code),
             "rate": f.rate} for f in all_figures()]


def _presets(request: HttpRequest, today, keep: dict) -> list[dict]:
    return [{"label": label, "start": start, "end": end,
             "query": urlencode({**keep, "start": start.isoformat(), "end": end.isoformat()})}
            for label, start, end in period_presets(today)]


@dataclass(frozen=True)
class Ranking:
    """The ranking a request asks for: its form, period, type, order and rows."""

    form: RankingForm
    valid: bool
    start: datetime.date
    end: datetime.date
    agency_type: str
    procuratorate: Procuratorate | None
    sort: str
    descending: bool
    rows: list[dict]

    @property
    def type_label(self) -> str:
        return AgencyType(self.agency_type).label if self.agency_type else ""


def ranking_for(request: HttpRequest) -> Ranking:
    """The agencies of one type within the viewer's scope, side by side for the period,
    ordered by the chosen figure (the highest first; ``?order=asc`` turns it round). The page,
    its XLSX and its chart (``chart_views``) all read this; 404 for who may not rank."""
    user = request.user
    if not may_rank_agencies(user):
        raise Http404
    today = timezone.localdate()
    visible = scorecard_agencies(user)
    type_counts = dict(visible.order_by().values_list("agency_type").annotate(n=Count("pk")))
    form = RankingForm(request.GET or None, today=today, type_counts=type_counts,
                       procuratorates=dashboard_procuratorates(user))
    valid = form.is_valid() if form.is_bound else True
    data = form.cleaned_data if form.is_bound and valid else {}
    start, end = form.period()
    agency_type = data.get("type") or form.default_type
    sort = data.get("sort") or DEFAULT_SORT
    descending = request.GET.get("order") != "asc"  # the highest first unless asked otherwise
    agencies = visible.filter(agency_type=agency_type)
    procuratorate = data.get("procuratorate")
    if procuratorate is not None:
        agencies = agencies.filter(
            supervising_procuratorate__path__startswith=procuratorate.path)
    rows = (ranked(scorecards(agencies.order_by("pk"), start, end, rules=scorecard_rules(user),
                              today=today), sort, descending)
            if valid and agency_type else [])
    return Ranking(form, valid, start, end, agency_type, procuratorate, sort, descending, rows)


@login_required
@read_from_replica
def agency_ranking(request: HttpRequest, fmt: str = "html") -> HttpResponse:
    """The ranking page (:func:`ranking_for`), or its table as XLSX."""
    ranking = ranking_for(request)
    form, valid, start, end = ranking.form, ranking.valid, ranking.start, ranking.end
    agency_type, procuratorate, rows = ranking.agency_type, ranking.procuratorate, ranking.rows
    sort, descending, type_label = ranking.sort, ranking.descending, ranking.type_label
    subtree = request.user.role in SUBTREE_DASHBOARD_ROLES
    today = timezone.localdate()
    if fmt == "xlsx":
        return files.ranking_xlsx(rows, start, end, str(type_label))
    keep = {"start": start.isoformat(), "end": end.isoformat(), "type": agency_type}
    if procuratorate is not None:
        keep["procuratorate"] = procuratorate.pk
    return render(request, "reporting/agency_ranking.html", {
        "form": form, "rows": [{**row, "cells": _cells(row)} for row in rows],
        "figures": all_figures(), "start": start, "end": end, "type_label": type_label,
        "sort": sort, "descending": descending, "show_procuratorate": subtree,
        "sort_links": {f.code: urlencode({**keep, "sort": f.code, "order": (
            "asc" if f.code == sort and descending else "desc")}) for f in all_figures()},
        "export_query": urlencode({**keep, "sort": sort, "order": "desc" if descending else "asc"}),
        "chart_figure": figures_by_code()[sort],
        "presets": _presets(request, today, {k: v for k, v in keep.items()
                                             if k not in ("start", "end")}),
        "errors": [] if valid else [e for errors in form.errors.values() for e in errors],
    })


def card_for(request: HttpRequest, pk: int) -> tuple[Agency, PeriodForm, datetime.date,
                                                     datetime.date, dict]:
    """One agency's card for the period asked (the default when it does not validate): the
    page, its files and its chart read this; 404 for an agency the viewer may not see."""
    agency = get_scorecard_agency_for_user(request.user, pk)
    today = timezone.localdate()
    form = PeriodForm(request.GET or None, today=today)
    start, end = form.period()
    card = scorecard(agency, start, end, rules=scorecard_rules(request.user), today=today)
    return agency, form, start, end, card


@login_required
@read_from_replica
def agency_scorecard(request: HttpRequest, pk: int, fmt: str = "html") -> HttpResponse:
    """One agency's card for the period, the definition beside each figure; XLSX and PDF."""
    user = request.user
    agency, form, start, end, card = card_for(request, pk)
    today = timezone.localdate()
    if fmt == "xlsx":
        return files.scorecard_xlsx(agency, card, start, end)
    if fmt == "pdf":
        issuer = (user.procuratorate.name if user.procuratorate_id
                  else agency.supervising_procuratorate.name)
        return files.scorecard_pdf(agency, card, start, end, issuer)
    period = urlencode({"start": start.isoformat(), "end": end.isoformat()})
    return render(request, "reporting/agency_scorecard.html", {
        "agency": agency, "form": form, "start": start, "end": end, "period_query": period,
        "cells": [{**c, "figure": f} for c, f in zip(_cells(card), all_figures(), strict=True)],
        "presets": _presets(request, today, {}),
        "is_liaison": user.role == Role.LIAISON,
        "can_rank": may_rank_agencies(user),
        "ranking_query": urlencode({"start": start.isoformat(), "end": end.isoformat(),
                                    "type": agency.agency_type}),
        "errors": [e for errors in form.errors.values() for e in errors] if form.is_bound else [],
    })
