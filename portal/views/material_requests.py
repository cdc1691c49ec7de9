"""The liaison's pages of the material requests flow (issue 19); its URLs are ``urlpatterns``
here, gathered by ``portal/urls.py`` under /portal/: the requests made of the liaison's agency,
one request with its answer form (answered here, with files, at phone width), and the files.
Anything not of the liaison's current agency answers 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from duties.forms.material_requests import AnswerForm
from duties.models import MaterialRequestStatus
from duties.permissions.material_requests import (
    agency_visible,
    get_request_file,
    get_request_for_agency,
)
from duties.selectors.material_requests import list_rows, request_files
from duties.services.material_requests import material_request_answer
from portal.views.switching import offer_agency_switch
from supervision.permissions import LIAISON_ROLES, require_role
from supervision.service_errors import call_service
from supervision.uploads import content_type_for, stored_file_response

PAGE_SIZE = 20
#: The list's two views: waiting for the agency's answer, and everything.
VIEWS = {"todo": MaterialRequestStatus.SENT, "all": None}


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    require_role(request.user, LIAISON_ROLES)
    visible = agency_visible(request.user)
    view = request.GET.get("view") if request.GET.get("view") in VIEWS else "todo"
    rows = visible if VIEWS[view] is None else visible.filter(status=VIEWS[view])
    page = Paginator(list_rows(rows), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/material_requests/list.html", {
        "page": page, "view": view, "todo_count": visible.filter(
            status=MaterialRequestStatus.SENT).count()})


@login_required
@offer_agency_switch(get_request_for_agency)
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One request; while it waits for the answer, the answer form (text and files)."""
    require_role(request.user, LIAISON_ROLES)
    row = get_request_for_agency(request.user, pk)
    form = AnswerForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and row.status == MaterialRequestStatus.SENT and form.is_valid():
        done = call_service(request, lambda: material_request_answer(
            actor=request.user, request=row, **form.cleaned_data), form=form,
            success=_("答复已提交，检察院已收到通知。"))
        if done:
            return redirect("portal:material-request", pk=row.pk)
    elif request.method == "POST" and row.status != MaterialRequestStatus.SENT:
        form = AnswerForm()
        form.add_error(None, _("该调取材料已答复或已撤回，无需再答复。"))
    return render(request, "portal/material_requests/detail.html", {
        "req": row, "files": request_files(row), "form": form,
        "can_answer": row.status == MaterialRequestStatus.SENT})


@login_required
def request_file(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    require_role(request.user, LIAISON_ROLES)
    row = get_request_for_agency(request.user, pk)
    stored = get_request_file(row, file_pk)
    return stored_file_response(stored.file, stored.original_name,
                                content_type_for(stored.extension), reader=request.user,
                                owner=row)


urlpatterns = [
    path("material-requests/", request_list, name="material-requests"),
    path("material-requests/<id:pk>/", request_detail, name="material-request"),
    path("material-requests/<id:pk>/files/<id:file_pk>/", request_file,
         name="material-request-file"),
]
