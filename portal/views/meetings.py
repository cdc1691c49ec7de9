"""The liaison's pages of the meetings flow (issue 19): the meetings their agency took part
in (once the minutes are recorded), one meeting's minutes and tasks, and marking the agency's
own task done with a note and files — at phone width. Its URLs are ``urlpatterns`` here,
gathered by ``portal/urls.py`` under /portal/.

Access: ``duties.permissions.meetings`` (an agency not at the meeting gets 404, by every
route); a task's completion note and files are shown only for the agency's own tasks."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from duties.forms.meetings import TaskCloseForm
from duties.models import MeetingFile, MeetingTaskStatus
from duties.permissions.meetings import (
    can_see_task_completion,
    get_meeting_for_user,
    get_task_for_user,
    is_task_owner,
)
from duties.selectors import meetings as selectors
from duties.services import meetings as services
from portal.views.switching import offer_agency_switch
from supervision.permissions import LIAISON_ROLES, require_role
from supervision.service_errors import call_service
from supervision.services.once import submit_once
from supervision.uploads import stored_file_response

PAGE_SIZE = 20


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    """The meetings the liaison's agency took part in, newest first, with its own open and
    overdue tasks counted."""
    require_role(request.user, LIAISON_ROLES)
    page = Paginator(selectors.portal_meetings(request.user), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "portal/meetings/list.html", {
        "page": page, "query": "",
        "pending": selectors.agency_pending(request.user).count()})


@login_required
@offer_agency_switch(get_meeting_for_user)
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, LIAISON_ROLES)
    meeting = get_meeting_for_user(request.user, pk)
    tasks = selectors.meeting_tasks(meeting)
    user = request.user
    rows = [(task, is_task_owner(user, task), can_see_task_completion(user, task))
            for task in tasks]
    rows.sort(key=lambda r: (not r[1], r[0].status != MeetingTaskStatus.OPEN, r[0].due_date))
    return render(request, "portal/meetings/detail.html", {
        "meeting": meeting, "rows": rows,
        "agencies": list(meeting.agencies.order_by("name")),
        "files": selectors.minutes_files(meeting)})


@login_required
def task_close(request: HttpRequest, pk: int, task: int) -> HttpResponse:
    """Mark the agency's own task done: the note, the date and files (one submit)."""
    require_role(request.user, LIAISON_ROLES)
    meeting = get_meeting_for_user(request.user, pk)
    row = get_task_for_user(request.user, meeting, task)
    if not is_task_owner(request.user, row):
        raise Http404  # another participant's task: read on the meeting page, not closed here
    if row.status != MeetingTaskStatus.OPEN:
        return redirect(row.get_portal_url())
    form = TaskCloseForm(request.POST or None, request.FILES or None,
                         initial={"done_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        done = submit_once(request, lambda: call_service(
            request, lambda: services.meeting_task_close(
                actor=request.user, task=row, done_on=form.cleaned_data["done_on"],
                note=form.cleaned_data["note"], files=form.cleaned_data["files"]),
            form=form, success=_("已报告完成，等待检察院确认。")),
            result_url=lambda task: row.get_portal_url(), fallback=row.get_portal_url())
        if done:
            return done
    return render(request, "portal/meetings/close.html", {
        "meeting": meeting, "task": row, "form": form})


@login_required
def meeting_file(request: HttpRequest, pk: int, file: int) -> HttpResponse:
    """A minutes file, or a completion file of the agency's own task."""
    require_role(request.user, LIAISON_ROLES)
    meeting = get_meeting_for_user(request.user, pk)
    row = MeetingFile.objects.select_related("task").filter(meeting=meeting, pk=file).first()
    if row is None or (row.task is not None and not can_see_task_completion(request.user,
                                                                            row.task)):
        raise Http404
    return stored_file_response(row.file, row.original_name, reader=request.user, owner=meeting)


urlpatterns = [
    path("meetings/", meeting_list, name="meetings"),
    path("meetings/<id:pk>/", meeting_detail, name="meeting-detail"),
    path("meetings/<id:pk>/tasks/<id:task>/done/", task_close, name="meeting-task-close"),
    path("meetings/<id:pk>/files/<id:file>/", meeting_file, name="meeting-file"),
]
