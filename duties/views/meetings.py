"""Staff pages of the meetings flow (issue 19): the meeting list, a meeting with its minutes
and tasks, the forms, and the intake queue of tasks an agency finished (to confirm) or that
are overdue. Its URLs are ``urlpatterns`` here, gathered by ``duties/urls.py`` under /duties/.

Thin: each view resolves access through ``duties.permissions.meetings`` (404 for what the user
may not see or work on), validates with a form, calls one service or selector."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from supervision.forms import filter_chips
from supervision.permissions import STAFF_ROLES, require_role
from supervision.service_errors import call_service, submit_form
from supervision.services.once import submit_once
from supervision.uploads import stored_file_response

from ..forms.meetings import (
    MeetingFilter,
    MeetingForm,
    MinutesForm,
    QueueForm,
    ReasonForm,
    TaskCloseForm,
    TaskForm,
)
from ..models import MeetingFile
from ..permissions.meetings import (
    can_create_meeting,
    can_manage_meeting,
    get_meeting_for_user,
    get_task_for_user,
    meetings_visible_to,
)
from ..selectors import meetings as selectors
from ..services import meetings as services

PAGE_SIZE = 20


def _meeting_args(data: dict) -> dict:
    return {"kind": data["kind"], "title": data["title"], "held_on": data["held_on"],
            "place": data["place"], "topics": data["topics"],
            "agencies": list(data["agencies"]), "participants": list(data["participants"]),
            "cases": data["case_numbers"]}


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    """The meetings the user may see, filtered, newest first, paginated, with task counts."""
    require_role(request.user, STAFF_ROLES)
    visible = meetings_visible_to(request.user)
    meeting_filter = MeetingFilter(request.GET or None, queryset=visible, user=request.user)
    rows = selectors.meeting_list_rows(
        meeting_filter.qs if meeting_filter.is_bound else visible, timezone.localdate())
    if meeting_filter.is_bound and not meeting_filter.is_valid():
        rows = rows.none()  # a bad value never drops a condition
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "duties/meetings/list.html", {
        "filter": meeting_filter, "page": page, "query": query.urlencode(),
        "chips": filter_chips(meeting_filter.form, request.GET),
        "counts": selectors.queue_counts(request.user, timezone.localdate()),
        "can_create": can_create_meeting(request.user),
    })


@login_required
def meeting_queue(request: HttpRequest) -> HttpResponse:
    """The intake queue: tasks an agency marked done awaiting confirmation, and open tasks past
    their agreed date — counted per view."""
    require_role(request.user, STAFF_ROLES)
    today = timezone.localdate()
    form = QueueForm(request.GET)
    view = form.cleaned_data["view"] if form.is_valid() else None
    rows = selectors.queue_rows(request.user, view, today)
    if not form.is_valid():
        rows = rows.none()
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.queue_counts(request.user, today)
    return render(request, "duties/meetings/queue.html", {
        "form": form, "view": view or "", "page": page, "counts": counts,
        "total": counts["awaiting"] + counts["overdue"],
        "query": urlencode({"view": view} if view else {}),
        "tabs": [("", _("全部待办"), counts["awaiting"] + counts["overdue"]),
                 (selectors.AWAITING, _("单位已完成待确认"), counts["awaiting"]),
                 (selectors.OVERDUE, _("逾期未完成"), counts["overdue"])],
    })


@login_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    require_role(request.user, STAFF_ROLES)
    if not can_create_meeting(request.user):
        raise Http404
    form = MeetingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        done = submit_once(request, lambda: call_service(request, lambda: services.meeting_create(
            actor=request.user, **_meeting_args(form.cleaned_data)), form=form,
            success=_("会议已登记。请填写纪要和议定事项，定稿后参会单位即可查看。")),
            result_url=lambda meeting: meeting.get_absolute_url(),
            fallback=reverse("duties:meetings"))
        if done:
            return done
    return render(request, "duties/meetings/form.html", {
        "form": form, "title": _("登记联席会议/案件会商"), "once": True,
        "cancel": reverse("duties:meetings")})


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One meeting: its particulars, minutes, files and tasks, with the actions the user may
    take on each (the task table decides)."""
    require_role(request.user, STAFF_ROLES)
    meeting = get_meeting_for_user(request.user, pk)
    tasks = selectors.meeting_tasks(meeting)
    rows = [(task, services.task_allowed_actions(request.user, task)) for task in tasks]
    return render(request, "duties/meetings/detail.html", {
        "meeting": meeting, "rows": rows,
        "agencies": list(meeting.agencies.order_by("name")),
        "participants": list(meeting.participants.order_by("display_name")),
        "cases": list(meeting.cases.all()),
        "files": selectors.minutes_files(meeting),
        "can_manage": can_manage_meeting(request.user, meeting),
        "reason_form": ReasonForm(),
        "today": timezone.localdate(),
    })


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, STAFF_ROLES)
    meeting = get_meeting_for_user(request.user, pk, manage=True)
    form = MeetingForm(request.POST or None, user=request.user,
                       initial=MeetingForm.initial_for(meeting))
    if request.method == "POST" and form.is_valid():
        done = call_service(request, lambda: services.meeting_update(
            actor=request.user, meeting=meeting, **_meeting_args(form.cleaned_data)), form=form,
            success=_("会议信息已保存。"))
        if done:
            return redirect(meeting)
    return render(request, "duties/meetings/form.html", {
        "form": form, "title": _("修改会议信息"), "meeting": meeting,
        "cancel": meeting.get_absolute_url()})


