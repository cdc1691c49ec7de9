"""Joint meetings and case consultations (seed 000 §8: "完善联席会议……案件会商等工作机制";
seed 001 §3: "制度化推进公检联席会议制度") and the tasks agreed at them.

The life of a meeting: registered (draft: topics, participants) → minutes recorded (the
participating agencies are told and see it in their portal; its draft tasks open and their
clocks start). A task: draft (minutes not yet recorded) → open → done (by its owner; an
agency's completion waits for the convener's confirmation) → reopened with a reason → open …
The transitions are one table (:data:`TASK_TABLE`, on ``supervision.statemachine``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from agencies.models import Agency
from agencies.selectors import agency_liaisons
from cases.models import SupervisionCase
from supervision.models import User
from supervision.permissions import STAFF_ROLES
from supervision.services.audit import audit_record
from supervision.services.notifications import notify
from supervision.statemachine import ActorKind, Messages, Transition, TransitionTable
from supervision.uploads import sniff_upload

from ..models import (
    JointMeeting,
    MeetingFile,
    MeetingKind,
    MeetingStatus,
    MeetingTask,
    MeetingTaskStatus,
)
from ..permissions.meetings import can_create_meeting, can_manage_meeting, is_task_owner

S = MeetingTaskStatus
#: The convening procuratorate's staff; the task's owner (a staff member or the agency's liaison).
CONVENER, OWNER = "convener", "owner"

TASK_TABLE = TransitionTable(
    [
        # The minutes are recorded: every draft task opens, its clock starts.
        Transition("open", {S.DRAFT}, {S.OPEN}, {CONVENER}, gettext_lazy("纪要定稿")),
        # Edited until done (wording, owner, agreed date).
        Transition("edit", {S.DRAFT, S.OPEN}, set(), {CONVENER}, gettext_lazy("修改")),
        Transition("remove", {S.DRAFT}, set(), {CONVENER}, gettext_lazy("删除")),
        # Done: by its owner, or by the convener on the owner's word.
        Transition("close", {S.OPEN}, {S.DONE}, {CONVENER, OWNER}, gettext_lazy("办结")),
        # An agency's completion is confirmed by the convener.
        Transition("confirm", {S.DONE}, set(), {CONVENER}, gettext_lazy("确认完成")),
        # Not done after all: back to open, with a reason the owner reads.
        Transition("reopen", {S.DONE}, {S.OPEN}, {CONVENER}, gettext_lazy("重新办理")),
    ],
    states=dict(S.choices),
    actor_kinds=[ActorKind(CONVENER, gettext_lazy("只有召集检察院的工作人员可以办理此事项。")),
                 ActorKind(OWNER, gettext_lazy("只有该事项的承办人或承办单位可以办结。"))],
    messages=Messages(wrong_state=gettext_lazy("议定事项当前状态为“%(state)s”，不能%(action)s。")),
)


def task_actor_kinds(user: User, task: MeetingTask) -> frozenset[str]:
    """The kinds ``user`` is of on ``task``, in the table's terms."""
    kinds = set()
    if can_manage_meeting(user, task.meeting):
        kinds.add(CONVENER)
    if is_task_owner(user, task):
        kinds.add(OWNER)
    return frozenset(kinds)


def task_allowed_actions(user: User, task: MeetingTask) -> list[str]:
    """The actions the page offers ``user`` on ``task`` (the table decides)."""
    return TASK_TABLE.allowed(task.status, task_actor_kinds(user, task))


def _enforce(action: str, user: User, task: MeetingTask) -> str:
    return TASK_TABLE.enforce(action, task.status, task_actor_kinds(user, task))


# --- helpers -------------------------------------------------------------------------------

def _require_manager(actor: User, meeting: JointMeeting) -> None:
    if not can_manage_meeting(actor, meeting):
        raise PermissionDenied(_("只有召集检察院的工作人员可以办理此事项。"))


