"""Pages for supervision cases: list, registration, the case page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from .selectors import case_timeline

from . import services
from .forms import CaseRegisterForm
from supervision.permissions import STAFF_ROLES, require_role

from .permissions import can_work_on_case, cases_visible_to, get_case_for_user


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    require_role(request.user, STAFF_ROLES)
    qs = cases_visible_to(request.user).select_related("kind", "matter", "agency", "handler")
    page = Paginator(qs.order_by("-accepted_on", "-pk"), 25).get_page(request.GET.get("page"))
    return render(request, "cases/list.html", {
        "page": page,
        "can_register": request.user.role in services.CASE_REGISTRAR_ROLES,
    })


@login_required
def case_create(request: HttpRequest) -> HttpResponse:
    require_role(request.user, services.CASE_REGISTRAR_ROLES)
    form = CaseRegisterForm(request.POST or None, user=request.user,
                            initial={"accepted_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.case_register(
                actor=request.user, matter=data["matter"], agency=data["agency"],
                title=data["title"], summary=data["summary"], clue_source=data["clue_source"],
                related_case_number=data["related_case_number"], juvenile=data["juvenile"],
                accepted_on=data["accepted_on"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("案件已登记，案号 %(number)s。") % {"number": case.number})
            return redirect(case)
    return render(request, "cases/form.html", {"form": form})


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    can_work = can_work_on_case(request.user, case)
    return render(request, "cases/detail.html", {
        "case": case,
        "can_work": can_work,
        "instruments": case.recommendations.select_related("instrument_type", "agency")
                                            .prefetch_related("replies").order_by("pk"),
        "timeline": case_timeline(case),
    })
