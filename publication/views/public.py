"""The public page (检务公开, seed 002 §4): no login. Reads published rows only, and only
their frozen columns (``publication.selectors``): de-identified texts and figures fixed at
approval. Anything unpublished, returned, withdrawn or unknown answers 404; no query runs over
cases, parties or instruments."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from supervision.db import read_from_replica

from .. import selectors

PAGE_SIZE = 20


@require_safe
@read_from_replica
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "publication/public/index.html", {
        "procuratorates": list(selectors.publishing_procuratorates()),
        "latest": list(selectors.public_case_list()[:5]),
    })


@require_safe
@read_from_replica
def procuratorate(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.get_publishing_procuratorate(pk)
    releases = list(selectors.public_release_list(unit))
    cases = Paginator(selectors.public_case_list(unit), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "publication/public/procuratorate.html", {
        "unit": unit, "releases": releases, "cases": cases})


@require_safe
@read_from_replica
def statistics(request: HttpRequest, pk: int) -> HttpResponse:
    release = selectors.get_published_release(pk)
    return render(request, "publication/public/statistics.html", {
        "release": release, "unit": release.procuratorate, "figures": release.figures,
        "groups": selectors.figure_groups(release.figures)})


@require_safe
@read_from_replica
def case(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_published_typical_case(pk)
    return render(request, "publication/public/case.html", {"item": item,
                                                           "unit": item.procuratorate})
