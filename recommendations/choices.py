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
    REMINDER = "reminder", _("到期提醒")
    OVERDUE = "overdue", _("逾期")
    ESCALATION = "escalation", _("升级督办")