@login_required
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, STAFF_ROLES)
    meeting = get_meeting_for_user(request.user, pk, manage=True)
    form = MinutesForm(request.POST or None, request.FILES or None,
                       initial={"minutes": meeting.minutes})
    if request.method == "POST" and form.is_valid():
        done = call_service(request, lambda: services.meeting_save_minutes(
            actor=request.user, meeting=meeting, minutes=form.cleaned_data["minutes"],
            files=form.cleaned_data["files"]), form=form, success=_("会议纪要已保存。"))
        if done:
            return redirect(meeting)
    return render(request, "duties/meetings/form.html", {
        "form": form, "title": _("会议纪要"), "meeting": meeting, "multipart": True,
        "cancel": meeting.get_absolute_url()})


@login_required
@require_POST
def meeting_record(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, STAFF_ROLES)
    meeting = get_meeting_for_user(request.user, pk, manage=True)
    call_service(request, lambda: services.meeting_record(actor=request.user, meeting=meeting),
                 success=_("纪要已定稿，已通知参会单位；议定事项开始计算期限。"))
    return redirect(meeting)


@login_required
@require_POST
def meeting_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, STAFF_ROLES)
    meeting = get_meeting_for_user(request.user, pk, manage=True)
    if call_service(request, lambda: services.meeting_delete(actor=request.user, meeting=meeting),
                    success=_("会议已删除。")):
        return redirect("duties:meetings")
    return redirect(meeting)


@login_required
def task_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, STAFF_ROLES)
    meeting = get_meeting_for_user(request.user, pk, manage=True)
    form = TaskForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        owner_user, owner_agency = form.cleaned_data["owner"]
        done = submit_once(request, lambda: call_service(
            request, lambda: services.meeting_task_add(
                actor=request.user, meeting=meeting, description=form.cleaned_data["description"],
                due_date=form.cleaned_data["due_date"], owner_user=owner_user,
                owner_agency=owner_agency), form=form, success=_("议定事项已添加。")),
            result_url=lambda task: meeting.get_absolute_url(), fallback=meeting.get_absolute_url())
        if done:
            return done
    return render(request, "duties/meetings/form.html", {
        "form": form, "title": _("添加议定事项"), "meeting": meeting, "once": True,
        "cancel": meeting.get_absolute_url()})


@login_required
def task_edit(request: HttpRequest, pk: int, task: int) -> HttpResponse:
    require_role(request.user, STAFF_ROLES)
    meeting = get_meeting_for_user(request.user, pk, manage=True)
    row = get_task_for_user(request.user, meeting, task)
    if "edit" not in services.task_allowed_actions(request.user, row):
        messages.error(request, _("已完成的议定事项不能修改；如需继续办理，请先重新办理。"))
        return redirect(meeting)
    form = TaskForm(request.POST or None, meeting=meeting, initial=TaskForm.initial_for(row))
    if request.method == "POST" and form.is_valid():
        owner_user, owner_agency = form.cleaned_data["owner"]
        done = call_service(request, lambda: services.meeting_task_update(
            actor=request.user, task=row, description=form.cleaned_data["description"],
            due_date=form.cleaned_data["due_date"], owner_user=owner_user,
            owner_agency=owner_agency, reason=form.cleaned_data.get("reason", "")),
            form=form, success=_("议定事项已保存。"))
        if done:
            return redirect(meeting)
    return render(request, "duties/meetings/form.html", {
        "form": form, "title": _("修改议定事项"), "meeting": meeting, "task": row,
        "cancel": meeting.get_absolute_url()})


