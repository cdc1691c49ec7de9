"""A case's hearings: schedule, invite, notify, hold, record opinions, conclude or cancel;
the hearing list; the notice and the record as PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.permissions import case_to_work_on
from supervision.pagination import paginate
from supervision.permissions import require_role
from supervision.service_errors import call_service, submit_form
from supervision.uploads import inline_pdf

from .. import documents, selectors, services
from ..choices import HearingStatus
from ..filtersets import HearingFilter
from ..forms import (
    CancelForm,
    ConcludeForm,
    HearingForm,
    HoldForm,
    NoticeForm,
    OpinionForm,
    ParticipantForm,
    hearing_initial,
)
from ..permissions import (
    HEARING_LIST_ROLES,
    can_handle_hearing,
    get_hearing_for_user,
    get_participant,
    hearing_to_handle,
    hearings_visible_to,
)
from ..transitions import ACTION_LABELS, allowed_actions


@login_required
def hearing_list(request: HttpRequest) -> HttpResponse:
    """The hearings of the cases the viewer may see, soonest first, filterable, with the counts
    by state and this year's figures."""
    require_role(request.user, HEARING_LIST_ROLES)
    visible = hearings_visible_to(request.user)
    hearing_filter = HearingFilter(request.GET or None, queryset=visible)
    rows = selectors.hearing_list_rows(hearing_filter.qs)
    today = timezone.localdate()
    return render(request, "hearings/list.html", {
        "filter": hearing_filter,
        "page": paginate(request, rows, ordering=("-scheduled_at", "-pk")),
        "counts": selectors.status_counts(visible),
        "statuses": HearingStatus.choices,
        "figures": selectors.period_figures(request.user, today.replace(month=1, day=1), today),
        "year": today.year,
    })


