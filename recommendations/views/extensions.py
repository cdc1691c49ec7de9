"""Extending the reply period from the instrument page: grant (on the procurator's own motion
or on the agency's request) and refuse. Each view validates a form and calls one service."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from recommendations.choices import ExtensionStatus
from recommendations.forms import ExtensionForm, ExtensionRefuseForm
from recommendations.permissions import get_extension_for_user, get_recommendation_for_user
from recommendations.services import extensions
from supervision.permissions import STAFF_ROLES, require_role
from supervision.service_errors import call_service, form_errors_as_messages


@login_required
@require_POST
def recommendation_extend(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, STAFF_ROLES)
    rec = get_recommendation_for_user(request.user, pk)
    form = ExtensionForm(request.POST, prefix="extend")
    if not form.is_valid():
        form_errors_as_messages(request, form)
        return redirect(rec)
    data = form.cleaned_data
    call_service(request, lambda: extensions.recommendation_extend(
        actor=request.user, recommendation=rec, reason=data["reason"], days=data["days"],
        new_due=data["new_due"]), success=_("回复期限已延长，主送单位联络员已收到通知。"))
    return redirect(rec)


@login_required
@require_POST
def extension_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    """grant / refuse an agency's pending extension request."""
    require_role(request.user, STAFF_ROLES)
    ext = get_extension_for_user(request.user, pk)
    if ext.status != ExtensionStatus.REQUESTED:
        raise Http404
    rec = get_recommendation_for_user(request.user, ext.recommendation_id)
    if decision == "grant":
        form = ExtensionForm(request.POST, prefix="grant")
        if form.is_valid():
            data = form.cleaned_data
            call_service(request, lambda: extensions.recommendation_extend(
                actor=request.user, recommendation=rec, reason=data["reason"],
                days=data["days"], new_due=data["new_due"], request=ext),
                success=_("已准许延期，主送单位联络员已收到通知。"))
        else:
            form_errors_as_messages(request, form)
    elif decision == "refuse":
        form = ExtensionRefuseForm(request.POST, prefix="refuse")
        if form.is_valid():
            call_service(request, lambda: extensions.extension_refuse(
                actor=request.user, extension=ext, reason=form.cleaned_data["reason"]),
                success=_("已决定不予准许延期。"))
        else:
            form_errors_as_messages(request, form)
    else:
        raise Http404
    return redirect(rec)