@login_required
def task_close(request: HttpRequest, pk: int, task: int) -> HttpResponse:
    """Close a task: its staff owner, or the convener's staff (on the owner's word)."""
    require_role(request.user, STAFF_ROLES)
    meeting = get_meeting_for_user(request.user, pk)
    row = get_task_for_user(request.user, meeting, task)
    if "close" not in services.task_allowed_actions(request.user, row):
        raise Http404
    form = TaskCloseForm(request.POST or None, request.FILES or None,
                         initial={"done_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        done = submit_once(request, lambda: call_service(
            request, lambda: services.meeting_task_close(
                actor=request.user, task=row, done_on=form.cleaned_data["done_on"],
                note=form.cleaned_data["note"], files=form.cleaned_data["files"]),
            form=form, success=_("议定事项已办结。")),
            result_url=lambda task: row.get_absolute_url(), fallback=meeting.get_absolute_url())
        if done:
            return done
    return render(request, "duties/meetings/form.html", {
        "form": form, "title": _("办结议定事项"), "meeting": meeting, "task": row,
        "multipart": True, "once": True, "cancel": meeting.get_absolute_url()})


@login_required
@require_POST
def task_confirm(request: HttpRequest, pk: int, task: int) -> HttpResponse:
    require_role(request.user, STAFF_ROLES)
    meeting = get_meeting_for_user(request.user, pk, manage=True)
    row = get_task_for_user(request.user, meeting, task)
    call_service(request, lambda: services.meeting_task_confirm(actor=request.user, task=row),
                 success=_("已确认该事项完成，已通知承办单位。"))
    return redirect(request.POST.get("next") == "queue" and reverse("duties:meeting-queue")
                    or row.get_absolute_url())


@login_required
@require_POST
def task_reopen(request: HttpRequest, pk: int, task: int) -> HttpResponse:
    require_role(request.user, STAFF_ROLES)
    meeting = get_meeting_for_user(request.user, pk, manage=True)
    row = get_task_for_user(request.user, meeting, task)
    submit_form(request, ReasonForm(request.POST), lambda data: services.meeting_task_reopen(
        actor=request.user, task=row, reason=data["reason"]),
        success=_("该事项已退回重新办理，已通知承办人。"))
    return redirect(row.get_absolute_url())


@login_required
@require_POST
def task_remove(request: HttpRequest, pk: int, task: int) -> HttpResponse:
    require_role(request.user, STAFF_ROLES)
    meeting = get_meeting_for_user(request.user, pk, manage=True)
    row = get_task_for_user(request.user, meeting, task)
    call_service(request, lambda: services.meeting_task_remove(actor=request.user, task=row),
                 success=_("议定事项已删除。"))
    return redirect(meeting)


@login_required
def meeting_file(request: HttpRequest, pk: int, file: int) -> HttpResponse:
    require_role(request.user, STAFF_ROLES)
    meeting = get_meeting_for_user(request.user, pk)
    row = MeetingFile.objects.filter(meeting=meeting, pk=file).first()
    if row is None:
        raise Http404
    return stored_file_response(row.file, row.original_name, reader=request.user, owner=meeting)


urlpatterns = [
    path("meetings/", meeting_list, name="meetings"),
    path("meetings/new/", meeting_create, name="meeting-create"),
    path("meetings/queue/", meeting_queue, name="meeting-queue"),
    path("meetings/<id:pk>/", meeting_detail, name="meeting-detail"),
    path("meetings/<id:pk>/edit/", meeting_edit, name="meeting-edit"),
    path("meetings/<id:pk>/minutes/", meeting_minutes, name="meeting-minutes"),
    path("meetings/<id:pk>/record/", meeting_record, name="meeting-record"),
    path("meetings/<id:pk>/delete/", meeting_delete, name="meeting-delete"),
    path("meetings/<id:pk>/tasks/new/", task_add, name="meeting-task-add"),
    path("meetings/<id:pk>/tasks/<id:task>/edit/", task_edit, name="meeting-task-edit"),
    path("meetings/<id:pk>/tasks/<id:task>/close/", task_close, name="meeting-task-close"),
    path("meetings/<id:pk>/tasks/<id:task>/confirm/", task_confirm, name="meeting-task-confirm"),
    path("meetings/<id:pk>/tasks/<id:task>/reopen/", task_reopen, name="meeting-task-reopen"),
    path("meetings/<id:pk>/tasks/<id:task>/remove/", task_remove, name="meeting-task-remove"),
    path("meetings/<id:pk>/files/<id:file>/", meeting_file, name="meeting-file"),
]
