"""犯罪记录封存 and 解除封存 from the case page (``cases.services.sealing``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from supervision.service_errors import submit_form

from .. import services
from ..forms import SealForm
from ..permissions import can_seal_record, can_unseal_record, get_case_for_user


@login_required
@require_POST
def case_seal(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    if not can_seal_record(request.user, case):
        raise Http404
    submit_form(request, SealForm(request.POST),
                lambda data: services.case_record_seal(
                    actor=request.user, case=case, reason=data["reason"],
                    sealed_on=data["sealed_on"]),
                success=_("犯罪记录已封存。"))
    return redirect(case)


@login_required
@require_POST
def case_unseal(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    if not can_unseal_record(request.user, case):
        raise Http404
    submit_form(request, SealForm(request.POST),
                lambda data: services.case_record_unseal(
                    actor=request.user, case=case, reason=data["reason"]),
                success=_("已解除犯罪记录封存。"))
    return redirect(case)
