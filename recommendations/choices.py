from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override


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


#: Each state's tone (``supervision.choices.Tone``): whose move it is, for the status badge.
INSTRUMENT_STATUS_TONES: dict[str, str] = {
    InstrumentStatus.DRAFT: "neutral",
    InstrumentStatus.PENDING_APPROVAL: "ours", InstrumentStatus.APPROVED: "ours",
    InstrumentStatus.ISSUED: "theirs", InstrumentStatus.AWAITING_REPLY: "theirs",
    InstrumentStatus.UNDER_REVIEW: "ours", InstrumentStatus.REPLIED: "ours",
    InstrumentStatus.RECTIFICATION_PENDING: "ours", InstrumentStatus.FOLLOW_UP: "theirs",
    InstrumentStatus.CLOSED: "done",
    InstrumentStatus.WITHDRAWN: "ended", InstrumentStatus.VOIDED: "ended",
}

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


EXTENSION_STATUS_TONES: dict[str, str] = {
    ExtensionStatus.REQUESTED: "ours", ExtensionStatus.GRANTED: "done",
    ExtensionStatus.REFUSED: "ended",
}


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


# --- How each instrument is composed: its sections and their headings ------------------------
# The one table that says which heading each drafting section carries in each kind of
# instrument (the form's labels, the PDF's and the DOCX's headings). A type lists its sections
# (``InstrumentType.sections``); this table words them. Headings are msgids: the form shows
# them in the user's language, documents print the msgid (Chinese whatever the UI language).

#: The ``Recommendation`` field each section is written in.
SECTION_FIELDS: dict[str, str] = {
    DraftSection.CASE_SOURCE: "case_source",
    DraftSection.FACTS: "facts",
    DraftSection.PROBLEMS: "problems",
    DraftSection.LEGAL_BASIS: "legal_basis",
    DraftSection.BODY: "body",
}

#: The operative section (its numbered items are what the agency answers one by one); every
#: instrument has it, so it is added at the end when a type's list leaves it out.
OPERATIVE_SECTION = DraftSection.BODY


@dataclass(frozen=True)
class InstrumentForm:
    """How one family of instruments is composed: the heading of each section, and the
    pattern of its generated 关于…的 title ({agency}, {matter}, {document})."""

    headings: dict[str, Promise]
    title_pattern: str = "关于{agency}{matter}问题的{document}"


# 人民检察院检察建议工作规定 (2019) art. 13: 案件来源、依据认定的案件事实、存在的主要问题、
# 提出检察建议的法律依据、建议的具体内容 (the reply period is the closing sentence).
RECOMMENDATION_FORM = InstrumentForm({
    DraftSection.CASE_SOURCE: _("案件来源"),
    DraftSection.FACTS: _("查明的事实"),
    DraftSection.PROBLEMS: _("存在的问题"),
    DraftSection.LEGAL_BASIS: _("法律依据"),
    DraftSection.BODY: _("建议内容"),
})
# 纠正违法通知书 and the other correction opinions (刑事诉讼规则 art. 552-553): the violation
# found, why it is a violation and on what legal basis, and what is to be corrected.
CORRECTION_FORM = InstrumentForm({
    DraftSection.CASE_SOURCE: _("案件来源"),
    DraftSection.FACTS: _("发现的违法情形"),
    DraftSection.PROBLEMS: _("认定违法的理由"),
    DraftSection.LEGAL_BASIS: _("认定违法的依据"),
    DraftSection.BODY: _("纠正意见"),
}, title_pattern="关于纠正{agency}{matter}问题的{document}")
# 羁押必要性审查建议书 (刑事诉讼法 art. 95).
CUSTODY_FORM = InstrumentForm({
    DraftSection.CASE_SOURCE: _("案件来源"),
    DraftSection.FACTS: _("查明的事实"),
    DraftSection.PROBLEMS: _("不需要继续羁押的理由"),
    DraftSection.LEGAL_BASIS: _("法律依据"),
    DraftSection.BODY: _("建议内容"),
})
# 抗诉书 (民事诉讼法 art. 219-222): the case, the grounds with their legal basis, the protest.
PROTEST_FORM = InstrumentForm({
    DraftSection.CASE_SOURCE: _("案件来源"),
    DraftSection.FACTS: _("基本案情"),
    DraftSection.PROBLEMS: _("审查认定的问题"),
    DraftSection.LEGAL_BASIS: _("抗诉理由和法律依据"),
    DraftSection.BODY: _("抗诉意见"),
})
# 检察意见 in administrative-criminal transfer (seed 003 §9).
OPINION_FORM = InstrumentForm({
    DraftSection.CASE_SOURCE: _("案件来源"),
    DraftSection.FACTS: _("查明的事实"),
    DraftSection.PROBLEMS: _("存在的问题"),
    DraftSection.LEGAL_BASIS: _("法律依据"),
    DraftSection.BODY: _("检察意见"),
})
# 要求说明不立案理由通知书 / 通知立案书 (刑事诉讼法 art. 113; 刑事诉讼规则 art. 559-563).
FILING_FORM = InstrumentForm({
    DraftSection.CASE_SOURCE: _("案件来源"),
    DraftSection.FACTS: _("案件情况"),
    DraftSection.PROBLEMS: _("存在的问题"),
    DraftSection.LEGAL_BASIS: _("理由和法律依据"),
    DraftSection.BODY: _("通知事项"),
})
# 移送线索函 (seed 002 §5, §7).
TRANSFER_FORM = InstrumentForm({
    DraftSection.CASE_SOURCE: _("案件来源"),
    DraftSection.FACTS: _("线索情况"),
    DraftSection.PROBLEMS: _("存在的问题"),
    DraftSection.LEGAL_BASIS: _("法律依据"),
    DraftSection.BODY: _("移送事项"),
})

