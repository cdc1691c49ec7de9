"""The inspection pages: the list, plan and edit, the detail with the team and the findings,
each finding's one-step conversion, its rectification, the conclusion and the feedback PDF."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from supervision.pagination import paginate
from supervision.permissions import require_role
from supervision.service_errors import call_service, submit_form
from supervision.uploads import inline_pdf

from . import documents, selectors, services
from .choices import InspectionStatus
from .filtersets import InspectionFilter
from .forms import (
    CancelForm,
    ConcludeForm,
    FindingForm,
    InspectionForm,
    OralForm,
    RectifyingForm,
    StartForm,
    ToCaseForm,
    ToInstrumentForm,
    VerifyForm,
    finding_initial,
    inspection_initial,
)
from .models import Finding, Inspection
from .permissions import (
    LIST_ROLES,
    get_finding,
    get_inspection_for_user,
    inspection_to_work_on,
    inspections_visible_to,
    may_plan,
)
from .services.findings import instrument_closed
from .transitions import (
    ACTION_LABELS,
    FINDING_LABELS,
    actor_kinds,
    allowed_actions,
    allowed_finding_actions,
)


@login_required
def inspection_list(request: HttpRequest) -> HttpResponse:
    """The inspections the viewer sees, newest first, filterable, with the counts by state and
    this year's figures."""
    require_role(request.user, LIST_ROLES)
    visible = inspections_visible_to(request.user)
    inspection_filter = InspectionFilter(request.GET or None, queryset=visible,
                                         request=request)
    rows = selectors.inspection_list_rows(inspection_filter.qs)
    today = timezone.localdate()
    return render(request, "inspections/list.html", {
        "filter": inspection_filter,
        "page": paginate(request, rows, ordering=("-start_date", "-pk")),
        "counts": selectors.status_counts(visible),
        "statuses": InspectionStatus.choices,
        "figures": selectors.period_figures(request.user, today.replace(month=1, day=1), today),
        "year": today.year,
        "may_plan": may_plan(request.user),
    })


@login_required
def inspection_create(request: HttpRequest) -> HttpResponse:
    if not may_plan(request.user):
        raise Http404
    form = InspectionForm(request.POST or None, procuratorate_id=request.user.procuratorate_id,
                          initial={"leader": request.user.pk})
    if request.method == "POST" and form.is_valid():
        done = call_service(request, lambda: services.inspection_plan(
            actor=request.user, **form.cleaned_data), form=form,
            success=_("巡回检察已安排，检察组成员已收到通知。"))
        if done:
            return redirect(done.value)
    return render(request, "inspections/form.html", {"form": form, "title": _("安排巡回检察")})


@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_inspection_for_user(request.user, pk)
    page = selectors.inspection_page(inspection)
    kinds = actor_kinds(request.user, inspection)
    actions = set(allowed_actions(request.user, inspection))
    for finding in page.findings:
        finding.actions = set(allowed_finding_actions(kinds, finding))
        if inspection.status != InspectionStatus.IN_PROGRESS:
            finding.actions -= {"edit", "convert_case", "convert_instrument", "correct_on_spot"}
        if inspection.status == InspectionStatus.CANCELLED:
            finding.actions = set()
        finding.verifiable = instrument_closed(finding)
    return render(request, "inspections/detail.html", {
        "inspection": inspection,
        "page": page,
        "actions": actions,
        "labels": ACTION_LABELS,
        "finding_labels": FINDING_LABELS,
        "start_form": StartForm() if "start" in actions else None,
        "cancel_form": CancelForm() if "cancel" in actions else None,
    })


@login_required
def inspection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_to_work_on(request.user, pk)
    form = InspectionForm(request.POST or None, procuratorate_id=inspection.procuratorate_id,
                          initial=inspection_initial(inspection))
    if request.method == "POST" and form.is_valid():
        done = call_service(request, lambda: services.inspection_update(
            actor=request.user, inspection=inspection, **form.cleaned_data), form=form,
            success=_("巡回检察已修改。"))
        if done:
            return redirect(inspection)
    return render(request, "inspections/form.html", {
        "form": form, "inspection": inspection, "title": _("修改巡回检察")})