def _check_meeting_fields(*, actor: User, title: str, place: str, topics: str,
                          held_on: datetime.date, agencies: Sequence[Agency],
                          participants: Sequence[User], cases: Sequence[SupervisionCase]) -> None:
    errors = {}
    if not title.strip():
        errors["title"] = _("请填写会议名称。")
    if not place.strip():
        errors["place"] = _("请填写会议地点。")
    if not topics.strip():
        errors["topics"] = _("请填写会议议题。")
    if held_on > timezone.localdate() + datetime.timedelta(days=366):
        errors["held_on"] = _("会议日期不能晚于一年以后。")
    if not agencies:
        errors["agencies"] = _("请至少选择一个参会单位。")
    if any(u.procuratorate_id != actor.procuratorate_id or u.role not in STAFF_ROLES
           for u in participants):
        errors["participants"] = _("本院参会人员须为本院工作人员。")
    if any(c.procuratorate_id != actor.procuratorate_id for c in cases):
        errors["cases"] = _("只能关联本院的案件。")
    if errors:
        raise ValidationError(errors)


def _store_files(actor: User, meeting: JointMeeting, uploads: Iterable[UploadedFile],
                 task: MeetingTask | None = None) -> list[MeetingFile]:
    stored = []
    for upload in uploads:
        try:
            extension = sniff_upload(upload)
        except ValidationError as exc:
            raise ValidationError({"files": exc.messages}) from exc
        row = MeetingFile.store(upload, extension, actor=actor, meeting=meeting, task=task)
        stored.append(row)
    return stored


def _conveners(meeting: JointMeeting) -> list[User]:
    """Who hears of an agency's work on the meeting's tasks: its 经办人 and whoever recorded
    the minutes (one query)."""
    ids = {meeting.created_by_id, meeting.recorded_by_id} - {None}
    return list(User.objects.filter(pk__in=ids, is_active=True)
                .select_related("notification_preference").order_by("pk"))


def _tell_owner(task: MeetingTask, code: str, params: dict) -> None:
    """The task's owner: the staff member (the meeting's page) or the agency's liaisons (the
    portal's page)."""
    if task.owner_user_id:
        notify([task.owner_user], code, params, link=task.get_absolute_url())
    else:
        notify(agency_liaisons(task.owner_agency_id), code, params, link=task.get_portal_url())


def _task_params(task: MeetingTask) -> dict:
    return {"meeting": task.meeting.title, "task": task.description[:60],
            "owner": task.owner_name}


def _check_owner(meeting: JointMeeting, owner_user: User | None,
                 owner_agency: Agency | None, agency_ids: set[int]) -> None:
    if (owner_user is None) == (owner_agency is None):
        raise ValidationError({"owner": _("请选择承办人：本院一名工作人员或一个参会单位（二者选一）。")})
    if owner_agency is not None and owner_agency.pk not in agency_ids:
        raise ValidationError({"owner": _("承办单位须为参会单位。")})
    if owner_user is not None and (owner_user.procuratorate_id != meeting.procuratorate_id
                                   or owner_user.role not in STAFF_ROLES
                                   or not owner_user.is_active):
        raise ValidationError({"owner": _("本院承办人须为召集检察院的工作人员。")})


def _check_due(due_date: datetime.date, meeting: JointMeeting) -> None:
    if due_date < meeting.held_on:
        raise ValidationError({"due_date": _("完成期限不能早于会议日期。")})
    if due_date > meeting.held_on + datetime.timedelta(days=3 * 366):
        raise ValidationError({"due_date": _("完成期限不能晚于会议日期三年以后。")})


# --- meetings ------------------------------------------------------------------------------

@transaction.atomic
def meeting_create(*, actor: User, kind: str, title: str, held_on: datetime.date, place: str,
                   topics: str, agencies: Sequence[Agency], participants: Sequence[User] = (),
                   cases: Sequence[SupervisionCase] = ()) -> JointMeeting:
    """Register a meeting convened by ``actor``'s procuratorate (draft: only the
    procuratorate sees it until the minutes are recorded)."""
    if not can_create_meeting(actor):
        raise PermissionDenied(_("只有检察院工作人员可以登记联席会议或案件会商。"))
    if kind not in MeetingKind.values:
        raise ValidationError({"kind": _("请选择会议类型。")})
    _check_meeting_fields(actor=actor, title=title, place=place, topics=topics, held_on=held_on,
                          agencies=agencies, participants=participants, cases=cases)
    meeting = JointMeeting.objects.create(
        procuratorate_id=actor.procuratorate_id, kind=kind, title=title.strip(), held_on=held_on,
        place=place.strip(), topics=topics.strip(), created_by=actor)
    meeting.agencies.set(agencies)
    meeting.participants.set(participants)
    meeting.cases.set(cases)
    audit_record(actor=actor, action="meeting_create", target=meeting, kind=kind,
                 held_on=held_on.isoformat(), agencies=",".join(str(a.pk) for a in agencies))
    return meeting


