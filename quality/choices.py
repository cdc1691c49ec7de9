"""Named choices of the quality review app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewKind(models.TextChoices):
    """How the case came to be reviewed (《人民检察院案件质量评查工作规定》: 常规评查, 重点评查,
    专项评查; a random draw among finished cases is the usual way of a routine review)."""

    ROUTINE = "routine", _("常规评查")
    KEY = "key", _("重点评查")
    SPECIAL = "special", _("专项评查")
    RANDOM = "random", _("随机抽查")


class ReviewStatus(models.TextChoices):
    """待评查 → 评查中 → 已评定 → 已办结, or 已撤销 (``quality/transitions.py``)."""

    PENDING = "pending", _("待评查")
    IN_PROGRESS = "in_progress", _("评查中")
    GRADED = "graded", _("已评定")
    CONCLUDED = "concluded", _("已办结")
    CANCELLED = "cancelled", _("已撤销")


#: States in which the handler of the reviewed case sees the review (its result).
RESULT_STATES = (ReviewStatus.GRADED, ReviewStatus.CONCLUDED)


class AppliesTo(models.TextChoices):
    """What a checklist item is asked of: a case, an instrument, or both."""

    CASE = "case", _("监督案件")
    INSTRUMENT = "instrument", _("监督文书")
    BOTH = "both", _("案件和文书")


class ChecklistGroup(models.TextChoices):
    """The headings of the checklist, in the order a review reads them."""

    FACTS = "facts", _("事实认定")
    LAW = "law", _("法律适用")
    PROCEDURE = "procedure", _("程序规范")
    DOCUMENTS = "documents", _("文书制作")
    EFFECT = "effect", _("监督效果")


class ItemResult(models.TextChoices):
    """The finding on one checklist item."""

    CONFORMS = "conforms", _("符合")
    FLAW = "flaw", _("瑕疵")
    NONCONFORMING = "nonconforming", _("不符合")
    NOT_APPLICABLE = "not_applicable", _("不适用")


#: Results that are a problem found (问题), and so must say what was found.
PROBLEM_RESULTS = frozenset({ItemResult.FLAW, ItemResult.NONCONFORMING})


class Grade(models.TextChoices):
    """The review's grade, best first (the order ``grading`` compares them in)."""

    EXCELLENT = "excellent", _("优质")
    PASS = "pass", _("合格")
    FLAWED = "flawed", _("瑕疵")
    FAIL = "fail", _("不合格")


#: Grades that count as good quality in the figures (优质率/合格率).
GOOD_GRADES = (Grade.EXCELLENT, Grade.PASS)


class FeedbackKind(models.TextChoices):
    """The handler's answer to the grade."""

    ACCEPT = "accept", _("无异议")
    OBJECT = "object", _("提出异议")


class Decision(models.TextChoices):
    """What the organiser decides on an objection when concluding."""

    MAINTAIN = "maintain", _("维持评定等次")
    CHANGE = "change", _("变更评定等次")
