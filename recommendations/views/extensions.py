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
from supervision.service_errors import submit_form


@login_required
@require_POST
def recommendation_extend(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, STAFF_ROLES)
    rec = get_recommendation_for_user(request.user, pk)
    submit_form(request, ExtensionForm(request.POST, prefix="extend"),
                lambda data: extensions.recommendation_extend(
                    actor=request.user, recommendation=rec, reason=data["reason"],
                    days=data["days"], new_due=data["new_due"]),
                success=_("回复期限已延长，主送单位联络员已收到通知。"))
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
        submit_form(request, ExtensionForm(request.POST, prefix="grant"),
                    lambda data: extensions.recommendation_extend(
                        actor=request.user, recommendation=rec, reason=data["reason"],
                        days=data["days"], new_due=data["new_due"], request=ext),
                    success=_("已准许延期，主送单位联络员已收到通知。"))
    elif decision == "refuse":
        submit_form(request, ExtensionRefuseForm(request.POST, prefix="refuse"),
                    lambda data: extensions.extension_refuse(
                        actor=request.user, extension=ext, reason=data["reason"]),
                    success=_("已决定不予准许延期。"))
    else:
        raise Http404
    return redirect(rec)
