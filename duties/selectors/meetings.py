"""Reads of the meetings flow: the pages' lists and counts, the queues the dashboards count,
the figures the statistics and scorecards count. Every list starts from what the viewer may
see (``duties.permissions.meetings``)."""

from __future__ import annotations

import datetime

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from supervision.models import User
from supervision.permissions import STAFF_ROLES

from ..models import (
    JointMeeting,
    MeetingFile,
    MeetingStatus,
    MeetingTask,
    MeetingTaskStatus,
)
from ..permissions.meetings import meetings_visible_to, tasks_visible_to

S = MeetingTaskStatus

#: The intake queue's views: done by an agency and awaiting confirmation; open and overdue.
AWAITING, OVERDUE = "awaiting", "overdue"


def awaiting_confirmation_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}status": S.DONE, f"{prefix}owner_agency__isnull": False,
                f"{prefix}confirmed_at__isnull": True})


def queue_q(view: str | None, today: datetime.date) -> Q:
    awaiting = awaiting_confirmation_q()
    overdue = MeetingTask.overdue_q(today)
    return {AWAITING: awaiting, OVERDUE: overdue}.get(view or "", awaiting | overdue)


def staff_pending(user: User) -> QuerySet[MeetingTask]:
    """Tasks waiting for the procuratorate: an agency's completion to confirm, or an open task
    past its agreed date. None for anyone but the procuratorate's staff (a liaison's own
    work is :func:`agency_pending`)."""
    if user.role not in STAFF_ROLES:
        return MeetingTask.objects.none()
    return tasks_visible_to(user).filter(queue_q(None, timezone.localdate()))


def agency_pending(user: User) -> QuerySet[MeetingTask]:
    """The liaison's agency's open tasks of the meetings it sees."""
    if user.agency_id is None:
        return MeetingTask.objects.none()
    return tasks_visible_to(user).filter(owner_agency_id=user.agency_id, status=S.OPEN)


def queue_rows(user: User, view: str | None, today: datetime.date) -> QuerySet[MeetingTask]:
    return (tasks_visible_to(user).filter(queue_q(view, today))
            .select_related("meeting", "owner_agency", "owner_user")
            .order_by("due_date", "pk"))


def queue_counts(user: User, today: datetime.date) -> dict[str, int]:
    """Both views' counts in one aggregate."""
    return tasks_visible_to(user).aggregate(
        awaiting=Count("pk", filter=awaiting_confirmation_q()),
        overdue=Count("pk", filter=MeetingTask.overdue_q(today)))


def meeting_list_rows(queryset: QuerySet[JointMeeting], today: datetime.date
                      ) -> QuerySet[JointMeeting]:
    """A page of meetings with their task counts (one query with the aggregate)."""
    return (queryset.select_related("procuratorate")
            .annotate(task_count=Count("tasks", distinct=True),
                      open_count=Count("tasks", filter=Q(tasks__status=S.OPEN), distinct=True),
                      overdue_count=Count("tasks", filter=Q(tasks__status=S.OPEN,
                                                            tasks__due_date__lt=today),
                                          distinct=True))
            .prefetch_related("agencies")
            .order_by("-held_on", "-pk"))


def meeting_tasks(meeting: JointMeeting) -> list[MeetingTask]:
    """The meeting's tasks with their owners and files (two queries)."""
    return list(meeting.tasks.select_related("owner_agency", "owner_user", "closed_by",
                                             "confirmed_by", "meeting")
                .prefetch_related(Prefetch("files", MeetingFile.objects.order_by("pk")))
                .order_by("due_date", "pk"))


def minutes_files(meeting: JointMeeting) -> list[MeetingFile]:
    return list(meeting.files.filter(task__isnull=True).select_related("uploaded_by"))


def portal_meetings(user: User) -> QuerySet[JointMeeting]:
    """The liaison's meetings, newest first, with their own agency's open and overdue counts."""
    today = timezone.localdate()
    mine = Q(tasks__owner_agency_id=user.agency_id)
    return (meetings_visible_to(user).select_related("procuratorate")
            .annotate(own_open=Count("tasks", filter=mine & Q(tasks__status=S.OPEN)),
                      own_overdue=Count("tasks", filter=mine & Q(tasks__status=S.OPEN,
                                                                 tasks__due_date__lt=today)))
            .order_by("-held_on", "-pk"))


# --- figures (duties.registry.FlowFigure.rows) ---------------------------------------------

def meetings_held(start: datetime.date, end: datetime.date) -> QuerySet[JointMeeting]:
    return JointMeeting.objects.filter(status=MeetingStatus.RECORDED, held_on__gte=start,
                                       held_on__lte=end)


def tasks_agreed(start: datetime.date, end: datetime.date) -> QuerySet[MeetingTask]:
    return MeetingTask.objects.exclude(status=S.DRAFT).filter(
        meeting__held_on__gte=start, meeting__held_on__lte=end)


def _done_between(start: datetime.date, end: datetime.date) -> QuerySet[MeetingTask]:
    return MeetingTask.objects.filter(status=S.DONE, done_on__gte=start, done_on__lte=end)


def tasks_done_on_time(start: datetime.date, end: datetime.date) -> QuerySet[MeetingTask]:
    return _done_between(start, end).filter(done_on__lte=F("due_date"))


def tasks_done_late(start: datetime.date, end: datetime.date) -> QuerySet[MeetingTask]:
    return _done_between(start, end).filter(done_on__gt=F("due_date"))


def tasks_open_overdue(start: datetime.date, end: datetime.date) -> QuerySet[MeetingTask]:
    last = min(end, timezone.localdate() - datetime.timedelta(days=1))
    return MeetingTask.objects.running().filter(due_date__gte=start, due_date__lte=last)
