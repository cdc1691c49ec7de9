"""Named choices of the inspections app."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.choices import AgencyType


class InspectionKind(models.TextChoices):
    """巡回检察 (a team visits the institution for a period) or 派驻检察 (the procuratorate's
    office stationed in the institution checks it in its daily work): seed 000 §2,
    "健全派驻检察与巡回检察相结合的监督模式"."""

    CIRCUIT = "circuit", _("巡回检察")
    RESIDENT = "resident", _("派驻检察")


class InspectionMode(models.TextChoices):
    """The forms a circuit inspection takes in 监狱巡回检察 practice (常规、专门、机动、交叉);
    a resident inspection is its own mode (日常检察)."""

    REGULAR = "regular", _("常规巡回检察")
    SPECIAL = "special", _("专门巡回检察")
    MOBILE = "mobile", _("机动巡回检察")
    CROSS = "cross", _("交叉巡回检察")
    DAILY = "daily", _("日常派驻检察")


class InspectionStatus(models.TextChoices):
    """计划 → 进行中 → 已结束 (the report sent), or 已撤销 (``inspections/transitions.py``)."""

    PLANNED = "planned", _("计划")
    IN_PROGRESS = "in_progress", _("进行中")
    CONCLUDED = "concluded", _("已结束")
    CANCELLED = "cancelled", _("已撤销")


class FindingCategory(models.TextChoices):
    """What the problem concerns: the scope of an inspection of a place of custody or
    execution (监管执法、刑罚执行、安全防范、被监管人权益保障 …)."""

    CUSTODY = "custody", _("监管执法")
    PENALTY = "penalty", _("刑罚执行")
    SECURITY = "security", _("安全防范")
    RIGHTS = "rights", _("被监管人权益保障")
    EDUCATION = "education", _("教育改造")
    HEALTH = "health", _("生活卫生与医疗")
    CORRECTION = "correction", _("社区矫正监督管理")
    OTHER = "other", _("其他")


class Severity(models.TextChoices):
    GENERAL = "general", _("一般")
    SERIOUS = "serious", _("较重")
    GRAVE = "grave", _("严重")


class FindingStatus(models.TextChoices):
    """待处理 → 已转办 (a case or an instrument) / 已口头纠正 → 整改中 → 已整改 / 未整改
    (``inspections/transitions.py``)."""

    PENDING = "pending", _("待处理")
    CONVERTED = "converted", _("已转办")
    ORAL = "oral", _("已口头纠正")
    RECTIFYING = "rectifying", _("整改中")
    RECTIFIED = "rectified", _("已整改")
    NOT_RECTIFIED = "not_rectified", _("未整改")


class Disposal(models.TextChoices):
    """What a finding became (its follow-through)."""

    CASE = "case", _("立为监督案件")
    INSTRUMENT = "instrument", _("制发监督文书")
    ORAL = "oral", _("口头纠正")


#: The institutions a circuit or resident inspection is of (seed 000 §2: "监狱、看守所、
#: 社区矫正机构和强制医疗场所").
INSTITUTION_TYPES = (AgencyType.PRISON, AgencyType.DETENTION, AgencyType.COMMUNITY_CORRECTION,
                     AgencyType.COMPULSORY_MEDICAL)

#: The instrument types a finding may become in one step (by code, ``InstrumentType.code``).
INSTRUMENT_CODES = ("correction_notice", "correction_opinion", "recommendation",
                    "correction_recommendation", "social_governance_recommendation")

#: The finding states after which nothing remains to do.
FINAL_FINDING_STATES = frozenset({FindingStatus.RECTIFIED, FindingStatus.NOT_RECTIFIED})
