"""Material requested during investigation (调查核实): a measure that asks an agency for files or
answers becomes a request with a due date, answered in the agency's portal.

seed 000 §7: "运用询问、查询、调取相关证据材料、查阅案卷材料、勘验、鉴定等方式开展调查核实工作";
seed 002 §13: "检察机关依法调阅被监督单位的卷宗材料或者其他文件……收集证据材料的，有关单位和个人
应当协助配合", and for those who refuse without good reason the procuratorate "可以建议监察机关或者
该单位的上级主管机关依法依规处理". No law sets the period of that cooperation: the request states
it (rule ``material_request``, ``verified=False``, whose basis says so). A request left
unanswered past its due date counts as a refusal to cooperate on its measure, escalated once by
the deadline sweep's overdue notice (:meth:`MaterialRequest.sweep_overdue`).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from supervision.choices import Role
from supervision.models.deadline import Deadline, DeadlineLabel, DeadlineNotice

from .files import StoredFile

__all__ = ["MaterialRequest", "MaterialRequestFile", "MaterialRequestStatus", "RequestFileKind"]


class MaterialRequestStatus(models.TextChoices):
    #: Sent, waiting for the agency's answer: the clock runs (overdue past the due date).
    SENT = "sent", _("待答复")
    #: The agency answered; the procuratorate reads it (its intake queue).
    ANSWERED = "answered", _("已答复待审阅")
    #: The procurator accepted the answer: done.
    ACCEPTED = "accepted", _("已接收")
    #: The answer was not enough: a follow-up request was sent (its own row).
    FOLLOWED_UP = "followed_up", _("已补充调取")
    #: Withdrawn by the procuratorate before an answer.
    WITHDRAWN = "withdrawn", _("已撤回")


class RequestFileKind(models.TextChoices):
    REQUEST = "request", _("调取材料通知")
    ANSWER = "answer", _("答复材料")


#: Waiting for the agency's answer: the model's ``CLOCK_RUNNING`` and its partial indexes.
AWAITING_ANSWER = models.Q(status=MaterialRequestStatus.SENT)


class MaterialRequest(Deadline):
    """One request for files or answers, sent to an agency on a measure of a case.

    ``procuratorate`` copies the case's, so that the staff scope filters the row's own index
    (``cases.permissions.case_scope_q(procuratorate=…)``). An answer after the due date is
    recorded as late for good (``answered_on > due_date``); if the sweep had already counted
    the silence as a refusal (``refusal_recorded_at``), that stays too."""

    procuratorate = models.ForeignKey("supervision.Procuratorate", on_delete=models.PROTECT,
                                      related_name="+")
    case = models.ForeignKey("cases.SupervisionCase", on_delete=models.PROTECT,
                             related_name="material_requests")
    measure = models.ForeignKey("cases.InvestigationMeasure", verbose_name=_("调查核实措施"),
                                on_delete=models.PROTECT, related_name="material_requests")
    agency = models.ForeignKey("agencies.Agency", verbose_name=_("被调取单位"),
                               on_delete=models.PROTECT, related_name="+")
    letter_number = models.CharField(_("通知书文号"), max_length=60, blank=True)
    items = models.TextField(_("调取事项"), help_text=_("需要提供的材料或需要答复的问题，每行一项"))
    sent_on = models.DateField(_("发出日期"))
    period_days = models.PositiveSmallIntegerField(_("答复期限（日）"))
    due_date = models.DateField(_("答复期限"))
    status = models.CharField(_("状态"), max_length=20, choices=MaterialRequestStatus.choices,
                              default=MaterialRequestStatus.SENT)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发出人"),
                                on_delete=models.PROTECT, related_name="+")
    follow_up_of = models.ForeignKey("self", verbose_name=_("补充调取自"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="follow_ups")
    answer = models.TextField(_("答复内容"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("答复人"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    #: When the sweep counted the silence past the due date as a refusal to cooperate.
    refusal_recorded_at = models.DateTimeField(_("逾期未答复视为拒不配合"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("审阅时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审阅人"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    review_note = models.TextField(_("审阅意见"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    CLOCK_RUNNING = AWAITING_ANSWER
    DEADLINE_LABEL = _("答复期限")

    class Meta:
        verbose_name = _("调取材料")
        verbose_name_plural = _("调取材料")
        ordering = ["-sent_on", "-pk"]
        indexes = [
            # Used by the deadline sweep and the calendar recompute: requests still waiting
            # for the agency's answer.
            models.Index(fields=["due_date"], name="matreq_awaiting_due_idx",
                         condition=AWAITING_ANSWER),
            # The sweep's second look: running rows written since its previous run.
            models.Index(fields=["clock_changed_at"], name="matreq_clock_changed_idx",
                         condition=AWAITING_ANSWER),
            # The staff intake list (scope, status) and the portal list (agency, status).
            models.Index(fields=["procuratorate", "status"], name="matreq_scope_status_idx"),
            models.Index(fields=["agency", "status"], name="matreq_agency_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_days__gte=1) & models.Q(period_days__lte=180),
                name="matreq_period_in_bounds",
                violation_error_message=_("答复期限应在 1 至 180 日之间。")),
            models.CheckConstraint(
                condition=~models.Q(items=""), name="matreq_items_given",
                violation_error_message=_("请填写调取事项。")),
            models.CheckConstraint(
                condition=models.Q(answered_at__isnull=True)
                | (~models.Q(answer="") & models.Q(answered_on__isnull=False)
                   & models.Q(answered_by__isnull=False)),
                name="matreq_answer_complete",
                violation_error_message=_("答复必须有内容、答复日期和答复人。")),
            models.CheckConstraint(
                condition=models.Q(answered_on__isnull=True)
                | models.Q(answered_on__gte=models.F("sent_on")),
                name="matreq_answer_after_sending",
                violation_error_message=_("答复日期不能早于发出日期。")),
            models.CheckConstraint(
                condition=~models.Q(status__in=[MaterialRequestStatus.ANSWERED,
                                                MaterialRequestStatus.ACCEPTED,
                                                MaterialRequestStatus.FOLLOWED_UP])
                | models.Q(answered_at__isnull=False),
                name="matreq_answered_states_have_answer",
                violation_error_message=_("已答复的调取材料必须有答复。")),
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.sent_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("duties:material-request", args=[self.pk])

    def portal_url(self) -> str:
        return reverse("portal:material-request", args=[self.pk])

    @property
    def status_tone(self) -> str:
        """Whose move it is (``supervision.choices.Tone``), for ``{% status_badge %}``."""
        return {MaterialRequestStatus.SENT: "theirs", MaterialRequestStatus.ANSWERED: "ours",
                MaterialRequestStatus.ACCEPTED: "done", MaterialRequestStatus.FOLLOWED_UP: "done",
                }.get(self.status, "ended")

    @property
    def answered_late(self) -> bool:
        """Answered after the last day (which ends at 24:00, 民法典 art. 203)."""
        return self.answered_on is not None and self.answered_on > self.due_date

    def item_lines(self) -> list[str]:
        return [line.strip() for line in self.items.splitlines() if line.strip()]

    def subject(self) -> str:
        """How notices name the request: its letter number, else its first item (short)."""
        if self.letter_number:
            return self.letter_number
        first = (self.item_lines() or [""])[0]
        return first if len(first) <= 30 else first[:29] + "…"

    # --- the calendar recompute's questions (supervision.models.deadline.Deadline) ---------
    DEADLINE_PREVIEW_RELATED = ("case", "agency")

    def deadline_preview_label(self) -> DeadlineLabel:
        """The letter's number, else the case's; the agency asked."""
        return DeadlineLabel(number=self.letter_number or self.case.number, party=self.agency.name,
                             kind="material_request", kind_label=_("调取材料答复"),
                             refs=(("case_id", self.case_id),))

    @classmethod
    def deadline_moved_notices(cls, moves) -> list[DeadlineNotice]:
        """The case's handling procurator, whoever sent the request and the agency's liaisons,
        each opening their own page. Two queries."""
        from agencies.selectors import liaisons_by_agency

        rows = {r.pk: r for r in cls.objects.filter(pk__in={m.pk for m in moves})
                .select_related("case__handler__notification_preference",
                                "sent_by__notification_preference", "agency")}
        liaisons = liaisons_by_agency({r.agency_id for r in rows.values()})
        notices = []
        for move in moves:
            row = rows[move.pk]
            people = [row.case.handler, row.sent_by, *liaisons.get(row.agency_id, [])]
            notices.append(DeadlineNotice(
                recipients=people, code="calendar.moved.material_request",
                params={**row.sweep_params(), "old": move.old_due.isoformat(),
                        "new": move.new_due.isoformat()},
                link={u.pk: row.sweep_link(u) for u in people if u is not None}))
        return notices

    # --- the deadline sweep's questions (generic protocol) ---------------------------------
    SWEEP_PREFIX = "material_request"
    SWEEP_RELATED = ("case", "agency", "procuratorate")

    def sweep_recipients(self, *, overdue: bool) -> list:
        """The case's handling procurator and assistant, whoever sent the request, and the
        agency's active liaisons (reminders and the overdue notice alike; the approvers hear
        of the escalation that follows the overdue notice). One query."""
        from supervision.models import User

        staff = [pk for pk in (self.case.handler_id, self.case.assistant_id, self.sent_by_id) if pk]
        condition = models.Q(pk__in=staff) | models.Q(
            role=Role.LIAISON, memberships__agency_id=self.agency_id, memberships__is_active=True)
        return list(User.objects.filter(condition, is_active=True).distinct()
                    .select_related("notification_preference").order_by("pk"))

    def sweep_params(self) -> dict[str, Any]:
        return {"procuratorate": self.procuratorate.name, "agency": self.agency.name,
                "subject": self.subject(), "sent": self.sent_on.isoformat()}

    def sweep_link(self, user) -> str:
        return self.portal_url() if user.role == Role.LIAISON else self.get_absolute_url()

    def sweep_overdue(self, event) -> None:
        """The silence counts as a refusal to cooperate (seed 002 §13), recorded on the measure
        and escalated there once (``cases.services.measures``)."""
        from duties.services.material_requests import material_request_record_refusal

        material_request_record_refusal(request=self, due=event.due_date)


def request_file_path(instance: MaterialRequestFile, filename: str) -> str:
    """``material_requests/<request>/<uuid>.<ext>``: never the user's file name."""
    return f"material_requests/{instance.request_id}/{uuid.uuid4().hex}.{instance.extension}"


class MaterialRequestFile(StoredFile):
    """A file of a request: the procuratorate's notice sent with it, or the agency's answer.
    The type is the one sniffed from the content (``supervision.uploads.sniff_upload``);
    every download goes through the request's access check first."""

    request = models.ForeignKey(MaterialRequest, on_delete=models.PROTECT, related_name="files")
    kind = models.CharField(_("类别"), max_length=10, choices=RequestFileKind.choices)
    file = models.FileField(_("文件"), upload_to=request_file_path)

    class Meta:
        verbose_name = _("调取材料文件")
        verbose_name_plural = _("调取材料文件")
        ordering = ["request", "uploaded_at", "pk"]
