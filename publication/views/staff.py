"""Staff pages for typical cases: the procuratorate's publication list, choosing a case,
proposing and revising, and reviewing with the de-identified text beside the original.

Each page resolves access through ``publication.permissions`` (404 for anything not the
user's) and calls one service."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.choices import CaseStatus
from cases.permissions import cases_visible_to, get_case_for_user
from cases.search import search_cases
from supervision.service_errors import call_service

from .. import selectors, services
from ..choices import PublicationStatus
from ..forms import TypicalCaseForm
from ..permissions import (
    can_propose_from,
    get_typical_case_for_user,
    releases_visible_to,
    require_publisher,
    typical_cases_visible_to,
)
from ..transitions import PAGE_ACTIONS, TABLE, allowed_actions
from ._actions import run_action

#: Cases the chooser lists at most (the newest closed first); the search narrows them.
CHOOSER_LIMIT = 50


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """检务公开: the procuratorate's typical cases and statistics releases, waiting ones first."""
    require_publisher(request.user)
    order = {PublicationStatus.PROPOSED: 0, PublicationStatus.RETURNED: 1,
             PublicationStatus.PUBLISHED: 2, PublicationStatus.WITHDRAWN: 3}
    cases = sorted(typical_cases_visible_to(request.user).select_related("kind", "proposed_by")
                   .order_by("-proposed_at", "-pk"), key=lambda i: order[i.status])
    releases = sorted(releases_visible_to(request.user).select_related("proposed_by")
                      .defer("figures").order_by("-end", "-pk"), key=lambda i: order[i.status])
    return render(request, "publication/index.html", {
        "typical_cases": cases, "releases": releases,
        "procuratorate": request.user.procuratorate})


@login_required
def case_choose(request: HttpRequest) -> HttpResponse:
    """推荐典型案例: the procuratorate's closed cases (newest first), searchable."""
    require_publisher(request.user)
    # a NUL byte cannot reach PostgreSQL (as on the security page's search)
    query = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    cases = (cases_visible_to(request.user)
             .filter(procuratorate_id=request.user.procuratorate_id, status=CaseStatus.CLOSED,
                     record_sealed=False)
             .select_related("kind", "matter").order_by("-closed_on", "-pk"))
    cases = search_cases(cases, query)  # the case list's search: every term, folded
    return render(request, "publication/case_choose.html", {
        "cases": list(cases[:CHOOSER_LIMIT]), "query": query, "limit": CHOOSER_LIMIT})


@login_required
def case_propose(request: HttpRequest, case_pk: int) -> HttpResponse:
    require_publisher(request.user)
    case = get_case_for_user(request.user, case_pk)
    if not can_propose_from(request.user, case):
        raise Http404
    form = TypicalCaseForm(request.POST or None, initial={
        "title": case.title, "kind": case.kind_id, "summary": case.summary,
        "achieved": case.outcome_note})
    if request.method == "POST" and form.is_valid():
        done = call_service(request, lambda: services.typical_case_propose(
            actor=request.user, case=case, **form.cleaned_data), form=form,
            success=_("已提请公开，等待审批。请核对下方隐去个人信息后的公开文本。"))
        if done:
            return redirect(done.value)
    return render(request, "publication/case_form.html", {"form": form, "case": case})


@login_required
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_publisher(request.user)
    item = get_typical_case_for_user(request.user, pk)
    if "revise" not in allowed_actions(request.user, item):
        raise Http404
    form = TypicalCaseForm(request.POST or None, initial={
        "title": item.title, "kind": item.kind_id, "summary": item.summary,
        "achieved": item.achieved, "significance": item.significance})
    if request.method == "POST" and form.is_valid():
        done = call_service(request, lambda: services.typical_case_revise(
            actor=request.user, typical_case=item, **form.cleaned_data), form=form,
            success=_("已修改并重新提请审批。"))
        if done:
            return redirect(item)
    return render(request, "publication/case_form.html",
                  {"form": form, "case": item.case, "item": item})


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The review page: each text as written and as it would be published, side by side,
    with what the check still finds; the actions the user may take."""
    require_publisher(request.user)
    item = get_typical_case_for_user(request.user, pk)
    preview = selectors.typical_case_preview(item) if not item.is_published else None
    actions = allowed_actions(request.user, item)
    return render(request, "publication/case_detail.html", {
        "item": item, "preview": preview,
        "findings": [{"field": f.label, "text": selectors.describe(x)}
                     for f, x in preview.findings] if preview else [],
        "can_edit": "revise" in actions,
        "actions": [{"action": a, "label": TABLE.label(a), "reason": a != "approve"}
                    for a in PAGE_ACTIONS if a in actions],
    })


_CASE_SERVICES = {
    "approve": (lambda user, item, data: services.typical_case_approve(
        actor=user, typical_case=item), _("典型案例已公开。")),
    "return": (lambda user, item, data: services.typical_case_return(
        actor=user, typical_case=item, reason=data["reason"]), _("已退回提请人。")),
    "withdraw": (lambda user, item, data: services.typical_case_withdraw(
        actor=user, typical_case=item, reason=data["reason"]), _("已撤回，公开页面不再显示。")),
}


@login_required
@require_POST
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    require_publisher(request.user)
    return run_action(request, get_typical_case_for_user(request.user, pk), action, _CASE_SERVICES)