@transaction.atomic
def meeting_update(*, actor: User, meeting: JointMeeting, kind: str, title: str,
                   held_on: datetime.date, place: str, topics: str, agencies: Sequence[Agency],
                   participants: Sequence[User] = (),
                   cases: Sequence[SupervisionCase] = ()) -> JointMeeting:
    """Correct what was registered. An agency that owns a task cannot be taken off the
    meeting (move the task first); after the minutes are recorded the date stays, since the
    tasks' dates were agreed on it."""
    meeting = JointMeeting.objects.select_for_update().get(pk=meeting.pk)
    _require_manager(actor, meeting)
    if kind not in MeetingKind.values:
        raise ValidationError({"kind": _("请选择会议类型。")})
    _check_meeting_fields(actor=actor, title=title, place=place, topics=topics, held_on=held_on,
                          agencies=agencies, participants=participants, cases=cases)
    if meeting.is_recorded and held_on != meeting.held_on:
        raise ValidationError({"held_on": _("纪要定稿后不能修改会议日期。")})
    if meeting.tasks.filter(due_date__lt=held_on).exists():
        raise ValidationError({"held_on": _("已有议定事项的完成期限早于该日期。")})
    owning = set(meeting.tasks.filter(owner_agency__isnull=False)
                 .values_list("owner_agency_id", flat=True))
    if owning - {a.pk for a in agencies}:
        raise ValidationError({"agencies": _("有议定事项由该单位承办，不能将其移出参会单位。")})
    meeting.kind, meeting.title, meeting.held_on = kind, title.strip(), held_on
    meeting.place, meeting.topics = place.strip(), topics.strip()
    meeting.save(update_fields=["kind", "title", "held_on", "place", "topics"])
    meeting.agencies.set(agencies)
    meeting.participants.set(participants)
    meeting.cases.set(cases)
    audit_record(actor=actor, action="meeting_update", target=meeting,
                 agencies=",".join(str(a.pk) for a in agencies))
    return meeting


@transaction.atomic
def meeting_save_minutes(*, actor: User, meeting: JointMeeting, minutes: str,
                         files: Sequence[UploadedFile] = ()) -> JointMeeting:
    """Write (or, after recording, correct) the minutes text and add minutes files."""
    meeting = JointMeeting.objects.select_for_update().get(pk=meeting.pk)
    _require_manager(actor, meeting)
    if meeting.is_recorded and not minutes.strip():
        raise ValidationError({"minutes": _("纪要定稿后不能清空会议纪要。")})
    meeting.minutes = minutes.strip()
    meeting.save(update_fields=["minutes"])
    stored = _store_files(actor, meeting, files)
    audit_record(actor=actor, action="meeting_save_minutes", target=meeting,
                 files=",".join(f.sha256 for f in stored))
    return meeting


@transaction.atomic
def meeting_record(*, actor: User, meeting: JointMeeting) -> JointMeeting:
    """Record the minutes as final (纪要定稿): the participating agencies' liaisons are told
    and see the meeting in their portal; every task agreed opens and its clock starts."""
    meeting = JointMeeting.objects.select_for_update().get(pk=meeting.pk)
    _require_manager(actor, meeting)
    if meeting.is_recorded:
        raise ValidationError(_("会议纪要已经定稿。"))
    if not meeting.minutes.strip():
        raise ValidationError({"minutes": _("请先填写会议纪要。")})
    if meeting.held_on > timezone.localdate():
        raise ValidationError(_("会议尚未召开，不能定稿纪要。"))
    meeting.status = MeetingStatus.RECORDED
    meeting.recorded_by, meeting.recorded_at = actor, timezone.now()
    meeting.save(update_fields=["status", "recorded_by", "recorded_at"])
    opened = 0
    for task in meeting.tasks.select_for_update().filter(status=S.DRAFT):
        task.status = TASK_TABLE.check("open", task.status)
        task.save(update_fields=["status"])
        opened += 1
    audit_record(actor=actor, action="meeting_record", target=meeting, tasks=opened)
    with override("zh-hans"):  # the msgid (the Chinese label), translated when shown
        kind = str(meeting.get_kind_display())
    for agency in meeting.agencies.all():
        own = meeting.tasks.filter(owner_agency=agency).count()
        notify(agency_liaisons(agency.pk), "meeting.recorded",
               {"procuratorate": meeting.procuratorate.name, "meeting": meeting.title,
                "kind": kind, "tasks": own},
               link=meeting.get_portal_url())
    owners = (User.objects.filter(meeting_tasks__meeting=meeting, is_active=True)
              .exclude(pk=actor.pk).distinct().select_related("notification_preference"))
    notify(owners, "meeting.task_assigned_staff", {"meeting": meeting.title},
           link=meeting.get_absolute_url())
    return meeting