@login_required
def hearing_create(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = case_to_work_on(request.user, case_pk)
    form = HearingForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        done = call_service(request, lambda: services.hearing_schedule(
            actor=request.user, case=case, **form.cleaned_data), form=form,
            success=_("听证已安排，请添加参加人并登记通知。"))
        if done:
            return redirect(done.value)
    return render(request, "hearings/form.html", {
        "case": case, "form": form, "title": _("安排听证")})


@login_required
def hearing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    hearing = get_hearing_for_user(request.user, pk)
    page = selectors.hearing_page(hearing)
    actions = set(allowed_actions(request.user, hearing))
    return render(request, "hearings/detail.html", {
        "hearing": hearing,
        "case": hearing.case,
        "page": page,
        "actions": actions,
        "labels": ACTION_LABELS,
        "can_handle": can_handle_hearing(request.user, hearing),
        "notice_form": NoticeForm(hearing=hearing) if "notify" in actions else None,
        "cancel_form": CancelForm() if "cancel" in actions else None,
    })


@login_required
def hearing_edit(request: HttpRequest, pk: int) -> HttpResponse:
    hearing = hearing_to_handle(request.user, pk)
    form = HearingForm(request.POST or None, case=hearing.case,
                       initial=hearing_initial(hearing))
    if request.method == "POST" and form.is_valid():
        done = call_service(request, lambda: services.hearing_update(
            actor=request.user, hearing=hearing, **form.cleaned_data), form=form,
            success=_("听证安排已修改。时间或地点有变的，请重新通知参加人。"))
        if done:
            return redirect(hearing)
    return render(request, "hearings/form.html", {
        "case": hearing.case, "hearing": hearing, "form": form, "title": _("修改听证安排")})


@login_required
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    hearing = hearing_to_handle(request.user, pk)
    form = ParticipantForm(request.POST or None, hearing=hearing)
    if request.method == "POST" and form.is_valid():
        done = call_service(request, lambda: services.participant_add(
            actor=request.user, hearing=hearing, **form.cleaned_data), form=form,
            success=_("参加人已添加。"))
        if done:
            return redirect(hearing)
    return render(request, "hearings/form.html", {
        "case": hearing.case, "hearing": hearing, "form": form, "title": _("添加听证参加人"),
        "script": True})


@login_required
@require_POST
def participant_remove(request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    hearing = hearing_to_handle(request.user, pk)
    participant = get_participant(hearing, participant_pk)
    call_service(request, lambda: services.participant_remove(
        actor=request.user, hearing=hearing, participant=participant),
        success=_("已移除参加人。"))
    return redirect(hearing)


@login_required
@require_POST
def notice_send(request: HttpRequest, pk: int) -> HttpResponse:
    hearing = hearing_to_handle(request.user, pk)
    submit_form(request, NoticeForm(request.POST, hearing=hearing),
                lambda data: services.notice_record(actor=request.user, hearing=hearing, **data),
                success=_("已登记听证通知。"))
    return redirect(hearing)


@login_required
def hearing_hold(request: HttpRequest, pk: int) -> HttpResponse:
    hearing = hearing_to_handle(request.user, pk)
    form = HoldForm(request.POST or None, hearing=hearing)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = call_service(request, lambda: services.hearing_hold(
            actor=request.user, hearing=hearing, held_at=data["held_at"], record=data["record"],
            recorder=data["recorder"], attended=[p.pk for p in data["attended"]]), form=form,
            success=_("已登记听证举行情况，请记录听证员的意见。"))
        if done:
            return redirect(hearing)
    return render(request, "hearings/form.html", {
        "case": hearing.case, "hearing": hearing, "form": form, "title": _("登记举行情况")})


@login_required
def opinion_record(request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    hearing = hearing_to_handle(request.user, pk)
    participant = get_participant(hearing, participant_pk)
    form = OpinionForm(request.POST or None,
                       initial={"opinion": participant.opinion, "stance": participant.stance})
    if request.method == "POST" and form.is_valid():
        done = call_service(request, lambda: services.opinion_record(
            actor=request.user, hearing=hearing, participant=participant, **form.cleaned_data),
            form=form, success=_("意见已记录。"))
        if done:
            return redirect(hearing)
    return render(request, "hearings/form.html", {
        "case": hearing.case, "hearing": hearing, "form": form,
        "title": _("记录%(name)s的意见") % {"name": participant.name},
        "notice": hearing.proposed_handling and _("拟处理意见：%(text)s") % {
            "text": hearing.proposed_handling}})


@login_required
def hearing_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    hearing = hearing_to_handle(request.user, pk)
    if "conclude" not in allowed_actions(request.user, hearing) and request.method == "GET":
        raise Http404
    form = ConcludeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(request, lambda: services.hearing_conclude(
            actor=request.user, hearing=hearing, **form.cleaned_data), form=form,
            success=_("听证结论已登记。"))
        if done:
            return redirect(hearing)
    page = selectors.hearing_page(hearing)
    return render(request, "hearings/conclude.html", {
        "case": hearing.case, "hearing": hearing, "form": form, "page": page,
        "title": _("登记听证结论")})


@login_required
@require_POST
def hearing_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    hearing = hearing_to_handle(request.user, pk)
    submit_form(request, CancelForm(request.POST),
                lambda data: services.hearing_cancel(actor=request.user, hearing=hearing, **data),
                success=_("听证已取消。"))
    return redirect(hearing)


@login_required
def notice_pdf(request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    """The 听证通知书 to one participant, for whoever may see the hearing."""
    hearing = get_hearing_for_user(request.user, pk)
    participant = get_participant(hearing, participant_pk)
    return inline_pdf(documents.render_notice_pdf(hearing, participant),
                         f"听证通知书-{participant.name}.pdf")


@login_required
def record_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The 听证笔录, for whoever may see the hearing."""
    hearing = get_hearing_for_user(request.user, pk)
    return inline_pdf(documents.render_record_pdf(hearing),
                         f"听证笔录-{hearing.case.number}.pdf")
