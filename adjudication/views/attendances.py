"""The attendances at the court's adjudication committee: the list, recording a notice (from
the list or a case's page), the record's page and its steps, the documents as PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.permissions import get_case_for_user
from supervision.pagination import paginate
from supervision.permissions import require_role
from supervision.service_errors import call_service, submit_form
from supervision.uploads import inline_pdf

from .. import documents, selectors, services
from ..choices import ADOPTIONS_WITH_FOLLOW_UP, AttendanceStatus
from ..filtersets import AttendanceFilter
from ..forms import (
    AttendanceForm,
    AttendForm,
    DecideForm,
    EntrustForm,
    FollowUpForm,
    ReasonForm,
    attendance_initial,
)
from ..models import NOTICE_DAYS, Attendance
from ..permissions import (
    LIST_ROLES,
    attendance_to_handle,
    attendances_visible_to,
    get_attendance_for_user,
    may_record_notice,
)
from ..transitions import ACTION_LABELS, allowed_actions


@login_required
def attendance_list(request: HttpRequest) -> HttpResponse:
    """The attendances the viewer may see, newest meeting first, filterable, with the counts by
    state and this year's figures."""
    require_role(request.user, LIST_ROLES)
    visible = attendances_visible_to(request.user)
    attendance_filter = AttendanceFilter(request.GET or None, queryset=visible)
    rows = selectors.list_rows(attendance_filter.qs)
    today = timezone.localdate()
    return render(request, "adjudication/list.html", {
        "filter": attendance_filter,
        "page": paginate(request, rows, ordering=("-meeting_at", "-pk")),
        "counts": selectors.status_counts(visible),
        "statuses": AttendanceStatus.choices,
        "figures": selectors.period_figures(request.user, today.replace(month=1, day=1), today),
        "year": today.year,
        "can_record": may_record_notice(request.user),
    })


def _create(request: HttpRequest, case=None) -> HttpResponse:
    procuratorate_id = case.procuratorate_id if case is not None else request.user.procuratorate_id
    form = AttendanceForm(request.POST or None, user=request.user,
                          procuratorate_id=procuratorate_id, case=case)
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        if case is not None:
            values["case"] = case
        done = call_service(request, lambda: services.attendance_create(
            actor=request.user, **values), form=form,
            success=_("已登记审判委员会会议通知，请做好列席准备。"))
        if done:
            return redirect(done.value)
    return render(request, "adjudication/form.html", {
        "case": case, "form": form, "title": _("登记审判委员会会议通知")})


@login_required
def attendance_create(request: HttpRequest) -> HttpResponse:
    """A notice not tied to one of the procuratorate's cases (or tied by its number): the
    chief and the department heads."""
    if not may_record_notice(request.user):
        raise Http404
    return _create(request)


@login_required
def attendance_create_for_case(request: HttpRequest, case_pk: int) -> HttpResponse:
    """A notice about one of the procuratorate's cases, from the case's page."""
    case = get_case_for_user(request.user, case_pk)
    if not may_record_notice(request.user, case) or (
            case.procuratorate_id != request.user.procuratorate_id):
        raise Http404
    return _create(request, case)


@login_required
def attendance_detail(request: HttpRequest, pk: int) -> HttpResponse:
    attendance = get_attendance_for_user(request.user, pk)
    actions = set(allowed_actions(request.user, attendance))
    return render(request, "adjudication/detail.html", {
        "attendance": attendance,
        "actions": actions,
        "labels": ACTION_LABELS,
        "notice_days": NOTICE_DAYS,
        "follow_up_adoptions": sorted(ADOPTIONS_WITH_FOLLOW_UP),
    })


def _step(request: HttpRequest, attendance: Attendance, action: str, form, call, *,
          title: str, success: str, notice: str = "") -> HttpResponse:
    """A step's page: 404 on a GET the viewer cannot take now; on a POST the service says
    why (a refusal is shown on the form)."""
    if request.method == "GET" and action not in allowed_actions(request.user, attendance):
        raise Http404
    if request.method == "POST" and form.is_valid():
        done = call_service(request, lambda: call(form.cleaned_data), form=form, success=success)
        if done:
            return redirect(attendance)
    return render(request, "adjudication/form.html", {
        "attendance": attendance, "case": attendance.case, "form": form, "title": title,
        "notice": notice})


