"""The deadline dashboard for supervisors, approvers and observers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duties.selectors.surfaces import dashboard_queues
from recommendations.choices import InternalDeadlineKind
from supervision.choices import Role
from supervision.db import read_from_replica
from supervision.forms import filter_chips
from supervision.pagination import paginate
from supervision.permissions import SUBTREE_DASHBOARD_ROLES, dashboard_scope

from . import exports, selectors
from .forms import AGE_LABELS, DeadlineListForm
from .permissions import SIMILAR_CASE_ROLES

#: Departments and procurators shown on the dashboard (those with the most overdue replies).
BREAKDOWN_ROWS = 10

BUCKET_LABELS = {"awaiting": _("待回复"), "due_7": _("7日内到期"), "due_today": _("今日到期"), "overdue": _("已逾期")}


def _require_scope(request: HttpRequest) -> None:
    if dashboard_scope(request.user) is None:
        raise Http404


@login_required
@read_from_replica
def dashboard(request: HttpRequest) -> HttpResponse:
    _require_scope(request)
    today = timezone.localdate()
    breakdown = selectors.deadline_breakdown(request.user, today, top=BREAKDOWN_ROWS)
    by_procuratorate, by_agency, counts = (breakdown.by_procuratorate, breakdown.by_agency,
                                           breakdown.totals)
    may_name_procurators = request.user.role != Role.OBSERVER
    return render(request, "reporting/dashboard.html", {
        "today": today,
        "cards": [{"bucket": b, "label": BUCKET_LABELS[b], "count": counts[b]} for b in selectors.BUCKETS],
        "by_procuratorate": by_procuratorate,
        "by_agency": by_agency,
        "ages": [{"code": age, "label": AGE_LABELS[age], "count": counts[key]}
                 for key, age in selectors.AGE_COUNTS.items()],
        # Overdue first: what the page is for, and what a phone shows without scrolling.
        "columns": ("overdue", "due_7", "awaiting"),
        # each bucket's list, reversed once: the tables link every number to one of them
        "list_urls": {bucket: reverse("reporting:deadline-list", args=[bucket])
                      for bucket in selectors.BUCKETS},
        "can_drill_down": request.user.role != Role.OBSERVER,
        # The same running clocks by the case's department, procurator and kind and by the
        # instrument's type; each count links to the list with that filter (``?department=``
        # …). Congress observers read figures by unit, never by the person who handles a case.
        "breakdowns": [table for table in (
            {"code": "department", "title": _("按部门"), "column": _("部门"),
             "note": _("逾期未回复最多的部门，最多列出 %(n)s 个。") % {"n": BREAKDOWN_ROWS},
             "rows": _keyed(breakdown.by_department, "department")},
            {"code": "procurator", "title": _("按承办检察官"), "column": _("承办检察官"),
             "note": _("逾期未回复最多的承办检察官，最多列出 %(n)s 名。") % {"n": BREAKDOWN_ROWS},
             "rows": _keyed(breakdown.by_procurator, "procurator")} if may_name_procurators else None,
            {"code": "kind", "title": _("按检察类别"), "column": _("检察类别"), "note": "",
             "rows": _keyed(breakdown.by_kind, "kind")},
            {"code": "type", "title": _("按文书类型"), "column": _("文书类型"), "note": "",
             "rows": _keyed(breakdown.by_type, "type")},
        ) if table is not None],
        "no_department": breakdown.no_department.get("awaiting", 0),
        "internal_rows": selectors.internal_counts_by_kind(request.user, today),
        # The agencies' duties (issue 19): each registered flow's pending count within the
        # viewer's dashboard scope, one query for all (duties.selectors.surfaces).
        "duty_queues": dashboard_queues(request.user),
        # 类案监督线索 (reporting/similar_views.py): for those who may read the cases behind them.
        "can_read_similar": request.user.role in SIMILAR_CASE_ROLES,
    })


def _keyed(rows: list[dict], dimension: str) -> list[dict]:
    """A breakdown's rows with their id and label under the names the template reads."""
    return [{**row, "id": row[f"{dimension}_id"], "name": row[f"{dimension}__name"]}
            for row in rows]


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
        "juvenile_left_out": selectors.lists_leave_out_juvenile(request.user),
    })


INTERNAL_LABELS = {"open": _("未办结"), "due_7": _("7日内到期"), "overdue": _("已逾期")}


@login_required
@read_from_replica
def internal_list(request: HttpRequest, bucket: str, fmt: str = "html") -> HttpResponse:
    """The procuratorate's own open deadlines in one bucket, optionally of one kind (?kind=),
    or the written replies owed on the congress's opinions (?kind=opinion); ``fmt="xlsx"``:
    the same rows as XLSX."""
    _require_scope(request)
    if request.user.role == Role.OBSERVER or bucket not in selectors.INTERNAL_BUCKETS:
        raise Http404
    kind = request.GET.get("kind") or None
    today = timezone.localdate()
    title = INTERNAL_LABELS[bucket]
    if kind == selectors.OPINION_KIND:  # the written replies owed to the people's congress
        rows = selectors.opinion_list(request.user, bucket, today)
        if fmt == "xlsx":
            return exports.opinions_xlsx_response(title, rows, today)
        return render(request, "reporting/opinion_list.html", {
            "bucket_label": title, "bucket": bucket, "today": today,
            "page": paginate(request, rows, ordering=("due_date", "pk"), page_size=50),
        })
    if kind is not None and kind not in InternalDeadlineKind.values:
        raise Http404
    rows = selectors.internal_list(request.user, bucket, today, kind)
    if fmt == "xlsx":
        return exports.internal_xlsx_response(title, rows, today)
    return render(request, "reporting/internal_list.html", {
        "bucket_label": title, "bucket": bucket, "today": today,
        "kind_label": InternalDeadlineKind(kind).label if kind else "",
        "page": paginate(request, rows, ordering=("due_date", "pk"), page_size=50),
        "juvenile_left_out": selectors.lists_leave_out_juvenile(request.user),
    })
