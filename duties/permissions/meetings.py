"""Who sees and who works on joint meetings and their tasks (the one chokepoint of the flow).

* The convening procuratorate's staff in scope (``duties.permissions.staff_q``: procurators,
  approvers and the chief of the procuratorate; a supervisor the subtree) see its meetings.
  An assistant (who sees no case content by scope) sees the meetings they take part in,
  registered, or own a task of.
* Those who may **work** on a meeting (edit it, record its minutes, add, edit, close, confirm
  and reopen tasks) are the staff of the convening procuratorate itself, not a supervisor
  above it: :func:`can_manage_meeting`. A staff member may always close their own task.
* A participating agency's liaison sees a meeting once its minutes are recorded — the minutes
  and every task agreed (the minutes list them all, and each participant signed up to the
  whole), but the completion note and files only of their own agency's tasks
  (:func:`can_see_task_completion`): what an agency reports to the convener is between them.
  An agency not at the meeting never sees it, by any route: 404.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from supervision.choices import Role
from supervision.models import User
from supervision.permissions import STAFF_ROLES

from ..models import JointMeeting, MeetingStatus, MeetingTask
from . import agency_q, staff_q

#: Staff who may convene a meeting (of their own procuratorate) and work on it.
MANAGER_ROLES = frozenset({Role.PROCURATOR, Role.ASSISTANT, Role.APPROVER, Role.CHIEF,
                           Role.SUPERVISOR})


def _staff_condition(user: User) -> Q | None:
    if not user.is_authenticated or not user.is_active or user.role not in STAFF_ROLES:
        return None
    scope = staff_q(user)
    if user.procuratorate_id is None:
        return scope
    through = JointMeeting.participants.through
    mine = (Q(procuratorate_id=user.procuratorate_id)
            & (Q(created_by=user)
               | Exists(through.objects.filter(jointmeeting_id=OuterRef("pk"), user_id=user.pk))
               | Exists(MeetingTask.objects.filter(meeting_id=OuterRef("pk"), owner_user=user))))
    return mine if scope is None else scope | mine


def meetings_visible_to(user: User) -> QuerySet[JointMeeting]:
    """The meetings ``user`` may see (see the module); none for anyone else."""
    condition = _staff_condition(user)
    if condition is not None:
        return JointMeeting.objects.filter(condition)
    agency = agency_q(user, "agency")
    if agency is None:
        return JointMeeting.objects.none()
    through = JointMeeting.agencies.through
    return JointMeeting.objects.filter(
        Exists(through.objects.filter(jointmeeting_id=OuterRef("pk"), agency_id=user.agency_id)),
        status=MeetingStatus.RECORDED)


def tasks_visible_to(user: User) -> QuerySet[MeetingTask]:
    """The tasks of the meetings ``user`` may see; a liaison's are the recorded meetings'
    (draft tasks exist only while the minutes are not recorded)."""
    return MeetingTask.objects.filter(meeting__in=meetings_visible_to(user).values("pk"))


def get_meeting_for_user(user: User, pk: int, *, manage: bool = False) -> JointMeeting:
    """The meeting, or 404 when ``user`` may not see it (or, with ``manage``, work on it)."""
    meeting = (meetings_visible_to(user).select_related("procuratorate", "created_by",
                                                        "recorded_by")
               .filter(pk=pk).first())
    if meeting is None or (manage and not can_manage_meeting(user, meeting)):
        raise Http404
    return meeting


def get_task_for_user(user: User, meeting: JointMeeting, pk: int) -> MeetingTask:
    """A task of ``meeting`` (already checked for ``user``), or 404."""
    task = (MeetingTask.objects.select_related("meeting", "owner_agency", "owner_user")
            .filter(meeting=meeting, pk=pk).first())
    if task is None:
        raise Http404
    return task


def can_create_meeting(user: User) -> bool:
    return (user.is_authenticated and user.is_active and user.role in MANAGER_ROLES
            and user.procuratorate_id is not None)


def can_manage_meeting(user: User, meeting: JointMeeting) -> bool:
    """Staff of the convening procuratorate itself (not a supervisor above it)."""
    return can_create_meeting(user) and user.procuratorate_id == meeting.procuratorate_id


def is_task_owner(user: User, task: MeetingTask) -> bool:
    """The staff member who owns ``task``, or a liaison of the agency that owns it (acting
    for it now)."""
    if user.role == Role.LIAISON:
        return task.owner_agency_id is not None and task.owner_agency_id == user.agency_id
    return task.owner_user_id is not None and task.owner_user_id == user.pk


def can_see_task_completion(user: User, task: MeetingTask) -> bool:
    """Whether ``user`` reads the task's completion note and files (a liaison: their own
    agency's task only; staff who see the meeting: all)."""
    if user.role == Role.LIAISON:
        return task.owner_agency_id is not None and task.owner_agency_id == user.agency_id
    return True
