"""A hearing on a supervision case (检察听证), its participants, notices and opinions.

Seed 004 §10 ("检察听证"), seed 002 §3 ("引入听证等方式审查办理疑难案件"); the procedure after
《人民检察院审查案件听证工作规定》 (最高人民检察院, 2020): the participants are notified of the
matter, the time and the place beforehand; the hearing is recorded (听证笔录); each hearing member
(听证员 — people's supervisors first among them, seed 002 §18) gives an opinion after hearing the
parties; the opinions are an important reference for the decision, and the procuratorate says
how it used them (采纳 / 部分采纳 / 未采纳, with the reason when not followed).

States and who may change them: ``hearings/transitions.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..choices import (
    HEARING_MEMBER_ROLES,
    HearingStatus,
    NoticeMethod,
    Outcome,
    ParticipantRole,
    Stance,
)


class Hearing(models.Model):
    """One hearing on ``case``. ``procuratorate`` copies the case's, so the hearing list and
    the statistics filter by scope on the row itself."""

    case = models.ForeignKey("cases.SupervisionCase", on_delete=models.CASCADE,
                             related_name="hearings", verbose_name=_("案件"))
    procuratorate = models.ForeignKey("supervision.Procuratorate", on_delete=models.PROTECT,
                                      related_name="+", editable=False)
    topic = models.CharField(_("听证事项"), max_length=200)
    questions = models.TextField(_("需要听证的问题"), help_text=_("争议焦点，每行一项"))
    proposed_handling = models.TextField(
        _("拟处理意见"), blank=True,
        help_text=_("听证员据以发表同意或不同意的意见；可在举行前补充"))
    scheduled_at = models.DateTimeField(_("听证时间"))
    place = models.CharField(_("听证地点"), max_length=200)
    presiding = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("主持人"))
    public = models.BooleanField(_("公开听证"), default=True,
                                 help_text=_("涉及国家秘密、个人隐私、未成年人的，不公开听证"))
    status = models.CharField(_("状态"), max_length=20, choices=HearingStatus.choices,
                              default=HearingStatus.SCHEDULED)
    # Held (已举行): when, who kept the record, and the record itself.
    held_at = models.DateTimeField(_("实际举行时间"), null=True, blank=True)
    recorder = models.CharField(_("记录人"), max_length=50, blank=True)
    record = models.TextField(_("听证记录"), blank=True)
    # Concluded (已办结): how the opinions were used.
    outcome = models.CharField(_("听证意见采纳情况"), max_length=20, choices=Outcome.choices,
                               blank=True)
    outcome_reason = models.TextField(_("未采纳或部分采纳的理由"), blank=True)
    decision = models.TextField(_("处理决定"), blank=True)
    concluded_on = models.DateField(_("办结日期"), null=True, blank=True)
    concluded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    # Cancelled (已取消).
    cancel_reason = models.TextField(_("取消理由"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("检察听证")
        verbose_name_plural = _("检察听证")
        ordering = ["-scheduled_at", "-pk"]
        indexes = [
            models.Index(fields=["procuratorate", "status", "scheduled_at"],
                         name="hearing_scope_status"),
            models.Index(fields=["procuratorate", "held_at"], name="hearing_held"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(topic=""), name="hearing_has_topic",
                                   violation_error_message=_("请填写听证事项。")),
            models.CheckConstraint(
                condition=Q(status__in=[HearingStatus.SCHEDULED, HearingStatus.CANCELLED])
                | Q(held_at__isnull=False),
                name="hearing_held_has_time",
                violation_error_message=_("已举行的听证须登记举行时间。")),
            models.CheckConstraint(
                condition=(Q(status=HearingStatus.CONCLUDED) & ~Q(outcome="")
                           & Q(concluded_on__isnull=False))
                | (~Q(status=HearingStatus.CONCLUDED) & Q(outcome="")),
                name="hearing_outcome_when_concluded",
                violation_error_message=_("办结的听证须登记听证意见采纳情况，未办结的不能登记。")),
            models.CheckConstraint(
                condition=~Q(outcome__in=[Outcome.PARTLY, Outcome.NOT_ADOPTED])
                | ~Q(outcome_reason=""),
                name="hearing_outcome_reason",
                violation_error_message=_("未采纳或部分采纳听证意见的，应当说明理由。")),
            models.CheckConstraint(
                condition=~Q(status=HearingStatus.CANCELLED) | ~Q(cancel_reason=""),
                name="hearing_cancel_reason",
                violation_error_message=_("取消听证应当说明理由。")),
        ]

    def __str__(self) -> str:
        return self.topic

    def get_absolute_url(self) -> str:
        return reverse("hearings:detail", args=[self.pk])

    @property
    def status_tone(self) -> str:
        """The badge's tone: waiting for us, done, or ended without a hearing."""
        return {HearingStatus.SCHEDULED: "ours", HearingStatus.HELD: "ours",
                HearingStatus.CONCLUDED: "done", HearingStatus.CANCELLED: "ended"}[self.status]


