"""The liaison's pages of the commutation flow (issue 19); its URLs are ``urlpatterns`` here,
gathered by ``portal/urls.py`` under /portal/.

An executing organ (prison, detention centre, community correction) sends the copy of a
proposal (one form, one submit), sees its proposals, the opinion's status and the opinion
document (the copy it receives), and the court's ruling once recorded. Only its own agency's
proposals: anything else answers 404 (``duties.permissions.commutation``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from duties.forms.commutation import ProposalFileForm
from duties.permissions.commutation import get_organ_proposal
from duties.selectors.commutation import organ_rows
from duties.services import commutation as services
from duties.services.commutation import EXECUTING_ORGANS
from portal.views.switching import offer_agency_switch
from supervision.permissions import LIAISON_ROLES, require_role
from supervision.service_errors import call_service
from supervision.services.once import already_submitted, claim_form, record_result
from supervision.uploads import stored_file_response


def _organ(request: HttpRequest):
    require_role(request.user, LIAISON_ROLES)
    if request.user.agency_id is None:
        raise Http404
    return request.user.agency


@login_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    agency = _organ(request)
    rows = list(organ_rows(request.user)[:200])
    return render(request, "portal/commutation/list.html", {
        "agency": agency, "rows": rows,
        "may_file": agency.agency_type in EXECUTING_ORGANS})


@login_required
def proposal_new(request: HttpRequest) -> HttpResponse:
    agency = _organ(request)
    if agency.agency_type not in EXECUTING_ORGANS:
        raise Http404
    form = ProposalFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            earlier = claim_form(request)
            if earlier is not None:
                return already_submitted(request, earlier,
                                         fallback=reverse("portal:commutation-list"))
            done = call_service(request, lambda: services.commutation_file(
                actor=request.user, kind=data["kind"], proposal_number=data["proposal_number"],
                person_name=data["person_name"], person_id_number=data["person_id_number"],
                judgment_number=data["judgment_number"], judgment=data["judgment"],
                proposal=data["proposal"], court=data["court"], upload=data["upload"]),
                form=form)
            if done:
                url = done.value.get_portal_url()
                record_result(request, url)
                messages.success(request, _("建议书副本已报送检察院，检察意见期限 %(due)s。") % {
                    "due": date_format(done.value.due_date)})
                return redirect(url)
    return render(request, "portal/commutation/new.html", {"agency": agency, "form": form},
                  status=400 if request.method == "POST" else 200)


@login_required
@offer_agency_switch(get_organ_proposal)
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _organ(request)
    row = get_organ_proposal(request.user, pk)
    return render(request, "portal/commutation/detail.html", {"row": row})


@login_required
def proposal_file(request: HttpRequest, pk: int) -> HttpResponse:
    _organ(request)
    row = get_organ_proposal(request.user, pk)
    return stored_file_response(row.proposal_file, row.file_name, reader=request.user,
                                owner=row)


@login_required
def proposal_opinion_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The copy of the issued opinion (抄送执行机关); 404 before it is issued."""
    _organ(request)
    row = get_organ_proposal(request.user, pk)
    if not row.opinion_number:
        raise Http404
    return stored_file_response(row.opinion_pdf, f"{row.opinion_number}.pdf",
                                reader=request.user, owner=row)


urlpatterns = [
    path("commutation/", proposal_list, name="commutation-list"),
    path("commutation/new/", proposal_new, name="commutation-new"),
    path("commutation/<id:pk>/", proposal_detail, name="commutation-detail"),
    path("commutation/<id:pk>/file/", proposal_file, name="commutation-file"),
    path("commutation/<id:pk>/opinion.pdf", proposal_opinion_pdf,
         name="commutation-opinion-pdf"),
]
