"""Writes from the case page about the supervisory commission (seed 002 §7): early involvement
(提前介入) and returns for supplementary investigation (退回补充调查)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from supervision.service_errors import call_service

from .. import services
from ..forms import (
    EarlyInvolvementForm,
    InvolvementOpinionForm,
    ResubmissionForm,
    SupplementaryReturnForm,
)
from ..permissions import case_to_work_on


def _back(case) -> str:
    return case.get_absolute_url() + "#liaison"


@login_required
def involvement_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_to_work_on(request.user, pk)
    form = EarlyInvolvementForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        done = call_service(request, lambda: services.early_involvement_record(
            actor=request.user, case=case, **form.cleaned_data), form=form,
            success=_("提前介入情况已记录。"))
        if done:
            return redirect(_back(case))
    return render(request, "cases/casework_form.html", {
        "case": case, "form": form, "title": _("记录提前介入"), "multipart": False})


@login_required
@require_POST
def involvement_opinion(request: HttpRequest, pk: int, involvement_pk: int) -> HttpResponse:
    case = case_to_work_on(request.user, pk)
    involvement = get_object_or_404(case.early_involvements, pk=involvement_pk)
    form = InvolvementOpinionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写检察官意见和提出意见日期。"))
        return redirect(_back(case))
    call_service(request, lambda: services.early_involvement_opinion(
        actor=request.user, involvement=involvement, **form.cleaned_data),
        success=_("检察官意见已记录。"))
    return redirect(_back(case))


@login_required
def return_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_to_work_on(request.user, pk)
    form = SupplementaryReturnForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        done = call_service(request, lambda: services.supplementary_return_record(
            actor=request.user, case=case, **form.cleaned_data), form=form)
        if done:
            messages.success(request, _("退回补充调查已记录，补充调查期限 %(date)s。") % {
                "date": done.value.due_date.isoformat()})
            return redirect(_back(case))
    return render(request, "cases/casework_form.html", {
        "case": case, "form": form, "title": _("退回补充调查"), "multipart": False,
        "notice": _("补充调查应当在一个月内完毕，以二次为限。")})


@login_required
@require_POST
def return_resubmitted(request: HttpRequest, pk: int, return_pk: int) -> HttpResponse:
    case = case_to_work_on(request.user, pk)
    row = get_object_or_404(case.supplementary_returns, pk=return_pk)
    form = ResubmissionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写重新移送日期。"))
        return redirect(_back(case))
    call_service(request, lambda: services.supplementary_return_resubmitted(
        actor=request.user, supplementary_return=row, **form.cleaned_data),
        success=_("重新移送已登记。"))
    return redirect(_back(case))
