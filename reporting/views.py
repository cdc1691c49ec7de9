"""The deadline dashboard for supervisors, approvers and observers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from recommendations.choices import InternalDeadlineKind
from supervision.choices import Role
from supervision.db import read_from_replica
from supervision.forms import filter_chips
from supervision.pagination import paginate
from supervision.permissions import SUBTREE_DASHBOARD_ROLES, dashboard_scope

from . import exports, selectors
from .forms import AGE_LABELS, DeadlineListForm
from .permissions import SIMILAR_CASE_ROLES

BUCKET_LABELS = {"awaiting": _("待回复"), "due_7": _("7日内到期"), "due_today": _("今日到期"), "overdue": _("已逾期")}


def _require_scope(request: HttpRequest) -> None:
    if dashboard_scope(request.user) is None:
        raise Http404


@login_required
@read_from_replica
def dashboard(request: HttpRequest) -> HttpResponse:
    _require_scope(request)
    today = timezone.localdate()
    breakdown = selectors.deadline_breakdown(request.user, today)
    by_procuratorate, by_agency, counts = (breakdown.by_procuratorate, breakdown.by_agency,
                                           breakdown.totals)
    return render(request, "reporting/dashboard.html", {
        "today": today,
        "cards": [{"bucket": b, "label": BUCKET_LABELS[b], "count": counts[b]} for b in selectors.BUCKETS],
        "by_procuratorate": by_procuratorate,
        "by_agency": by_agency,
        "ages": [{"code": age, "label": AGE_LABELS[age], "count": counts[key]}
                 for key, age in selectors.AGE_COUNTS.items()],
        # Overdue first: what the page is for, and what a phone shows without scrolling.
        "columns": ("overdue", "due_7", "awaiting"),
        "can_drill_down": request.user.role != Role.OBSERVER,
        "internal_rows": selectors.internal_counts_by_kind(request.user, today),
        # 类案监督线索 (reporting/similar_views.py): for those who may read the cases behind them.
        "can_read_similar": request.user.role in SIMILAR_CASE_ROLES,
    })


@login_required
@read_from_replica
def deadline_list(request: HttpRequest, bucket: str, fmt: str = "html") -> HttpResponse:
    """One bucket's instruments, narrowed and sorted; ``fmt="xlsx"``: the same rows as XLSX."""
    _require_scope(request)
    # Congress observers read statistics, never the instruments behind them (seed 002 §18).
    if request.user.role == Role.OBSERVER or bucket not in selectors.BUCKETS:
        raise Http404
    today = timezone.localdate()
    form = DeadlineListForm(request.GET or None, user=request.user, bucket=bucket)
    descending = request.GET.get("sort") == "-due"  # else the most overdue first
    narrow = (form.narrowing(descending=descending) if form.is_bound
              else selectors.ListFilter(descending=descending))
    rows = selectors.deadline_list(request.user, bucket, today, narrow)
    if form.is_bound and not form.is_valid():
        rows = rows.none()  # a wrong filter shows its error, not a wider list
    query = request.GET.copy()
    for key in ("cursor", "sort"):
        query.pop(key, None)
    ordering = ("-due_date", "-pk") if narrow.descending else ("due_date", "pk")
    if fmt == "xlsx":
        return exports.xlsx_response(BUCKET_LABELS[bucket], rows, today)
    return render(request, "reporting/deadline_list.html", {
        "bucket_label": BUCKET_LABELS[bucket], "bucket": bucket, "today": today,
        "form": form,
        # Only a supervisor's scope spans several procuratorates; no query to decide.
        "show_procuratorate": request.user.role in SUBTREE_DASHBOARD_ROLES,
        "chips": filter_chips(form, request.GET) if form.is_bound else [],
        "query": query.urlencode(),
        "export_query": request.GET.urlencode(),
        "descending": narrow.descending,
        "page": paginate(request, rows, ordering=ordering, page_size=50),
    })


INTERNAL_LABELS = {"open": _("未办结"), "due_7": _("7日内到期"), "overdue": _("已逾期")}


@login_required
@read_from_replica
def internal_list(request: HttpRequest, bucket: str) -> HttpResponse:
    """The procuratorate's own open deadlines in one bucket, optionally of one kind (?kind=)."""
    _require_scope(request)
    if request.user.role == Role.OBSERVER or bucket not in selectors.INTERNAL_BUCKETS:
        raise Http404
    kind = request.GET.get("kind") or None
    if kind is not None and kind not in InternalDeadlineKind.values:
        raise Http404
    today = timezone.localdate()
    return render(request, "reporting/internal_list.html", {
        "bucket_label": INTERNAL_LABELS[bucket], "bucket": bucket, "today": today,
        "kind_label": InternalDeadlineKind(kind).label if kind else "",
        "page": paginate(request, selectors.internal_list(request.user, bucket, today, kind),
                         ordering=("due_date", "pk"), page_size=50),
    })
