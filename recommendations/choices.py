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
    FOLLOW_UP = "follow_up", _("跟进监督中")
    CLOSED = "closed", _("已办结")
    WITHDRAWN = "withdrawn", _("已撤回")
    VOIDED = "voided", _("已作废")


#: States in which the addressee agency may see the instrument.
VISIBLE_TO_AGENCY = [
    InstrumentStatus.ISSUED, InstrumentStatus.AWAITING_REPLY, InstrumentStatus.UNDER_REVIEW,
    InstrumentStatus.REPLIED, InstrumentStatus.RECTIFICATION_PENDING, InstrumentStatus.CLOSED,
    InstrumentStatus.FOLLOW_UP, InstrumentStatus.WITHDRAWN, InstrumentStatus.VOIDED,
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


class ItemAnswer(models.TextChoices):
    """The agency's answer to one numbered item (建议事项) of an instrument."""

    ADOPTED = "adopted", _("采纳")
    PARTLY = "partly", _("部分采纳")
    NOT_ADOPTED = "not_adopted", _("不采纳")


class ReplyDraftStatus(models.TextChoices):
    """Where an agency's reply stands before it is sent to the procuratorate."""

    EDITING = "editing", _("草稿")
    AWAITING_SIGNOFF = "awaiting_signoff", _("待负责人签发")


class EvaluationOutcome(models.TextChoices):
    """The procurator's judgement of a reply (跟踪问效), per instrument and per item; the
    statistics' adoption rate (采纳率) and rectification rate (整改率) are built from these."""

    ADOPTED_RECTIFIED = "adopted_rectified", _("采纳并整改到位")
    ADOPTED_IN_PROGRESS = "adopted_in_progress", _("采纳正在整改")
    PARTLY_ADOPTED = "partly_adopted", _("部分采纳")
    NOT_ADOPTED = "not_adopted", _("不采纳")
    OBJECTION_UPHELD = "objection_upheld", _("异议成立")


class ReviewKind(models.TextChoices):
    """What the agency asks for when it disagrees: an objection / reconsideration (异议/复议,
    seed 002 §13) or a review of a correction opinion (复查, 刑事诉讼规则 art. 554)."""

    OBJECTION = "objection", _("异议/复议")
    REVIEW = "review", _("复查")


class ReviewOutcome(models.TextChoices):
    REJECTED = "rejected", _("维持原文书")
    UPHELD = "upheld", _("异议成立，撤回文书")


class FollowUpKind(models.TextChoices):
    """Follow-up after an unsatisfactory or missing reply (seed 000 §7–8; 刑事诉讼规则 art. 553)."""

    URGE = "urge", _("催告")
    HIGHER_PROCURATORATE = "higher_procuratorate", _("提请上级院跟进监督")
    SUPERIOR_AUTHORITY = "superior_authority", _("通报上级机关/主管部门")
    CONGRESS = "congress", _("报告人大常委会")
    GOVERNMENT = "government", _("通报政府或监察委员会")
    LAWSUIT = "lawsuit", _("提起行政公益诉讼")


class DraftSection(models.TextChoices):
    """The drafting sections 人民检察院检察建议工作规定 (2019) art. 13 asks of a recommendation;
    each instrument type lists those it uses (``InstrumentType.sections``)."""

    CASE_SOURCE = "case_source", _("案件来源")
    FACTS = "facts", _("查明的事实")
    PROBLEMS = "problems", _("存在的问题/违法情形")
    LEGAL_BASIS = "legal_basis", _("法律依据")
    BODY = "body", _("建议的具体内容")
