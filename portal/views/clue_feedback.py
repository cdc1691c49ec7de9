"""The liaison's pages of the clue feedback flow (issue 19); its URLs are ``urlpatterns`` here,
gathered by ``portal/urls.py`` under /portal/.

The receiving organ (supervisory commission, police, discipline body …) sees the clues the
procuratorate transferred to it — the clue, the letter and its files, the dates; never the
rest of the case file — and gives its written feedback (书面反馈结果, seed 000 §8) with its
files: one page, one submit. Only the transfers addressed to the agency the liaison acts for
now (``duties.permissions.clue_feedback``); anything else answers 404.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from duties.forms.clue_feedback import AgencyTransferFilter, FeedbackForm
from duties.permissions.clue_feedback import (
    agency_transfer_files,
    agency_transfers,
    get_agency_transfer,
    get_agency_transfer_file,
)
from duties.selectors.clue_feedback import AGENCY_BUCKETS, agency_rows, bucket_counts
from duties.services import clue_feedback as services
from portal.views.switching import offer_agency_switch
from supervision.permissions import LIAISON_ROLES, require_role
from supervision.service_errors import call_service
from supervision.uploads import content_type_for, stored_file_response

PAGE_SIZE = 20
TITLE = gettext_lazy("线索反馈")


@login_required
def transfer_list(request: HttpRequest) -> HttpResponse:
    require_role(request.user, LIAISON_ROLES)
    data = request.GET.copy()
    data.setdefault("status", "todo")
    visible = agency_transfers(request.user)
    listing = AgencyTransferFilter(data, queryset=visible, request=request)
    valid = listing.is_valid()
    page = Paginator(agency_rows(listing.qs) if valid else visible.none(),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    counts = bucket_counts(visible, AGENCY_BUCKETS)
    tabs = []
    for value, label in AGENCY_BUCKETS.items():
        query = data.copy()
        query["status"] = value
        query.pop("page", None)
        tabs.append({"value": value, "label": label, "count": counts[value],
                     "active": value == data.get("status"), "url": "?" + query.urlencode()})
    query = data.copy()
    query.pop("page", None)
    return render(request, "portal/clue_feedback/list.html", {
        "title": TITLE, "agency": request.user.agency, "filter": listing, "page": page,
        "tabs": tabs, "query": query.urlencode(),
        "errors": [e for errors in listing.form.errors.values() for e in errors],
    })


@login_required
@offer_agency_switch(get_agency_transfer)
def transfer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The transfer and, while it has none, the feedback form (POST here)."""
    require_role(request.user, LIAISON_ROLES)
    transfer = get_agency_transfer(request.user, pk)
    form = None
    if transfer.replied_on is None:
        form = FeedbackForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            done = call_service(request, lambda: services.clue_transfer_record_reply(
                actor=request.user, transfer=transfer, replied_on=form.cleaned_data["replied_on"],
                summary=form.cleaned_data["summary"], files=form.cleaned_data["files"]),
                form=form, success=_("书面反馈已提交，检察院已收到通知。"))
            if done:
                return redirect(transfer.get_portal_url())
    elif request.method == "POST":  # sent again (a reload): it is already there
        return redirect(transfer.get_portal_url())
    files = list(agency_transfer_files(transfer))
    return render(request, "portal/clue_feedback/detail.html", {
        "title": TITLE, "transfer": transfer, "form": form,
        "procuratorate": transfer.case.procuratorate,
        "letter_files": [f for f in files if not f.feedback],
        "feedback_files": [f for f in files if f.feedback],
    })


@login_required
def transfer_file(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    """A file of the transfer (the letter, or the organ's own feedback), after the agency's
    check; audited as every download."""
    require_role(request.user, LIAISON_ROLES)
    attachment = get_agency_transfer_file(request.user, pk, file_pk)
    return stored_file_response(attachment.file, attachment.original_name,
                                content_type_for(attachment.extension), reader=request.user,
                                owner=attachment)


urlpatterns = [
    path("clue-feedback/", transfer_list, name="clue-feedback"),
    path("clue-feedback/<id:pk>/", transfer_detail, name="clue-feedback-detail"),
    path("clue-feedback/<id:pk>/files/<id:file_pk>/", transfer_file, name="clue-feedback-file"),
]
