"""Commutation, parole and temporary service outside prison proposals (减刑、假释、暂予监外执行)
and the procuratorate's opinion on them (issue 19).

seed 003 §11: agencies "及时向检察机关提供减刑、假释、暂予监外执行等信息"; seed 000 §8: they
"配合人民检察院开展刑罚变更执行同步监督". The executing organ (prison, detention centre,
community correction) sends the copy of its proposal through the portal; the procuratorate
gives its written opinion (检察意见书) within ten days of receipt, which the approver may extend
by ten days once "案情复杂或者情况特殊的" (《人民检察院刑事诉讼规则》第六百三十五条; for
暂予监外执行 第六百三十条, without an extension). The court's (or deciding organ's) ruling is
recorded; a ruling the procurator judges wrong leads, in one step, to the draft 纠正意见
(instrument type ``commutation_correction``, its reply period one month, rule
``commutation_correction``) on a supervision case of 刑罚执行监督.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from supervision.fields import DigestField, EncryptedTextField
from supervision.ids import mask_id
from supervision.models.deadline import Deadline, DeadlineLabel, DeadlineNotice

__all__ = ["CommutationKind", "CommutationProposal", "CommutationStatus", "OpinionStance",
           "RulingOutcome"]


class CommutationKind(models.TextChoices):
    COMMUTATION = "commutation", _("减刑")
    PAROLE = "parole", _("假释")
    OUTSIDE = "outside", _("暂予监外执行")


#: What the proposal of each kind is called, whole (a title is never built from the kind and a
#: word after it: English puts the words the other way round).
PROPOSAL_TITLES = {
    CommutationKind.COMMUTATION: _("减刑建议"),
    CommutationKind.PAROLE: _("假释建议"),
    CommutationKind.OUTSIDE: _("暂予监外执行建议"),
}


class CommutationStatus(models.TextChoices):
    PENDING = "pending", _("待提出检察意见")
    OPINION_ISSUED = "opinion_issued", _("已提出检察意见")
    RULED = "ruled", _("已裁定/决定")


class OpinionStance(models.TextChoices):
    AGREE = "agree", _("同意")
    DISAGREE = "disagree", _("不同意")


class RulingOutcome(models.TextChoices):
    GRANTED = "granted", _("准予（与建议一致）")
    GRANTED_CHANGED = "granted_changed", _("准予（与建议不一致）")
    REFUSED = "refused", _("不予准许")


#: The opinion is still owed: the model's ``CLOCK_RUNNING`` and its partial indexes' condition.
AWAITING_OPINION = models.Q(status=CommutationStatus.PENDING)


class CommutationProposal(Deadline):
    """One proposal's copy (建议书副本) sent by the executing organ, with the procuratorate's
    ten-day clock for its opinion (rule ``commutation_opinion``, or ``commutation_outside_opinion``
    for 暂予监外执行), the opinion itself (a frozen document), the court's ruling and the
    纠正意见 drafted against a wrong ruling.

    The person's name is personal data: lists show it to the procuratorate's staff and the
    organ only, the audit log and notifications never carry it; the ID number is stored
    encrypted, found by exact match on its digest, shown masked (as ``cases.Party``)."""

    procuratorate = models.ForeignKey("supervision.Procuratorate", verbose_name=_("检察院"),
                                      on_delete=models.PROTECT, related_name="+")
    organ = models.ForeignKey("agencies.Agency", verbose_name=_("执行机关"),
                              on_delete=models.PROTECT, related_name="commutation_proposals")
    kind = models.CharField(_("类别"), max_length=20, choices=CommutationKind.choices)
    proposal_number = models.CharField(_("建议书文号"), max_length=100)
    person_name = models.CharField(_("罪犯姓名"), max_length=50)
    person_id_number = EncryptedTextField(_("身份证号"), max_length=18, blank=True)
    person_id_digest = DigestField(source="person_id_number")
    judgment_number = models.CharField(_("原判决书文号"), max_length=100)
    judgment = models.TextField(_("原判罪名及刑期"))
    proposal = models.TextField(_("建议内容"))
    court = models.ForeignKey("agencies.Agency", verbose_name=_("审理法院（决定机关）"),
                              on_delete=models.PROTECT, related_name="+")
    proposal_file = models.FileField(_("建议书副本"), upload_to="duties/commutation/%Y/")
    file_name = models.CharField(_("文件名"), max_length=200)
    file_sha256 = models.CharField(_("SHA-256"), max_length=64)
    received_on = models.DateField(_("收到日期"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("报送人"),
                                 on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("报送时间"), auto_now_add=True)
    status = models.CharField(_("状态"), max_length=20, choices=CommutationStatus.choices,
                              default=CommutationStatus.PENDING)
    due_date = models.DateField(_("检察意见期限"))
    #: Who takes the opinion in hand (the first to write it); reminded of the period.
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("承办人"), null=True,
                                blank=True, on_delete=models.PROTECT, related_name="+")
    # The extension (延长十日, once), decided by an approver with its reason.
    extension_reason = models.TextField(_("延长理由"), blank=True)
    extended_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("延长决定人"),
                                    null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    extended_at = models.DateTimeField(_("延长时间"), null=True, blank=True)
    # The opinion (检察意见书): drafted, then issued by an approver (报经检察长批准) and frozen.
    opinion_stance = models.CharField(_("检察意见"), max_length=20, choices=OpinionStance.choices,
                                      blank=True)
    opinion_reasons = models.TextField(_("意见理由"), blank=True)
    opinion_number = models.CharField(_("检察意见书文号"), max_length=60, null=True, blank=True,
                                      unique=True)
    opinion_issued_on = models.DateField(_("提出意见日期"), null=True, blank=True)
    opinion_issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("签发人"),
                                          null=True, blank=True, on_delete=models.PROTECT,
                                          related_name="+")
    opinion_pdf = models.FileField(_("检察意见书"), upload_to="duties/commutation-opinions/%Y/",
                                   blank=True)
    opinion_sha256 = models.CharField(_("检察意见书 SHA-256"), max_length=64, blank=True)
    # The court's ruling (裁定/决定).
    ruling_number = models.CharField(_("裁定（决定）书文号"), max_length=100, blank=True)
    ruling_on = models.DateField(_("裁定（决定）日期"), null=True, blank=True)
    ruling_outcome = models.CharField(_("裁定（决定）结果"), max_length=20,
                                      choices=RulingOutcome.choices, blank=True)
    ruling_summary = models.TextField(_("裁定（决定）内容"), blank=True)
    #: The procurator's judgement of the ruling: True 不当 (with the reason), False 适当.
    ruling_wrong = models.BooleanField(_("裁定（决定）不当"), null=True, blank=True)
    ruling_wrong_reason = models.TextField(_("不当的理由"), blank=True)
    ruling_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"),
                                           null=True, blank=True, on_delete=models.PROTECT,
                                           related_name="+")
    # The 纠正意见 against a wrong ruling, on its supervision case.
    case = models.ForeignKey("cases.SupervisionCase", verbose_name=_("监督案件"), null=True,
                             blank=True, on_delete=models.PROTECT, related_name="+")
    correction = models.ForeignKey("recommendations.Recommendation", verbose_name=_("纠正意见"),
                                   null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    #: Waiting for the procuratorate's opinion (commutation_pending_due_idx).
    CLOCK_RUNNING = AWAITING_OPINION
    DEADLINE_LABEL = _("检察意见期限")

    class Meta:
        verbose_name = _("减刑、假释、暂予监外执行建议")
        verbose_name_plural = _("减刑、假释、暂予监外执行建议")
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["due_date"], name="commutation_pending_due_idx",
                         condition=AWAITING_OPINION),
            models.Index(fields=["clock_changed_at"], name="commutation_clock_changed_idx",
                         condition=AWAITING_OPINION),
            models.Index(fields=["procuratorate", "status", "due_date"],
                         name="commutation_queue_idx"),
            models.Index(fields=["organ", "-received_on"], name="commutation_organ_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status=CommutationStatus.PENDING)
                | (models.Q(opinion_issued_on__isnull=False) & ~models.Q(opinion_stance="")
                   & ~models.Q(opinion_sha256="")),
                name="commutation_opinion_issued_complete",
                violation_error_message=_("提出检察意见时必须有意见、日期和冻结的文书。")),
            models.CheckConstraint(
                condition=~models.Q(status=CommutationStatus.RULED)
                | (models.Q(ruling_on__isnull=False) & ~models.Q(ruling_outcome="")),
                name="commutation_ruling_complete",
                violation_error_message=_("登记裁定时必须填写裁定日期和结果。")),
            models.CheckConstraint(
                condition=models.Q(extended_at__isnull=True) | ~models.Q(extension_reason=""),
                name="commutation_extension_has_reason",
                violation_error_message=_("延长期限必须写明理由。")),
            models.CheckConstraint(
                condition=~models.Q(ruling_wrong=True) | ~models.Q(ruling_wrong_reason=""),
                name="commutation_wrong_ruling_has_reason",
                violation_error_message=_("认为裁定不当的，必须写明理由。")),
            models.CheckConstraint(
                condition=models.Q(correction__isnull=True) | models.Q(ruling_wrong=True),
                name="commutation_correction_needs_wrong_ruling",
                violation_error_message=_("只有裁定不当时才能制作纠正意见。")),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_number} · {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("duties:commutation-detail", args=[self.pk])

    def get_portal_url(self) -> str:
        return reverse("portal:commutation-detail", args=[self.pk])

    @property
    def proposal_title(self) -> str:
        """减刑建议 / 假释建议 / 暂予监外执行建议, in the reader's language."""
        return str(PROPOSAL_TITLES[self.kind])

    @property
    def person_id_masked(self) -> str:
        return mask_id(self.person_id_number)

    @property
    def extended(self) -> bool:
        return self.extended_at is not None

    @property
    def opinion_late(self) -> bool | None:
        """Whether the opinion came after its due date; None before it came."""
        if self.opinion_issued_on is None:
            return None
        return self.opinion_issued_on > self.due_date

    # --- the calendar recompute's questions (supervision.models.deadline.Deadline) ---------
    DEADLINE_PREVIEW_RELATED = ("organ",)

    def deadline_preview_label(self) -> DeadlineLabel:
        """The proposal's number and the organ that sent it."""
        return DeadlineLabel(number=self.proposal_number, party=self.organ.name,
                             kind="commutation", kind_label=_("减刑假释检察意见"))

    @classmethod
    def deadline_moved_notices(cls, moves) -> list[DeadlineNotice]:
        """Whoever is reminded of the period (``sweep_recipients``), each opening the
        proposal's page. Queries: the rows, then the procuratorates' staff once."""
        rows = {p.pk: p for p in cls.objects.filter(pk__in={m.pk for m in moves})
                .select_related("handler__notification_preference")}
        staff = _staff_by_procuratorate({p.procuratorate_id for p in rows.values()
                                         if p.handler_id is None})
        notices = []
        for move in moves:
            row = rows[move.pk]
            people = [row.handler] if row.handler_id else staff.get(row.procuratorate_id, [])
            notices.append(DeadlineNotice(
                recipients=people, code="calendar.moved.commutation",
                params={"number": row.proposal_number, "old": move.old_due.isoformat(),
                        "new": move.new_due.isoformat()},
                link=row.get_absolute_url()))
        return notices

    # --- the deadline sweep's generic protocol ---------------------------------------------
    SWEEP_PREFIX = "commutation"
    SWEEP_RELATED = ("organ", "handler__notification_preference")

    def sweep_recipients(self, *, overdue: bool) -> list:
        """The handler once someone took the opinion in hand, else the procuratorate's
        procurators; the overdue notice goes to its approvers too. One query."""
        from supervision.choices import APPROVER_ROLES, Role
        from supervision.models import User

        roles = set(APPROVER_ROLES) if overdue else set()
        if self.handler_id is None:
            roles.add(Role.PROCURATOR)
        people = list(User.objects.filter(procuratorate_id=self.procuratorate_id,
                                          is_active=True, role__in=roles)
                      .select_related("notification_preference")) if roles else []
        if self.handler_id is not None:
            people.append(self.handler)
        return people

    def sweep_params(self) -> dict:
        return {"number": self.proposal_number, "organ": self.organ.name}


def _staff_by_procuratorate(ids: set[int]) -> dict[int, list]:
    """The procurators of each procuratorate in ``ids`` (one query)."""
    from supervision.choices import Role
    from supervision.models import User

    found: dict[int, list] = {}
    if ids:
        for user in (User.objects.filter(procuratorate_id__in=ids, is_active=True,
                                         role=Role.PROCURATOR)
                     .select_related("notification_preference")):
            found.setdefault(user.procuratorate_id, []).append(user)
    return found
