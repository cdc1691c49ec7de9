"""The liaison's pages of the situation reports flow (重大情况通报, seed 004 §7): the agency's own
reports, the report form, one report with the procuratorate's answer, and the supplement
(续报) form on it. Its URLs are ``urlpatterns`` here, gathered by ``portal/urls.py`` under
/portal/. The portal is the liaisons' alone: anyone else is told 404, as a report of another
agency is."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from duties.forms.situation_reports import SituationReportForm, SupplementForm
from duties.models import SituationReport
from duties.permissions.situation_reports import agency_reports_visible_to, get_report_for_user
from duties.selectors import situation_reports as selectors
from duties.services import situation_reports as services
from portal.views.instrument import LIAISONS
from portal.views.switching import offer_agency_switch
from supervision.permissions import require_role
from supervision.service_errors import call_service
from supervision.services.once import submit_once
from supervision.uploads import content_type_for, stored_file_response

PAGE_SIZE = 20


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    """The agency's reports, newest first, each with the procuratorate's answer at a glance."""
    require_role(request.user, LIAISONS)
    rows = selectors.queue_rows(agency_reports_visible_to(request.user))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/situation_reports/list.html", {"page": page})


@login_required
def report_new(request: HttpRequest) -> HttpResponse:
    """The report form (首报). One submit files it; the same form sent again makes nothing
    more (its one-time token)."""
    require_role(request.user, LIAISONS)
    form = SituationReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = submit_once(request, lambda: call_service(
            request, lambda: services.situation_report_file(
                actor=request.user, kind=data["kind"], title=data["title"],
                occurred_at=data["occurred_at"], place=data["place"], summary=data["summary"],
                measures=data["measures"], persons=data["persons"], files=data["files"]),
            form=form, success=_("已报送检察院。")),
            result_url=lambda report: report.get_portal_url())
        if done:
            return done
    return render(request, "portal/situation_reports/form.html", {"form": form})


def _visible_report(user, pk: int) -> SituationReport:
    report = selectors.report_detail(agency_reports_visible_to(user), pk)
    if report is None:
        raise Http404
    return report


def _report(request: HttpRequest, pk: int) -> SituationReport:
    return _visible_report(request.user, pk)


@login_required
@offer_agency_switch(_visible_report)
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One report with the procuratorate's acknowledgement, instruction and outcome; the
    supplement form while the procuratorate still follows the report."""
    require_role(request.user, LIAISONS)
    report = _report(request, pk)
    form = SupplementForm(request.POST or None, request.FILES or None)
    allowed = services.TABLE.allowed(report.status, services.actor_kinds(request.user, report))
    if request.method == "POST":
        if "supplement" not in allowed:
            messages.error(request, services.refusal("supplement", request.user, report))
            return redirect(report.get_portal_url())
        if form.is_valid():
            done = submit_once(request, lambda: call_service(
                request, lambda: services.situation_report_supplement(
                    actor=request.user, report=report, content=form.cleaned_data["content"],
                    files=form.cleaned_data["files"]), form=form, success=_("续报已送达检察院。")),
                result_url=lambda supplement: report.get_portal_url(),
                fallback=report.get_portal_url())
            if done:
                return done
    return render(request, "portal/situation_reports/detail.html", {
        "report": report, "form": form, "may_supplement": "supplement" in allowed})


@login_required
def report_file(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    """A file the agency sent with the report or a supplement."""
    require_role(request.user, LIAISONS)
    report = get_report_for_user(request.user, pk, queryset=agency_reports_visible_to(request.user))
    row = report.files.filter(pk=file_pk).first()
    if row is None:
        raise Http404
    return stored_file_response(row.file, row.original_name, content_type_for(row.extension),
                                reader=request.user, owner=report)


urlpatterns = [
    path("situation-reports/", report_list, name="situation-reports"),
    path("situation-reports/new/", report_new, name="situation-report-new"),
    path("situation-reports/<id:pk>/", report_detail, name="situation-report"),
    path("situation-reports/<id:pk>/files/<id:file_pk>/", report_file,
         name="situation-report-file"),
]
