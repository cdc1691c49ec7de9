"""Staff pages of the material requests flow (issue 19); its URLs are ``urlpatterns`` here,
gathered by ``duties/urls.py`` under /duties/: the intake list (answers waiting to be read are
the procuratorate's queue), a request's page with its actions, the request form reached from
the case page, and the files."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.permissions import case_to_work_on
from supervision.permissions import STAFF_ROLES, require_role
from supervision.service_errors import call_service, submit_form
from supervision.uploads import content_type_for, stored_file_response

from ..forms.material_requests import (
    AcceptForm,
    FollowUpForm,
    MaterialRequestFilter,
    MaterialRequestForm,
    WithdrawForm,
)
from ..models import MaterialRequestStatus
from ..permissions.material_requests import (
    can_act,
    get_request_file,
    get_request_for_staff,
    staff_visible,
)
from ..selectors.material_requests import follow_ups, list_rows, request_files, status_counts
from ..services import material_requests as services

PAGE_SIZE = 20


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    """The requests the viewer sees, filterable (status, agency, overdue, refused, dates),
    with the counts per status; the default view is the queue: answers waiting to be read."""
    require_role(request.user, STAFF_ROLES)
    visible = staff_visible(request.user)
    data = request.GET.copy()
    if not data:
        data["status"] = MaterialRequestStatus.ANSWERED
    rows = MaterialRequestFilter(data, queryset=visible, request=request)
    valid = rows.is_valid()
    qs = list_rows(rows.qs) if valid else visible.none()
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = data.copy()
    query.pop("page", None)
    counts = status_counts(visible)
    return render(request, "duties/material_requests/list.html", {
        "filter": rows, "page": page, "counts": counts, "query": query.urlencode(),
        "tabs": [(value, label, counts[value]) for value, label in MaterialRequestStatus.choices],
        "current_status": data.get("status", ""), "overdue_view": data.get("overdue") == "true",
        "errors": [] if valid else [e for errors in rows.errors.values() for e in errors],
    })


@login_required
def request_create(request: HttpRequest, case_pk: int) -> HttpResponse:
    """The request form, reached from the case page (its measures' 调取材料 link names one)."""
    case = case_to_work_on(request.user, case_pk)
    initial = {}
    if (measure := request.GET.get("measure", "")).isdigit():
        found = case.measures.filter(pk=int(measure)).first()
        if found is not None:
            initial = {"measure": found, "agency": found.agency}
    form = MaterialRequestForm(request.POST or None, request.FILES or None, case=case,
                               initial=initial)
    if request.method == "POST" and form.is_valid():
        done = call_service(request, lambda: services.material_request_send(
            actor=request.user, case=case, **form.cleaned_data), form=form,
            success=_("调取材料通知已发出，被调取单位的联络员已收到通知。"))
        if done:
            return redirect(done.value)
    return render(request, "duties/material_requests/form.html", {"case": case, "form": form})


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_request_for_staff(request.user, pk)
    may_act = can_act(request.user, row)
    return render(request, "duties/material_requests/detail.html", {
        "req": row, "case": row.case, "files": request_files(row), "follow_ups": follow_ups(row),
        "may_act": may_act, "accept_form": AcceptForm(), "withdraw_form": WithdrawForm(),
        "follow_up_form": FollowUpForm(),
    })


def _act(request: HttpRequest, pk: int, form_class, action, success: str) -> HttpResponse:
    row = get_request_for_staff(request.user, pk)
    form = form_class(request.POST, request.FILES or None)
    done = submit_form(request, form, lambda data: action(row, data), success=success)
    target = done.value if done and done.value.pk != row.pk else row
    return redirect(target)


@login_required
@require_POST
def request_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, AcceptForm, lambda row, data: services.material_request_accept(
        actor=request.user, request=row, note=data["note"]), _("已接收答复。"))


@login_required
@require_POST
def request_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, FollowUpForm, lambda row, data: services.material_request_follow_up(
        actor=request.user, request=row, **data), _("补充调取通知已发出。"))


@login_required
@require_POST
def request_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, WithdrawForm, lambda row, data: services.material_request_withdraw(
        actor=request.user, request=row, reason=data["reason"]), _("调取材料已撤回。"))


@login_required
def request_file(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    row = get_request_for_staff(request.user, pk)
    stored = get_request_file(row, file_pk)
    return stored_file_response(stored.file, stored.original_name,
                                content_type_for(stored.extension), reader=request.user,
                                owner=row)


urlpatterns = [
    path("material-requests/", request_list, name="material-requests"),
    path("material-requests/new/<id:case_pk>/", request_create, name="material-request-create"),
    path("material-requests/<id:pk>/", request_detail, name="material-request"),
    path("material-requests/<id:pk>/accept/", request_accept, name="material-request-accept"),
    path("material-requests/<id:pk>/follow-up/", request_follow_up,
         name="material-request-follow-up"),
    path("material-requests/<id:pk>/withdraw/", request_withdraw,
         name="material-request-withdraw"),
    path("material-requests/<id:pk>/files/<id:file_pk>/", request_file,
         name="material-request-file"),
]