#: InstrumentType.code -> its form. A type not listed takes its parent's form, else the
#: recommendation's (a 检察建议 subtype an administrator adds reads as a 检察建议).
INSTRUMENT_FORMS: dict[str, InstrumentForm] = {
    "recommendation": RECOMMENDATION_FORM,
    "custody_review": CUSTODY_FORM,
    "correction_notice": CORRECTION_FORM,
    "correction_opinion": CORRECTION_FORM,
    "commutation_correction": CORRECTION_FORM,
    "compulsory_medical_correction": CORRECTION_FORM,
    "protest": PROTEST_FORM,
    "procuratorial_opinion": OPINION_FORM,
    "explain_non_filing": FILING_FORM,
    "notice_to_file": FILING_FORM,
    "clue_transfer": TRANSFER_FORM,
}


@dataclass(frozen=True)
class Section:
    """One section of one type's document: which it is, the field it is written in, and its
    heading (a msgid: ``str()`` it in the user's language, or print ``heading.msgid``)."""

    key: str
    field: str
    heading: Promise

    @property
    def msgid(self) -> str:
        """The heading as printed in documents (Chinese whatever the interface language)."""
        with override(None):
            return str(self.heading)


def instrument_form(instrument_type) -> InstrumentForm:
    """The form (headings, title pattern) of ``instrument_type`` (or of none: a 检察建议's)."""
    if instrument_type is None:
        return RECOMMENDATION_FORM
    found = INSTRUMENT_FORMS.get(instrument_type.code)
    parent = instrument_type.parent if found is None and instrument_type.parent_id else None
    return found or (parent and INSTRUMENT_FORMS.get(parent.code)) or RECOMMENDATION_FORM


def instrument_sections(instrument_type) -> list[Section]:
    """The sections ``instrument_type`` uses (``InstrumentType.sections``), in its order, with
    its headings; all five when the type lists none; the operative section always, last."""
    keys = [k for k in (getattr(instrument_type, "sections", None) or SECTION_FIELDS)
            if k in SECTION_FIELDS]
    keys = list(dict.fromkeys(keys))
    if OPERATIVE_SECTION not in keys:
        keys.append(OPERATIVE_SECTION)
    headings = instrument_form(instrument_type).headings
    return [Section(k, SECTION_FIELDS[k], headings[k]) for k in keys]


# --- Approval by level (审批层级, issue 18) ------------------------------------------------------


class ApprovalLevel(models.TextChoices):
    """Who must approve an instrument of a type before it is issued (``InstrumentType.
    approval_level``), and — on a pending instrument — the level it now waits at
    (``Recommendation.approval_stage``). The levels form a chain: an instrument of the chief's
    level is approved by the department head, then the chief; one of the committee's by the
    department head, the chief, then the procuratorial committee (检察委员会), whose decision the
    chief records (docs/approval.md)."""

    DEPARTMENT = "department", _("部门负责人")
    CHIEF = "chief", _("检察长")
    COMMITTEE = "committee", _("检察委员会")


#: The chain of levels each type level passes through, in order.
APPROVAL_CHAINS: dict[str, tuple[str, ...]] = {
    ApprovalLevel.DEPARTMENT: (ApprovalLevel.DEPARTMENT,),
    ApprovalLevel.CHIEF: (ApprovalLevel.DEPARTMENT, ApprovalLevel.CHIEF),
    ApprovalLevel.COMMITTEE: (ApprovalLevel.DEPARTMENT, ApprovalLevel.CHIEF,
                              ApprovalLevel.COMMITTEE),
}

#: Each level's place in the order, lowest first (the chief's approval covers the levels
#: below it).
APPROVAL_RANK: dict[str, int] = {level: rank for rank, level in enumerate(ApprovalLevel.values)}


class ApprovalOutcome(models.TextChoices):
    """What one approver did at one level (``ApprovalStep``)."""

    APPROVED = "approved", _("同意")
    RETURNED = "returned", _("退回修改")


class CommitteeDecisionKind(models.TextChoices):
    """The procuratorial committee's decision on an instrument (检察委员会决定)."""

    AGREE = "agree", _("同意")
    AGREE_WITH_CHANGES = "agree_with_changes", _("修改后同意")
    DISAGREE = "disagree", _("不同意")


def approval_chain_for(type_level: str, latest_committee_decision: str = "") -> tuple[str, ...]:
    """The levels an instrument of ``type_level`` passes, in order; without the committee
    once the committee's latest decision on it was 修改后同意 (the draft revised as the
    committee asked goes to the chief, not back to the committee)."""
    chain = APPROVAL_CHAINS.get(type_level, APPROVAL_CHAINS[ApprovalLevel.DEPARTMENT])
    if latest_committee_decision == CommitteeDecisionKind.AGREE_WITH_CHANGES:
        chain = tuple(level for level in chain if level != ApprovalLevel.COMMITTEE)
    return chain