@transaction.atomic
def meeting_delete(*, actor: User, meeting: JointMeeting) -> None:
    """Delete a meeting registered by mistake, while its minutes are not recorded."""
    meeting = JointMeeting.objects.select_for_update().get(pk=meeting.pk)
    _require_manager(actor, meeting)
    if meeting.is_recorded:
        raise ValidationError(_("纪要已定稿的会议不能删除。"))
    audit_record(actor=actor, action="meeting_delete", target=meeting, title=meeting.title)
    meeting.delete()


# --- tasks ---------------------------------------------------------------------------------

@transaction.atomic
def meeting_task_add(*, actor: User, meeting: JointMeeting, description: str,
                     due_date: datetime.date, owner_user: User | None = None,
                     owner_agency: Agency | None = None) -> MeetingTask:
    """Add a task agreed at ``meeting``. On a recorded meeting it opens at once and its owner
    is told; on a draft it waits for the minutes."""
    meeting = JointMeeting.objects.select_for_update().get(pk=meeting.pk)
    _require_manager(actor, meeting)
    if not description.strip():
        raise ValidationError({"description": _("请填写议定事项。")})
    _check_owner(meeting, owner_user, owner_agency,
                 set(meeting.agencies.values_list("pk", flat=True)))
    _check_due(due_date, meeting)
    task = MeetingTask.objects.create(
        meeting=meeting, description=description.strip(), owner_user=owner_user,
        owner_agency=owner_agency, due_date=due_date, created_by=actor,
        status=S.OPEN if meeting.is_recorded else S.DRAFT)
    audit_record(actor=actor, action="meeting_task_add", target=task, meeting=meeting.pk,
                 due_date=due_date.isoformat(), owner=task.owner_name)
    if task.status == S.OPEN and task.owner_user_id != actor.pk:
        _tell_owner(task, "meeting_task.assigned", {**_task_params(task),
                                                     "due": due_date.isoformat()})
    return task


@transaction.atomic
def meeting_task_update(*, actor: User, task: MeetingTask, description: str,
                        due_date: datetime.date, owner_user: User | None = None,
                        owner_agency: Agency | None = None, reason: str = "") -> MeetingTask:
    """Edit a task until it is done. Once the minutes are recorded, a new date is an agreed
    change: it needs the reason, kept in the date's explanation, and the owner is told."""
    task = MeetingTask.objects.select_for_update().select_related("meeting").get(pk=task.pk)
    _enforce("edit", actor, task)
    if not description.strip():
        raise ValidationError({"description": _("请填写议定事项。")})
    meeting = task.meeting
    _check_owner(meeting, owner_user, owner_agency,
                 set(meeting.agencies.values_list("pk", flat=True)))
    _check_due(due_date, meeting)
    moved = due_date != task.due_date
    if moved and task.status == S.OPEN:
        if not reason.strip():
            raise ValidationError({"reason": _("纪要定稿后调整完成期限，请说明经商定调整的理由。")})
        task.due_changes = [*task.due_changes, {"from": task.due_date.isoformat(),
                                                "to": due_date.isoformat(),
                                                "reason": reason.strip()[:200]}]
    old_owner = (task.owner_user_id, task.owner_agency_id)
    task.description, task.due_date = description.strip(), due_date
    task.owner_user, task.owner_agency = owner_user, owner_agency
    task.save(update_fields=["description", "due_date", "owner_user", "owner_agency",
                             "due_changes"])
    audit_record(actor=actor, action="meeting_task_update", target=task,
                 reason=reason.strip()[:200])
    changed = moved or old_owner != (task.owner_user_id, task.owner_agency_id)
    if task.status == S.OPEN and changed and task.owner_user_id != actor.pk:
        _tell_owner(task, "meeting_task.changed", {**_task_params(task),
                                                    "due": due_date.isoformat()})
    return task


