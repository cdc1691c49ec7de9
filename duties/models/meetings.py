"""Joint meetings and case consultations (联席会议 / 案件会商) and the tasks agreed at them.

seed 000 §8: the courts, investigation organs, penalty-execution organs and administrative
enforcement organs "完善联席会议、信息共享、案件移送、案件会商等工作机制"; seed 001 §3: "制度化推进
公检联席会议制度，共商案件办理对接过程中遇到的问题和困难". A procuratorate convenes a meeting with
one or more agencies, records its minutes, and tracks each task agreed there — owned by one of
its own staff or by one of the agencies that took part — to done.

No law sets a period for a task agreed at a meeting: its due date is the one the participants
agreed, recorded as such (:meth:`MeetingTask.due_explanation_text`), never counted from a
:class:`~supervision.models.PeriodRule` and never moved by the legal calendar (an agreed day is
a day, not a period whose last day falls on a holiday).
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from supervision.choices import Role
from supervision.deadlines import legal_date
from supervision.models.deadline import Deadline, DeadlineLabel, DeadlineNotice

from .files import StoredFile

__all__ = ["JointMeeting", "MeetingFile", "MeetingKind", "MeetingStatus", "MeetingTask",
           "MeetingTaskStatus"]


class MeetingKind(models.TextChoices):
    JOINT = "joint", _("联席会议")
    CONSULTATION = "consultation", _("案件会商")


class MeetingStatus(models.TextChoices):
    #: Being prepared or written up: only the procuratorate sees it.
    DRAFT = "draft", _("纪要待定稿")
    #: The minutes are recorded: the participating agencies see the meeting and its tasks.
    RECORDED = "recorded", _("纪要已定稿")


class MeetingTaskStatus(models.TextChoices):
    #: Agreed, but the minutes are not recorded yet: no clock, not shown to the agency.
    DRAFT = "draft", _("待纪要定稿")
    OPEN = "open", _("待完成")
    DONE = "done", _("已完成")


#: A task's clock runs while it is open (the model's ``CLOCK_RUNNING``; its partial indexes).
TASK_OPEN = models.Q(status=MeetingTaskStatus.OPEN)


class JointMeeting(models.Model):
    """One joint meeting or case consultation convened by a procuratorate (see the module).

    Visible to the convening procuratorate's staff (``duties.permissions.meetings``) and, once
    its minutes are recorded, to the liaisons of each participating agency — never to another
    agency."""

    procuratorate = models.ForeignKey("supervision.Procuratorate", verbose_name=_("召集检察院"),
                                      on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类型"), max_length=20, choices=MeetingKind.choices,
                            default=MeetingKind.JOINT)
    title = models.CharField(_("会议名称"), max_length=120)
    held_on = models.DateField(_("会议日期"))
    place = models.CharField(_("地点"), max_length=120)
    agencies = models.ManyToManyField("agencies.Agency", verbose_name=_("参会单位"),
                                      related_name="joint_meetings")
    participants = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("本院参会人员"),
                                          related_name="joint_meetings", blank=True)
    topics = models.TextField(_("议题"))
    cases = models.ManyToManyField("cases.SupervisionCase", verbose_name=_("涉及案件"),
                                   related_name="joint_meetings", blank=True)
    minutes = models.TextField(_("会议纪要"), blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=MeetingStatus.choices,
                              default=MeetingStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("经办人"),
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("纪要定稿人"),
                                    null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(_("纪要定稿时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("联席会议/案件会商")
        verbose_name_plural = _("联席会议/案件会商")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["procuratorate", "-held_on"], name="meeting_scope_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status=MeetingStatus.DRAFT)
                | (~models.Q(minutes="") & models.Q(recorded_at__isnull=False)),
                name="meeting_recorded_has_minutes",
                violation_error_message=_("纪要定稿时必须填写会议纪要。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.held_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("duties:meeting-detail", args=[self.pk])

    def get_portal_url(self) -> str:
        return reverse("portal:meeting-detail", args=[self.pk])

    @property
    def status_tone(self) -> str:
        return "ours" if self.status == MeetingStatus.DRAFT else "done"

    @property
    def is_recorded(self) -> bool:
        return self.status == MeetingStatus.RECORDED


class MeetingTask(Deadline):
    """A task agreed at a meeting: what, whose (one of the convening procuratorate's staff
    *or* one of the participating agencies), by when (the date agreed), and how it ended.

    An agency's task marked done waits for the convener's confirmation (``confirmed_at``); the
    convener may reopen a done task with a reason. Overdue is derived (open, agreed date
    passed); the deadline sweep reminds the owner 7/1/0 days before and tells the owner and
    the convener once when it is overdue (the generic protocol of
    :class:`~supervision.models.deadline.Deadline`)."""

    meeting = models.ForeignKey(JointMeeting, on_delete=models.CASCADE, related_name="tasks")
    description = models.TextField(_("议定事项"))
    owner_user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("本院承办人"),
                                   null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="meeting_tasks")
    owner_agency = models.ForeignKey("agencies.Agency", verbose_name=_("承办单位"), null=True,
                                     blank=True, on_delete=models.PROTECT,
                                     related_name="meeting_tasks")
    due_date = models.DateField(_("完成期限"))
    #: Earlier agreed dates, oldest first: ``[{"from": iso, "to": iso, "reason": str}]``.
    due_changes = models.JSONField(_("期限调整"), default=list, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=MeetingTaskStatus.choices,
                              default=MeetingTaskStatus.DRAFT)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    completion_note = models.TextField(_("完成情况"), blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("办结人"), null=True,
                                  blank=True, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("确认人"),
                                     null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    reopen_reason = models.TextField(_("重新办理理由"), blank=True)
    reopened_at = models.DateTimeField(_("重新办理时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    CLOCK_RUNNING = TASK_OPEN
    DEADLINE_LABEL = _("完成期限")

    class Meta:
        verbose_name = _("会议议定事项")
        verbose_name_plural = _("会议议定事项")
        ordering = ["meeting", "due_date", "pk"]
        indexes = [
            # Used by the deadline sweep, the dashboards and the intake queue: open tasks.
            models.Index(fields=["due_date"], name="meeting_task_open_due_idx",
                         condition=TASK_OPEN),
            # The sweep's second look: open tasks written since its previous run.
            models.Index(fields=["clock_changed_at"], name="meeting_task_clock_idx",
                         condition=TASK_OPEN),
            models.Index(fields=["owner_agency", "status"], name="meeting_task_agency_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(owner_user__isnull=True) & models.Q(owner_agency__isnull=False))
                | (models.Q(owner_user__isnull=False) & models.Q(owner_agency__isnull=True)),
                name="meeting_task_one_owner",
                violation_error_message=_("议定事项须由本院一名承办人或一个参会单位承办（二者选一）。"),
            ),
            models.CheckConstraint(
                condition=~models.Q(status=MeetingTaskStatus.DONE)
                | (models.Q(done_on__isnull=False) & ~models.Q(completion_note="")),
                name="meeting_task_done_has_note",
                violation_error_message=_("办结议定事项须填写完成日期和完成情况。"),
            ),
            models.CheckConstraint(
                condition=models.Q(confirmed_at__isnull=True) | models.Q(status=MeetingTaskStatus.DONE),
                name="meeting_task_confirmed_is_done",
                violation_error_message=_("只有已完成的议定事项可以确认。"),
            ),
        ]

    def __str__(self) -> str:
        return self.description[:40]

    def get_absolute_url(self) -> str:
        return f"{self.meeting.get_absolute_url()}#task-{self.pk}"

    def get_portal_url(self) -> str:
        return f"{reverse('portal:meeting-detail', args=[self.meeting_id])}#task-{self.pk}"

    @property
    def owner_name(self) -> str:
        return str(self.owner_agency) if self.owner_agency_id else str(self.owner_user)

    @property
    def awaiting_confirmation(self) -> bool:
        """Done by an agency, not yet confirmed by the procuratorate."""
        return (self.status == MeetingTaskStatus.DONE and self.owner_agency_id is not None
                and self.confirmed_at is None)

    @property
    def done_late(self) -> bool | None:
        return None if self.done_on is None else self.done_on > self.due_date

    @property
    def status_tone(self) -> str:
        if self.status == MeetingTaskStatus.DONE:
            return "ours" if self.awaiting_confirmation else "done"
        if self.status == MeetingTaskStatus.DRAFT:
            return "neutral"
        return "theirs" if self.owner_agency_id else "ours"

    def status_label(self) -> str:
        if self.awaiting_confirmation:
            return gettext("已完成，待本院确认")
        return str(self.get_status_display())

    # --- the due date's explanation: agreed, not counted ---------------------------------
    def due_explanation_text(self) -> str:
        """The agreed date in users' words: which meeting agreed it, that no law sets it and
        every later agreed change with its reason. (The stored ``due_explanation`` stays empty:
        nothing for the calendar recompute to count again.)"""
        meeting = self.meeting
        text = gettext("%(held)s%(kind)s议定 · 完成期限%(due)s（会议商定的期限，非法定期限）") % {
            "held": legal_date(meeting.held_on), "kind": meeting.get_kind_display(),
            "due": legal_date(self._first_due())}
        for change in self.due_changes:
            text += gettext(" · 经商定调整为%(due)s（%(reason)s）") % {
                "due": legal_date(datetime.date.fromisoformat(change["to"])),
                "reason": change["reason"]}
        return text

    def _first_due(self) -> datetime.date:
        if self.due_changes:
            return datetime.date.fromisoformat(self.due_changes[0]["from"])
        return self.due_date

    # --- the calendar recompute's questions (never asked: the explanation is empty) -------
    DEADLINE_PREVIEW_RELATED = ("meeting", "owner_agency", "owner_user")

    def deadline_preview_label(self) -> DeadlineLabel:
        return DeadlineLabel(number=self.meeting.title, party=self.owner_name,
                             kind="meeting_task", kind_label=_("会议议定事项"),
                             refs=(("meeting_id", self.meeting_id),))

    @classmethod
    def deadline_moved_notices(cls, moves) -> list[DeadlineNotice]:
        """An agreed date is never moved by the legal calendar: nothing to tell."""
        return []

    # --- the deadline sweep's questions (generic protocol) ---------------------------------
    SWEEP_PREFIX = "meeting_task"
    SWEEP_RELATED = ("meeting", "owner_agency", "owner_user__notification_preference",
                     "meeting__created_by__notification_preference")

    def sweep_recipients(self, *, overdue: bool) -> list:
        """The owner (the staff member, or the owning agency's liaisons); once overdue also
        the meeting's convener (its 经办人), who follows it up."""
        from agencies.selectors import agency_liaisons

        people = ([self.owner_user] if self.owner_user_id
                  else list(agency_liaisons(self.owner_agency_id)))
        if overdue:
            people.append(self.meeting.created_by)
        return [u for u in people if u.is_active]

    def sweep_params(self) -> dict:
        return {"meeting": self.meeting.title, "task": self.description[:60],
                "owner": self.owner_name}

    def sweep_link(self, user) -> str:
        return self.get_portal_url() if user.role == Role.LIAISON else self.get_absolute_url()


def meeting_file_path(instance: MeetingFile, filename: str) -> str:
    """``meetings/<meeting>/<uuid>.<ext>``: the stored name never contains the user's name."""
    return f"meetings/{instance.meeting_id}/{uuid.uuid4().hex}.{instance.extension}"


class MeetingFile(StoredFile):
    """A file of a meeting: of its minutes (``task`` empty) or of a task's completion. Every
    download asks ``duties.permissions.meetings`` for the meeting (and, for a task's file,
    whether the reader may see that task's completion) first."""

    meeting = models.ForeignKey(JointMeeting, on_delete=models.CASCADE, related_name="files")
    task = models.ForeignKey(MeetingTask, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="files")
    file = models.FileField(_("文件"), upload_to=meeting_file_path)

    class Meta:
        verbose_name = _("会议文件")
        verbose_name_plural = _("会议文件")
        ordering = ["uploaded_at", "pk"]