class HearingParticipant(models.Model):
    """Someone invited to the hearing: a hearing member (听证员) or a participant heard on the
    facts. A people's supervisor comes from the register (``people_supervisor``; the name is
    copied so the record keeps it). After the hearing: whether they attended, and their
    opinion and stance on the proposed handling."""

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="participants")
    role = models.CharField(_("身份"), max_length=30, choices=ParticipantRole.choices)
    name = models.CharField(_("姓名/名称"), max_length=100)
    affiliation = models.CharField(_("单位或职务"), max_length=200, blank=True)
    people_supervisor = models.ForeignKey("hearings.PeopleSupervisor", on_delete=models.PROTECT,
                                          null=True, blank=True, related_name="participations",
                                          verbose_name=_("人民监督员"))
    attended = models.BooleanField(_("到场"), null=True, blank=True)
    opinion = models.TextField(_("意见"), blank=True)
    stance = models.CharField(_("对拟处理意见"), max_length=20, choices=Stance.choices, blank=True)
    opinion_recorded_at = models.DateTimeField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("听证参加人")
        verbose_name_plural = _("听证参加人")
        ordering = ["hearing", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="hearing_participant_has_name",
                                   violation_error_message=_("请填写参加人姓名或名称。")),
            models.CheckConstraint(
                condition=(Q(role=ParticipantRole.PEOPLE_SUPERVISOR)
                           & Q(people_supervisor__isnull=False))
                | (~Q(role=ParticipantRole.PEOPLE_SUPERVISOR) & Q(people_supervisor__isnull=True)),
                name="hearing_participant_supervisor_from_register",
                violation_error_message=_("人民监督员须从人民监督员名册中选择。")),
            models.UniqueConstraint(fields=["hearing", "people_supervisor"],
                                    condition=Q(people_supervisor__isnull=False),
                                    name="hearing_supervisor_once",
                                    violation_error_message=_("该人民监督员已在本次听证的参加人中。")),
            models.CheckConstraint(condition=Q(stance="") | ~Q(opinion=""),
                                   name="hearing_stance_with_opinion",
                                   violation_error_message=_("请填写意见内容。")),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_member(self) -> bool:
        """A hearing member (听证员), whose opinion is the hearing's opinion."""
        return self.role in HEARING_MEMBER_ROLES


class HearingNotice(models.Model):
    """A hearing notice (听证通知书) sent to a participant: when, how, and for which time and
    place (``scheduled_for``, ``place``): a notice sent before the hearing was moved no longer
    tells the participant the right time, and the page says so."""

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="notices")
    participant = models.ForeignKey(HearingParticipant, on_delete=models.CASCADE,
                                    related_name="notices")
    sent_on = models.DateField(_("通知日期"))
    method = models.CharField(_("通知方式"), max_length=20, choices=NoticeMethod.choices)
    scheduled_for = models.DateTimeField()
    place = models.CharField(max_length=200)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("听证通知")
        verbose_name_plural = _("听证通知")
        ordering = ["hearing", "participant", "-sent_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.participant} {self.sent_on}"