@transaction.atomic
def meeting_task_remove(*, actor: User, task: MeetingTask) -> None:
    """Remove a task put down by mistake, while the minutes are not recorded."""
    task = MeetingTask.objects.select_for_update().select_related("meeting").get(pk=task.pk)
    _enforce("remove", actor, task)
    audit_record(actor=actor, action="meeting_task_remove", target=task,
                 description=task.description[:60])
    task.delete()


@transaction.atomic
def meeting_task_close(*, actor: User, task: MeetingTask, done_on: datetime.date, note: str,
                       files: Sequence[UploadedFile] = ()) -> MeetingTask:
    """Mark a task done with a note and files: its owner does (a staff member, or a liaison
    of the owning agency in the portal), or the convener's staff on the owner's word. An
    agency's own completion waits for the convener's confirmation, and the convener is told;
    the convener's is confirmed as it is made."""
    task = (MeetingTask.objects.select_for_update(of=("self",))
            .select_related("meeting", "owner_agency", "owner_user").get(pk=task.pk))
    kinds = task_actor_kinds(actor, task)
    TASK_TABLE.enforce("close", task.status, kinds)
    errors = {}
    if not note.strip():
        errors["note"] = _("请填写完成情况。")
    if done_on > timezone.localdate():
        errors["done_on"] = _("完成日期不能晚于今天。")
    elif done_on < task.meeting.held_on:
        errors["done_on"] = _("完成日期不能早于会议日期。")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    task.status = S.DONE
    task.done_on, task.completion_note = done_on, note.strip()
    task.closed_by, task.closed_at = actor, now
    by_agency = actor.role not in STAFF_ROLES
    if not by_agency:  # the procuratorate's word needs no confirmation of its own
        task.confirmed_by, task.confirmed_at = actor, now
    else:
        task.confirmed_by, task.confirmed_at = None, None
    task.save(update_fields=["status", "done_on", "completion_note", "closed_by", "closed_at",
                             "confirmed_by", "confirmed_at"])
    stored = _store_files(actor, task.meeting, files, task=task)
    audit_record(actor=actor, action="meeting_task_close", target=task,
                 done_on=done_on.isoformat(), late=done_on > task.due_date,
                 files=",".join(f.sha256 for f in stored))
    params = {**_task_params(task), "done": done_on.isoformat()}
    if by_agency:
        notify(_conveners(task.meeting), "meeting_task.done_by_agency", params,
               link=task.get_absolute_url())
    elif task.owner_agency_id:
        _tell_owner(task, "meeting_task.closed_by_convener", params)
    return task


@transaction.atomic
def meeting_task_confirm(*, actor: User, task: MeetingTask) -> MeetingTask:
    """The convener confirms an agency's completion; the agency's liaisons are told."""
    task = MeetingTask.objects.select_for_update(of=("self",)).select_related("meeting").get(
        pk=task.pk)
    _enforce("confirm", actor, task)
    if task.confirmed_at is not None:
        raise ValidationError(_("该议定事项的完成情况已经确认。"))
    task.confirmed_by, task.confirmed_at = actor, timezone.now()
    task.save(update_fields=["confirmed_by", "confirmed_at"])
    audit_record(actor=actor, action="meeting_task_confirm", target=task)
    if task.owner_agency_id:
        _tell_owner(task, "meeting_task.confirmed", _task_params(task))
    return task


@transaction.atomic
def meeting_task_reopen(*, actor: User, task: MeetingTask, reason: str) -> MeetingTask:
    """Back to open with a reason the owner reads: the work was not done as agreed. The agreed
    date stays (if it passed, the task is overdue again — change the date if that was agreed
    too)."""
    task = MeetingTask.objects.select_for_update(of=("self",)).select_related("meeting").get(
        pk=task.pk)
    _enforce("reopen", actor, task)
    if not reason.strip():
        raise ValidationError({"reason": _("请说明重新办理的理由。")})
    task.status = TASK_TABLE.check("reopen", task.status)
    task.reopen_reason, task.reopened_at = reason.strip(), timezone.now()
    task.confirmed_by, task.confirmed_at = None, None
    task.save(update_fields=["status", "reopen_reason", "reopened_at", "confirmed_by",
                             "confirmed_at"])
    audit_record(actor=actor, action="meeting_task_reopen", target=task, reason=reason.strip())
    if task.owner_user_id != actor.pk:
        _tell_owner(task, "meeting_task.reopened", {**_task_params(task),
                                                     "reason": reason.strip()[:200]})
    return task
