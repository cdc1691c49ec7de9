"""The liaison's pages of the transfer notices flow (seed 003 §9): an administrative organ's list
of the notices it filed, the filing form and a notice's page with the procuratorate's and the
police unit's outcome; the police unit's list of the cases transferred to it and its decision.
URLs are ``urlpatterns`` here, gathered by ``portal/urls.py`` under /portal/."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from duties.forms.transfer_notices import PoliceDecisionForm, TransferNoticeForm
from duties.permissions.transfer_notices import (
    get_notice_for_liaison,
    is_filing_liaison,
    is_police_liaison,
    may_file,
)
from duties.selectors import transfer_notices as selectors
from duties.services import transfer_notices as services
from portal.views.switching import offer_agency_switch
from supervision.permissions import LIAISON_ROLES, require_role
from supervision.service_errors import call_service
from supervision.services.once import already_submitted, claim_form, record_result
from supervision.uploads import stored_file_response

PAGE_SIZE = 20


@login_required
def notice_list(request: HttpRequest) -> HttpResponse:
    """The agency's notices: those it filed and those sent to it as the police unit."""
    require_role(request.user, LIAISON_ROLES)
    rows = selectors.liaison_rows(request.user)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/transfer_notices/list.html", {
        "agency": request.user.agency, "page": page, "rows": page.object_list,
        "may_file": may_file(request.user),
    })


@login_required
def notice_new(request: HttpRequest) -> HttpResponse:
    """The organ's filing form; once however often it is sent (its one-time token)."""
    require_role(request.user, LIAISON_ROLES)
    if not may_file(request.user):
        raise Http404
    agency = request.user.agency
    form = TransferNoticeForm(request.POST or None, request.FILES or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            earlier = claim_form(request)
            if earlier is not None:
                return already_submitted(request, earlier, fallback=reverse("portal:transfer-notices"))
            outcome = call_service(request, lambda: services.transfer_notice_file(
                actor=request.user, case_name=data["case_name"], summary=data["summary"],
                admin_case_number=data["admin_case_number"], suspect_kind=data["suspect_kind"],
                suspect_name=data["suspect_name"], police_agency=data["police_agency"],
                police_unit=data["police_unit"], letter_number=data["letter_number"],
                transferred_on=data["transferred_on"],
                police_received_on=data["police_received_on"], files=data["files"]), form=form)
            if outcome:
                notice = outcome.value
                record_result(request, notice.portal_url())
                messages.success(request, _("已报送%(procuratorate)s。") % {
                    "procuratorate": notice.procuratorate.name})
                return redirect(notice.portal_url())
            transaction.set_rollback(True)  # the token is not spent on a refused filing
    return render(request, "portal/transfer_notices/new.html", {"form": form, "agency": agency})


@login_required
@offer_agency_switch(get_notice_for_liaison)
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, LIAISON_ROLES)
    notice = get_notice_for_liaison(request.user, pk)
    allowed = services.allowed_actions(request.user, notice)
    return render(request, "portal/transfer_notices/detail.html", {
        "notice": notice,
        "files": list(notice.files.all()),
        "filer": is_filing_liaison(request.user, notice),
        "police": is_police_liaison(request.user, notice),
        "decision_form": PoliceDecisionForm() if "decide" in allowed else None,
        "agency": request.user.agency,
    })


@login_required
def notice_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The police unit records its decision (立案/不予立案) with its files; a refusal shows
    the form again with its errors on its fields."""
    require_role(request.user, LIAISON_ROLES)
    notice = get_notice_for_liaison(request.user, pk)
    if request.method != "POST":
        return redirect(notice.portal_url())
    form = PoliceDecisionForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        outcome = call_service(request, lambda: services.transfer_notice_police_decide(
            actor=request.user, notice=notice, decision=data["decision"],
            decided_on=data["decided_on"], reason=data["reason"],
            document_number=data["document_number"], files=data["files"]), form=form,
            success=_("已登记本单位的决定，移送机关和检察院已收到通知。"))
        if outcome:
            return redirect(notice.portal_url())
    return render(request, "portal/transfer_notices/detail.html", {
        "notice": notice, "files": list(notice.files.all()),
        "filer": is_filing_liaison(request.user, notice),
        "police": is_police_liaison(request.user, notice), "decision_form": form,
        "agency": request.user.agency,
    })


@login_required
def notice_file(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    require_role(request.user, LIAISON_ROLES)
    notice = get_notice_for_liaison(request.user, pk)
    row = get_object_or_404(notice.files, pk=file_pk)
    return stored_file_response(row.file, row.original_name, reader=request.user, owner=notice)


urlpatterns = [
    path("transfer-notices/", notice_list, name="transfer-notices"),
    path("transfer-notices/new/", notice_new, name="transfer-notice-new"),
    path("transfer-notices/<id:pk>/", notice_detail, name="transfer-notice"),
    path("transfer-notices/<id:pk>/decide/", notice_decide, name="transfer-notice-decide"),
    path("transfer-notices/<id:pk>/files/<id:file_pk>/", notice_file, name="transfer-notice-file"),
]
