"""Liaisons switch the agency they act for; inviters deactivate a liaison's membership or
designate the agency's responsible person."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.permissions import get_agency_to_act_for, get_membership_for_user
from agencies.services import memberships
from supervision.permissions import LIAISON_ROLES, require_role


@login_required
@require_POST
def portal_switch(request: HttpRequest) -> HttpResponse:
    require_role(request.user, LIAISON_ROLES)
    agency = get_agency_to_act_for(request.user, request.POST.get("agency"))
    try:
        memberships.liaison_switch_agency(actor=request.user, agency=agency)
    except PermissionDenied as exc:  # the membership ended since the lookup
        raise Http404 from exc
    messages.success(request, _("现在代表 %(agency)s 办理。") % {"agency": agency.name})
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return redirect(target)
    return redirect("portal:inbox")


@login_required
@require_POST
def liaison_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_membership_for_user(request.user, pk)
    memberships.liaison_deactivate(actor=request.user, membership=membership)
    messages.success(request, _("已停用 %(user)s 在 %(agency)s 的联络员身份，其办理记录保留。") % {
        "user": membership.user, "agency": membership.agency.name})
    return redirect("liaison-invite")


@login_required
@require_POST
def liaison_responsible(request: HttpRequest, pk: int) -> HttpResponse:
    """设为/取消单位负责人: ``responsible=1`` designates, anything else withdraws."""
    membership = get_membership_for_user(request.user, pk)
    responsible = request.POST.get("responsible") == "1"
    try:
        memberships.liaison_set_responsible(actor=request.user, membership=membership,
                                            responsible=responsible)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("liaison-invite")
    if responsible:
        text = _("已将 %(user)s 设为 %(agency)s 的单位负责人，可签发本单位的回复。")
    else:
        text = _("已取消 %(user)s 在 %(agency)s 的单位负责人身份。")
    messages.success(request, text % {"user": membership.user, "agency": membership.agency.name})
    return redirect("liaison-invite")
