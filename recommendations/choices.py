from django.db import models
from django.utils.translation import gettext_lazy as _


class InstrumentStatus(models.TextChoices):
    """The life of an instrument (DOMAIN.md §4). "Overdue" is not a status: it is derived
    from ``due_date`` at read time."""

    DRAFT = "draft", _("草稿")
    PENDING_APPROVAL = "pending_approval", _("待审批")
    APPROVED = "approved", _("已审批")
    ISSUED = "issued", _("已签发")
    AWAITING_REPLY = "awaiting_reply", _("待回复")
    UNDER_REVIEW = "under_review", _("复议/复查中")
    REPLIED = "replied", _("已回复")
    RECTIFICATION_PENDING = "rectification_pending", _("待整改核查")
    CLOSED = "closed", _("已办结")
    WITHDRAWN = "withdrawn", _("已撤回")


#: States in which the addressee agency may see the instrument.
VISIBLE_TO_AGENCY = [
    InstrumentStatus.ISSUED, InstrumentStatus.AWAITING_REPLY, InstrumentStatus.UNDER_REVIEW,
    InstrumentStatus.REPLIED, InstrumentStatus.RECTIFICATION_PENDING, InstrumentStatus.CLOSED,
]


class ServiceMethod(models.TextChoices):
    DIRECT = "direct", _("直接送达")
    MAIL = "mail", _("邮寄送达")
    ELECTRONIC = "electronic", _("电子送达")


class DeadlineEventKind(models.TextChoices):
    """What a deadline outbox row announces. For an escalation, ``offset_days`` is the step
    (1 suggest 催告, 2 notify the superior authority, 3 the higher procuratorate)."""

    REMINDER = "reminder", _("到期提醒")
    OVERDUE = "overdue", _("逾期")
    ESCALATION = "escalation", _("升级督办")


class ExtensionStatus(models.TextChoices):
    """An extension of the reply period (延长回复期限): asked for by the agency, or granted by
    the procuratorate on its own motion (then it is ``granted`` from the start)."""

    REQUESTED = "requested", _("已申请")
    GRANTED = "granted", _("已准许")
    REFUSED = "refused", _("不予准许")


class InternalDeadlineKind(models.TextChoices):
    """The procuratorate's own deadlines on an instrument (本院办理期限), as opposed to the
    agency's reply deadline, which lives on the instrument itself."""

    EXTENSION_DECISION = "extension_decision", _("延期申请的决定")
    REVIEW_DECISION = "review_decision", _("复查申请的决定")
    EVALUATION = "evaluation", _("回复的审查评估")
    VERIFICATION = "verification", _("整改情况的跟踪核查")


#: The period rule (``supervision.PeriodRule.code``) of each internal deadline kind.
INTERNAL_DEADLINE_RULES: dict[str, str] = {
    InternalDeadlineKind.EXTENSION_DECISION: "extension_decision",
    InternalDeadlineKind.REVIEW_DECISION: "review_request",
    InternalDeadlineKind.EVALUATION: "reply_evaluation",
    InternalDeadlineKind.VERIFICATION: "rectification_verification",
}
