"""Staff pages for statistics releases: propose a period, review the figures (computed now
while proposed; frozen once published), approve, return or withdraw."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from supervision.service_errors import call_service

from .. import selectors, services
from ..forms import ReleaseForm
from ..permissions import get_release_for_user, require_publisher
from ..transitions import PAGE_ACTIONS, TABLE, allowed_actions
from ._actions import run_action


def _last_year(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    return datetime.date(today.year - 1, 1, 1), datetime.date(today.year - 1, 12, 31)


@login_required
def release_new(request: HttpRequest) -> HttpResponse:
    require_publisher(request.user)
    start, end = _last_year(timezone.localdate())
    unit = request.user.procuratorate
    form = ReleaseForm(request.POST or None, initial={
        "start": start, "end": end,
        "title": _("%(name)s%(year)s年法律监督工作数据") % {"name": unit.name, "year": start.year}})
    if request.method == "POST" and form.is_valid():
        done = call_service(request, lambda: services.statistics_release_propose(
            actor=request.user, **form.cleaned_data), form=form,
            success=_("已提请公开，等待审批。数据在审批时计算并固定。"))
        if done:
            return redirect(done.value)
    return render(request, "publication/release_form.html", {"form": form, "unit": unit})


@login_required
def release_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_publisher(request.user)
    item = get_release_for_user(request.user, pk)
    figures = item.figures or selectors.freeze_figures(item.procuratorate, item.start, item.end)
    actions = allowed_actions(request.user, item)
    preview = selectors.release_preview(item) if not item.is_published else None
    return render(request, "publication/release_detail.html", {
        "item": item, "frozen": bool(item.figures), "groups": selectors.figure_groups(figures),
        "figures": figures, "preview": preview,
        "findings": [{"field": f.label, "text": selectors.describe(x)}
                     for f, x in preview.findings] if preview else [],
        "actions": [{"action": a, "label": TABLE.label(a), "reason": a != "approve"}
                    for a in PAGE_ACTIONS if a in actions and a != "revise"],
    })


_SERVICES = {
    "approve": (lambda user, item, data: services.statistics_release_approve(
        actor=user, release=item), _("统计数据已公开。")),
    "return": (lambda user, item, data: services.statistics_release_return(
        actor=user, release=item, reason=data["reason"]), _("已退回提请人。")),
    "withdraw": (lambda user, item, data: services.statistics_release_withdraw(
        actor=user, release=item, reason=data["reason"]), _("已撤回，公开页面不再显示。")),
}


@login_required
@require_POST
def release_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    require_publisher(request.user)
    return run_action(request, get_release_for_user(request.user, pk), action, _SERVICES)
