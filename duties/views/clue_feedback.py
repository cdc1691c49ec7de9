"""Staff pages of the clue feedback flow (issue 19); its URLs are ``urlpatterns`` here,
gathered by ``duties/urls.py`` under /duties/.

* the intake queue of transfers (awaiting feedback / overdue / feedback received and not yet
  read / answered), filterable and paginated, with each bucket's count;
* a transfer's page: the clue, the letter's files, the feedback and its files, and "read" for
  those working on the case.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.permissions import can_work_on_case
from supervision.permissions import STAFF_ROLES, require_role
from supervision.service_errors import call_service

from ..forms.clue_feedback import TransferQueueFilter
from ..permissions.clue_feedback import get_staff_transfer, staff_transfers
from ..selectors.clue_feedback import BUCKETS, bucket_counts, queue_rows
from ..services import clue_feedback as services

PAGE_SIZE = 25


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    require_role(request.user, STAFF_ROLES)
    data = request.GET.copy()
    data.setdefault("status", "open")
    visible = staff_transfers(request.user)
    queue_filter = TransferQueueFilter(data, queryset=visible, request=request)
    valid = queue_filter.is_valid()
    rows = queue_rows(queue_filter.qs) if valid else visible.none()
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    # The tabs count what the other filters leave, each bucket on its own (one query).
    without_status = data.copy()
    without_status["status"] = "all"
    unstatused = TransferQueueFilter(without_status, queryset=visible, request=request)
    counts = bucket_counts(unstatused.qs if valid else visible.none(), BUCKETS)
    status = data.get("status")
    tabs = []
    for value, label in BUCKETS.items():
        query = data.copy()
        query["status"] = value
        query.pop("page", None)
        tabs.append({"value": value, "label": label, "count": counts[value],
                     "active": value == status, "url": "?" + query.urlencode()})
    query = data.copy()
    query.pop("page", None)
    return render(request, "duties/clue_feedback/queue.html", {
        "filter": queue_filter, "page": page, "tabs": tabs, "query": query.urlencode(),
        "errors": [e for errors in queue_filter.form.errors.values() for e in errors],
    })


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, STAFF_ROLES)
    transfer = get_staff_transfer(request.user, pk)
    files = list(transfer.attachments.select_related("uploaded_by").order_by("uploaded_at", "pk"))
    return render(request, "duties/clue_feedback/detail.html", {
        "transfer": transfer, "case": transfer.case,
        "letter_files": [f for f in files if not f.feedback],
        "feedback_files": [f for f in files if f.feedback],
        "can_read": can_work_on_case(request.user, transfer.case) and transfer.feedback_unread,
    })


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, STAFF_ROLES)
    transfer = get_staff_transfer(request.user, pk)
    call_service(request, lambda: services.clue_transfer_mark_read(
        actor=request.user, transfer=transfer), success=_("已标记为已阅。"))
    return redirect(transfer.get_absolute_url())


urlpatterns = [
    path("clue-feedback/", queue, name="clue-feedback"),
    path("clue-feedback/<id:pk>/", detail, name="clue-feedback-detail"),
    path("clue-feedback/<id:pk>/read/", mark_read, name="clue-feedback-read"),
]