@login_required
@require_POST
def inspection_start(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_to_work_on(request.user, pk)
    submit_form(request, StartForm(request.POST),
                lambda data: services.inspection_start(actor=request.user,
                                                       inspection=inspection, **data),
                success=_("已开始检察，请登记发现的问题。"))
    return redirect(inspection)


@login_required
def inspection_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_to_work_on(request.user, pk)
    if request.method == "GET" and "conclude" not in allowed_actions(request.user, inspection):
        raise Http404
    form = ConcludeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(request, lambda: services.inspection_conclude(
            actor=request.user, inspection=inspection, **form.cleaned_data), form=form,
            success=_("检察已结束，可下载检察情况反馈送达被检察单位。"))
        if done:
            return redirect(inspection)
    return render(request, "inspections/form.html", {
        "form": form, "inspection": inspection, "title": _("结束检察并反馈"),
        "page": selectors.inspection_page(inspection)})


@login_required
@require_POST
def inspection_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_to_work_on(request.user, pk)
    submit_form(request, CancelForm(request.POST),
                lambda data: services.inspection_cancel(actor=request.user,
                                                        inspection=inspection, **data),
                success=_("巡回检察已撤销。"))
    return redirect(inspection)


@login_required
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The written feedback (检察情况反馈), for whoever may see the inspection."""
    inspection = get_inspection_for_user(request.user, pk)
    return inline_pdf(documents.render_report_pdf(inspection),
                      f"{documents.document_name(inspection)}-{inspection.institution.name}.pdf")


# --- findings ------------------------------------------------------------------------------

def _finding_page(request: HttpRequest, inspection: Inspection, finding: Finding | None,
                  form, title: str) -> HttpResponse:
    return render(request, "inspections/finding_form.html", {
        "inspection": inspection, "finding": finding, "form": form, "title": title})


@login_required
def finding_add(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_to_work_on(request.user, pk)
    form = FindingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(request, lambda: services.finding_add(
            actor=request.user, inspection=inspection, **form.cleaned_data), form=form,
            success=_("问题已登记。"))
        if done:
            return redirect(done.value)
    return _finding_page(request, inspection, None, form, _("登记发现的问题"))


def _finding_step(request: HttpRequest, pk: int, finding_pk: int, form_class: type,
                  service: Callable[..., Any], success: str, title: str, *,
                  form_kwargs: Callable[[Finding], dict] | None = None) -> HttpResponse:
    """A page that acts on one finding: the form, then ``service(actor=…, finding=…, **data)``
    through ``call_service``, then the page the service's result names (the finding's
    inspection, the new case, the new draft)."""
    inspection = inspection_to_work_on(request.user, pk)
    finding = get_finding(inspection, finding_pk)
    form = form_class(request.POST or None, **(form_kwargs(finding) if form_kwargs else {}))
    if request.method == "POST" and form.is_valid():
        done = call_service(request, lambda: service(
            actor=request.user, finding=finding, **form.cleaned_data), form=form,
            success=success)
        if done:
            return redirect(done.value)
    return _finding_page(request, inspection, finding, form, title)


def _verify_initial(finding: Finding) -> dict:
    """The verification form starts from the instrument's own evaluation, when it has one."""
    rec = finding.recommendation
    if rec is not None and rec.rectified is not None:
        return {"initial": {"rectified": "yes" if rec.rectified else "no"}}
    return {}


@login_required
def finding_edit(request: HttpRequest, pk: int, finding_pk: int) -> HttpResponse:
    return _finding_step(request, pk, finding_pk, FindingForm, services.finding_update,
                         _("问题已修改。"), _("修改问题"),
                         form_kwargs=lambda f: {"initial": finding_initial(f)})


@login_required
def finding_to_case(request: HttpRequest, pk: int, finding_pk: int) -> HttpResponse:
    """One step: the finding becomes a supervision case; the procurator lands on the case."""
    return _finding_step(request, pk, finding_pk, ToCaseForm, services.finding_to_case,
                         _("已立为监督案件。"), _("转为监督案件"),
                         form_kwargs=lambda f: {"finding": f})


@login_required
def finding_to_instrument(request: HttpRequest, pk: int, finding_pk: int) -> HttpResponse:
    """One step: the case is registered and the instrument drafted on it; the procurator lands
    on the draft, to complete it and submit it for approval."""
    return _finding_step(request, pk, finding_pk, ToInstrumentForm,
                         services.finding_to_instrument,
                         _("已登记监督案件并生成文书草稿，请完善后提请审批。"), _("制发监督文书"),
                         form_kwargs=lambda f: {"finding": f})


@login_required
def finding_oral(request: HttpRequest, pk: int, finding_pk: int) -> HttpResponse:
    return _finding_step(request, pk, finding_pk, OralForm, services.finding_correct_on_spot,
                         _("已登记口头纠正。"), _("登记口头纠正"))


@login_required
def finding_rectifying(request: HttpRequest, pk: int, finding_pk: int) -> HttpResponse:
    return _finding_step(request, pk, finding_pk, RectifyingForm, services.finding_rectifying,
                         _("已登记整改措施。"), _("登记整改措施"))


@login_required
def finding_verify(request: HttpRequest, pk: int, finding_pk: int) -> HttpResponse:
    return _finding_step(request, pk, finding_pk, VerifyForm, services.finding_verify,
                         _("整改核查结果已登记。"), _("核查整改结果"),
                         form_kwargs=_verify_initial)