@login_required
def attendance_edit(request: HttpRequest, pk: int) -> HttpResponse:
    attendance = attendance_to_handle(request.user, pk)
    form = AttendanceForm(request.POST or None, user=request.user,
                          procuratorate_id=attendance.procuratorate_id,
                          initial=attendance_initial(attendance))
    return _step(request, attendance, "edit", form,
                 lambda data: services.attendance_update(
                     actor=request.user, attendance=attendance, **form.service_values()),
                 title=str(ACTION_LABELS["edit"]), success=_("已保存。"))


@login_required
def attendance_entrust(request: HttpRequest, pk: int) -> HttpResponse:
    attendance = attendance_to_handle(request.user, pk)
    form = EntrustForm(request.POST or None, attendance=attendance)
    return _step(request, attendance, "entrust", form,
                 lambda data: services.attendance_entrust(
                     actor=request.user, attendance=attendance, **data),
                 title=str(ACTION_LABELS["entrust"]), success=_("委托已登记。"),
                 notice=_("检察长不能列席时，可以委托副检察长列席同级人民法院审判委员会会议。"))


@login_required
def attendance_attend(request: HttpRequest, pk: int) -> HttpResponse:
    attendance = attendance_to_handle(request.user, pk)
    form = AttendForm(request.POST or None, attendance=attendance, actor=request.user)
    return _step(request, attendance, "attend", form,
                 lambda data: services.attendance_attend(
                     actor=request.user, attendance=attendance, **data),
                 title=str(ACTION_LABELS["attend"]),
                 success=_("已登记列席情况，审判委员会作出决定后请登记结果。"),
                 notice=attendance.agenda and _("会议议程：%(text)s") % {"text": attendance.agenda})


@login_required
def attendance_decide(request: HttpRequest, pk: int) -> HttpResponse:
    attendance = attendance_to_handle(request.user, pk)
    form = DecideForm(request.POST or None, attendance=attendance)
    return _step(request, attendance, "decide", form,
                 lambda data: services.attendance_decide(
                     actor=request.user, attendance=attendance, **data),
                 title=str(ACTION_LABELS["decide"]), success=_("审判委员会决定已登记。"),
                 notice=_("本院发表的意见：%(text)s") % {"text": attendance.opinion})


@login_required
def attendance_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    attendance = attendance_to_handle(request.user, pk)
    form = FollowUpForm(request.POST or None, attendance=attendance)
    return _step(request, attendance, "follow_up", form,
                 lambda data: services.attendance_follow_up(
                     actor=request.user, attendance=attendance, **data),
                 title=str(ACTION_LABELS["follow_up"]), success=_("后续监督情况已登记。"))


@login_required
@require_POST
def attendance_absent(request: HttpRequest, pk: int) -> HttpResponse:
    attendance = attendance_to_handle(request.user, pk)
    submit_form(request, ReasonForm(request.POST),
                lambda data: services.attendance_absent(
                    actor=request.user, attendance=attendance, **data),
                success=_("已登记未列席。"))
    return redirect(attendance)


@login_required
@require_POST
def attendance_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    attendance = attendance_to_handle(request.user, pk)
    submit_form(request, ReasonForm(request.POST),
                lambda data: services.attendance_cancel(
                    actor=request.user, attendance=attendance, **data),
                success=_("已取消。"))
    return redirect(attendance)


@login_required
def opinion_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """列席审判委员会会议意见 (the draft before the meeting), for whoever may see the record."""
    attendance = get_attendance_for_user(request.user, pk)
    return inline_pdf(documents.render_opinion_pdf(attendance),
                         f"列席审判委员会会议意见-{attendance.pk}.pdf")


@login_required
def record_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """列席审判委员会会议情况记录, for whoever may see the record."""
    attendance = get_attendance_for_user(request.user, pk)
    return inline_pdf(documents.render_record_pdf(attendance),
                         f"列席审判委员会会议情况记录-{attendance.pk}.pdf")
