"""The system administrator's pages for deadline operations: the legal calendar (preview what a
holiday notice would move, then apply it) and the self-check reports.

Thin: the form is parsed, :mod:`supervision.services.calendar_change` /
:mod:`supervision.services.selfcheck` do the work. Other roles get 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from supervision.choices import Role
from supervision.forms import CalendarChangeForm
from supervision.models import User
from supervision.permissions import require_role
from supervision.selectors import (
    calendar_year_on_file,
    calendar_years_recent,
    selfcheck_reports_recent,
)
from supervision.service_errors import call_service
from supervision.services import calendar_change as recompute
from supervision.services.selfcheck import run_selfcheck

OPS_ROLES = {Role.SYSADMIN}


@login_required
def calendar_change(request: HttpRequest) -> HttpResponse:
    """GET ?year=: the year's stored arrangement (or the package's, for a year not entered yet)
    in the form. POST "preview": what would move. POST "apply": save exactly that."""
    require_role(request.user, OPS_ROLES)
    preview = None
    if request.method == "POST":
        form = CalendarChangeForm(request.POST)
    else:
        year = _year(request.GET.get("year"))
        on_file = calendar_year_on_file(year)
        stored, published = on_file.days, on_file.published
        package = None if stored else recompute.package_days(year)
        form = CalendarChangeForm(initial={
            "year": year, "days": recompute.format_days(stored or package or {}),
            # entering a year is entering its published notice; an entered year keeps its flag
            "published": published is not None or not stored,
            "source": published.source if published else ""})
        if package is not None and not stored:
            messages.info(request, _("该年度尚未录入，已按 chinesecalendar 软件包的数据预填，请与国务院办公厅通知核对。"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        applying = "apply" in request.POST
        done = call_service(request, lambda: _calendar_step(request.user, data, apply=applying),
                            form=form)
        if done and applying:
            messages.success(request, _("已保存 %(year)s 年度安排，重新计算的期限 %(count)s 个。")
                             % {"year": data["year"], "count": len(done.value.moves)})
            return redirect(f"{request.path}?year={data['year']}")
        if done:
            preview = done.value
            form = CalendarChangeForm(initial={**data, "fingerprint": preview.fingerprint})
    return render(request, "supervision/ops_calendar.html",
                  {"form": form, "preview": preview, "years": calendar_years_recent()})


def _calendar_step(actor: User, data: dict, *, apply: bool) -> recompute.CalendarPreview:
    """Parse the form's days and preview the change, or save it (refused when the data moved
    since the preview whose fingerprint the form carries)."""
    change = recompute.CalendarChange(
        year=data["year"], days=recompute.parse_days(data["days"], data["year"]),
        published=data["published"], source=data["source"])
    if apply:
        return recompute.calendar_change_apply(actor=actor, change=change,
                                               expected_fingerprint=data["fingerprint"])
    return recompute.preview_calendar_change(change)


def _year(value: str | None) -> int:
    try:
        year = int(value or "")
    except ValueError:
        return timezone.localdate().year + 1
    return year if 2000 <= year <= 2100 else timezone.localdate().year + 1


@login_required
def selfcheck_reports(request: HttpRequest) -> HttpResponse:
    require_role(request.user, OPS_ROLES)
    return render(request, "supervision/ops_selfcheck.html",
                  {"reports": selfcheck_reports_recent()})


@login_required
@require_POST
def selfcheck_run(request: HttpRequest) -> HttpResponse:
    require_role(request.user, OPS_ROLES)
    report = run_selfcheck(actor=request.user)
    if report.problem_count:
        messages.warning(request, _("自检完成：发现 %(count)s 项问题。") % {"count": report.problem_count})
    else:
        messages.success(request, _("自检完成：未发现问题。"))
    return redirect("ops-selfcheck")
