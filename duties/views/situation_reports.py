"""Staff pages of the situation reports flow (重大情况通报, seed 004 §7): the intake queue, one
report with its supplements, and the procuratorate's three answers — sign for it (签收), open a
case from it in one step, or close it with a note. Its URLs are ``urlpatterns`` here, gathered
by ``duties/urls.py`` under /duties/."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.models import Agency
from supervision.permissions import STAFF_ROLES, require_role
from supervision.service_errors import call_service, submit_form
from supervision.services.once import submit_once
from supervision.uploads import content_type_for, stored_file_response

from ..forms.situation_reports import (
    AcknowledgeForm,
    CloseForm,
    OpenCaseForm,
    SituationReportFilter,
)
from ..models.situation_reports import SituationReport
from ..permissions.situation_reports import (
    can_act_for_procuratorate,
    get_report_for_user,
    staff_reports_visible_to,
)
from ..selectors import situation_reports as selectors
from ..services import situation_reports as services

PAGE_SIZE = 20


@login_required
def report_queue(request: HttpRequest) -> HttpResponse:
    """The intake queue: the reports of the viewer's scope, filtered, counted and paginated."""
    require_role(request.user, STAFF_ROLES)
    visible = staff_reports_visible_to(request.user)
    agencies = Agency.objects.filter(pk__in=visible.values("agency_id")).order_by("name")
    report_filter = SituationReportFilter(request.GET, queryset=visible, agencies=agencies)
    valid = report_filter.is_valid()
    rows = selectors.queue_rows(report_filter.qs if valid else visible.none())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "duties/situation_reports/queue.html", {
        "filter": report_filter,
        "page": page,
        "counts": selectors.counts(visible),
        "query": query.urlencode(),
    })


def _detail(request: HttpRequest, pk: int) -> SituationReport:
    report = selectors.report_detail(staff_reports_visible_to(request.user), pk)
    if report is None:
        raise Http404
    return report


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, STAFF_ROLES)
    report = _detail(request, pk)
    may_act = can_act_for_procuratorate(request.user, report)
    allowed = services.TABLE.allowed(report.status, services.actor_kinds(request.user, report))
    return render(request, "duties/situation_reports/detail.html", {
        "report": report,
        "may_act": may_act,
        "allowed": allowed,
        "acknowledge_form": AcknowledgeForm(),
        "close_form": CloseForm(),
    })


@login_required
@require_POST
def report_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, STAFF_ROLES)
    report = get_report_for_user(request.user, pk, queryset=staff_reports_visible_to(request.user))
    submit_form(request, AcknowledgeForm(request.POST), lambda data: services.situation_report_acknowledge(
        actor=request.user, report=report, instruction=data["instruction"]),
        success=_("已签收，通报单位已收到通知。"))
    return redirect("duties:situation-report", pk=report.pk)


@login_required
@require_POST
def report_close(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, STAFF_ROLES)
    report = get_report_for_user(request.user, pk, queryset=staff_reports_visible_to(request.user))
    submit_form(request, CloseForm(request.POST), lambda data: services.situation_report_close(
        actor=request.user, report=report, note=data["note"]),
        success=_("已办结，通报单位已收到通知。"))
    return redirect("duties:situation-report", pk=report.pk)


@login_required
def report_open_case(request: HttpRequest, pk: int) -> HttpResponse:
    """The one-step case: the form (matter suggested by the kind), then the new case."""
    require_role(request.user, STAFF_ROLES)
    report = get_report_for_user(request.user, pk, queryset=staff_reports_visible_to(request.user))
    refused = services.refusal("open_case", request.user, report)
    if refused is not None:
        messages.error(request, refused)
        return redirect("duties:situation-report", pk=report.pk)
    form = OpenCaseForm(request.POST or None, user=request.user, report=report)
    if request.method == "POST" and form.is_valid():
        done = submit_once(request, lambda: call_service(
            request, lambda: services.situation_report_open_case(
                actor=request.user, report=report, matter=form.cleaned_data["matter"],
                title=form.cleaned_data["title"], handler=form.cleaned_data["handler"],
                instruction=form.cleaned_data["instruction"]), form=form,
            success=_("已立案监督，通报单位已收到通知。")),
            result_url=lambda case: case.get_absolute_url(), fallback=report.get_absolute_url())
        if done:
            return done
    return render(request, "duties/situation_reports/open_case.html",
                  {"report": report, "form": form})


@login_required
def report_file(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    """A file of the report or of a supplement, for whoever may read the report (staff)."""
    require_role(request.user, STAFF_ROLES)
    report = get_report_for_user(request.user, pk, queryset=staff_reports_visible_to(request.user))
    row = report.files.filter(pk=file_pk).first()
    return _download(request, report, row)


def _download(request: HttpRequest, report: SituationReport, row) -> HttpResponse:
    return stored_file_response(row.file if row else None, row.original_name if row else "",
                                content_type_for(row.extension) if row else None,
                                reader=request.user, owner=report)


urlpatterns = [
    path("situation-reports/", report_queue, name="situation-reports"),
    path("situation-reports/<id:pk>/", report_detail, name="situation-report"),
    path("situation-reports/<id:pk>/acknowledge/", report_acknowledge,
         name="situation-report-acknowledge"),
    path("situation-reports/<id:pk>/open-case/", report_open_case,
         name="situation-report-open-case"),
    path("situation-reports/<id:pk>/close/", report_close, name="situation-report-close"),
    path("situation-reports/<id:pk>/files/<id:file_pk>/", report_file,
         name="situation-report-file"),
]
