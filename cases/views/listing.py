"""The case list: filters, search, sorting, keyset pagination, exports."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from supervision.choices import APPROVER_ROLES
from supervision.db import read_from_replica
from supervision.forms import filter_chips
from supervision.permissions import STAFF_ROLES, require_role

from .. import exports, services
from ..filtersets import DEFAULT_SORT, PRIMARY_FILTERS, SORT_LABELS, SORTS, CaseFilter
from ..pagination import paginate_cases
from ..permissions import cases_visible_to
from ..selectors import case_export_rows, case_list_rows


def filtered_cases(request: HttpRequest) -> CaseFilter:
    """The one queryset behind the page, the exports and the API: visible, then filtered."""
    return CaseFilter(request.GET or None, queryset=cases_visible_to(request.user), request=request)


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    require_role(request.user, STAFF_ROLES)
    case_filter = filtered_cases(request)
    page = paginate_cases(request, case_list_rows(case_filter.qs))
    chips = filter_chips(case_filter.form, request.GET)
    sort = request.GET.get("sort") or DEFAULT_SORT
    query = request.GET.copy()
    for key in ("cursor", "sort"):
        query.pop(key, None)
    context = {
        "filter": case_filter,
        "page": page,
        "sort": sort,
        "chips": chips,
        # 更多条件 opens by itself when one of its filters is wrong (the error is inside).
        "more_open": any(name not in PRIMARY_FILTERS for name in case_filter.form.errors),
        "more_active": sum(chip.name not in PRIMARY_FILTERS for chip in chips),
        "sorts": [(key, SORT_LABELS[key]) for key in SORTS],
        "query": query.urlencode(),
        "export_query": request.GET.copy().urlencode(),
        "can_register": request.user.role in services.CASE_REGISTRAR_ROLES,
        "can_read_interference": request.user.role in APPROVER_ROLES,
    }
    template = "cases/_results.html" if request.htmx and request.htmx.target == "case-results" \
        else "cases/list.html"
    return render(request, template, context)


@login_required
@read_from_replica
def case_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The current filter as CSV or XLSX, through the same visibility queryset as the page."""
    require_role(request.user, STAFF_ROLES)
    case_filter = filtered_cases(request)
    qs = case_export_rows(case_filter.qs, request.GET.get("sort"))
    if fmt == "csv":
        return exports.csv_response(qs)
    if fmt == "xlsx":
        return exports.xlsx_response(qs)
    raise Http404
