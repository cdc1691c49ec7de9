"""The register of people's supervisors: the list (filterable), one entry with the hearings
they were invited to, and the department heads' and chief's forms to keep it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from supervision.pagination import paginate
from supervision.permissions import require_role
from supervision.service_errors import call_service

from .. import selectors, services
from ..filtersets import SupervisorFilter
from ..forms import SupervisorForm
from ..permissions import (
    REGISTER_READER_ROLES,
    can_keep_register,
    get_supervisor_for_user,
    may_keep_a_register,
    supervisors_visible_to,
)


@login_required
def supervisor_list(request: HttpRequest) -> HttpResponse:
    require_role(request.user, REGISTER_READER_ROLES)
    register = SupervisorFilter(request.GET or None,
                                queryset=supervisors_visible_to(request.user))
    rows = selectors.supervisor_list_rows(register.qs)
    page = paginate(request, rows, ordering=("name", "pk"), page_size=50)
    today = timezone.localdate()
    for row in page.rows:
        row.shown_availability = row.availability(today)
        row.invitable = row.available_on(today)
    return render(request, "hearings/supervisors.html", {
        "filter": register, "page": page, "can_keep": may_keep_a_register(request.user)})


@login_required
def supervisor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    supervisor = get_supervisor_for_user(request.user, pk)
    return render(request, "hearings/supervisor_detail.html", {
        "supervisor": supervisor,
        "availability": supervisor.availability(timezone.localdate()),
        "participations": selectors.supervisor_participations(supervisor, request.user),
        "can_keep": can_keep_register(request.user, supervisor.procuratorate_id)})


@login_required
def supervisor_create(request: HttpRequest) -> HttpResponse:
    if not may_keep_a_register(request.user):
        raise Http404
    form = SupervisorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(request, lambda: services.people_supervisor_create(
            actor=request.user, **form.cleaned_data), form=form,
            success=_("人民监督员已登记。"))
        if done:
            return redirect(done.value)
    return render(request, "hearings/supervisor_form.html", {
        "form": form, "title": _("登记人民监督员")})


@login_required
def supervisor_edit(request: HttpRequest, pk: int) -> HttpResponse:
    supervisor = get_supervisor_for_user(request.user, pk)
    if not can_keep_register(request.user, supervisor.procuratorate_id):
        raise Http404
    # Bound to a copy: the form's validation writes its values onto its instance.
    form = SupervisorForm(request.POST or None,
                          instance=type(supervisor).objects.get(pk=supervisor.pk))
    if request.method == "POST" and form.is_valid():
        done = call_service(request, lambda: services.people_supervisor_update(
            actor=request.user, supervisor=supervisor, **form.cleaned_data), form=form,
            success=_("人民监督员信息已保存。"))
        if done:
            return redirect(supervisor)
    return render(request, "hearings/supervisor_form.html", {
        "form": form, "supervisor": supervisor, "title": _("修改人民监督员信息")})
