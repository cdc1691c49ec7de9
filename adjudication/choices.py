"""Named choices of the adjudication app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AttendanceStatus(models.TextChoices):
    """已收到通知 → 已列席 → 已记录结果; or 未列席 / 已取消 (``adjudication/transitions.py``)."""

    NOTIFIED = "notified", _("已收到通知")
    ATTENDED = "attended", _("已列席")
    CONCLUDED = "concluded", _("已记录结果")
    ABSENT = "absent", _("未列席")
    CANCELLED = "cancelled", _("已取消")


class Category(models.TextChoices):
    """The case or topic the committee discusses. The first three and the last are the ones
    the implementing opinion names (法发〔2010〕4号 第三条); 再审检察建议 and 重大疑难 cases are
    the ones local practice adds."""

    ACQUITTAL = "acquittal", _("可能判处被告人无罪的公诉案件")
    DEATH_PENALTY = "death_penalty", _("可能判处被告人死刑的案件")
    PROTEST = "protest", _("人民检察院提出抗诉的案件")
    RETRIAL_RECOMMENDATION = "retrial_proposal", _("人民检察院提出再审检察建议的案件")
    MAJOR = "major", _("重大、疑难、复杂案件")
    OTHER_TOPIC = "other_topic", _("与检察工作有关的其他议题")


class Initiative(models.TextChoices):
    """How the attendance came about (法发〔2010〕4号 第四条): the court told the procuratorate
    of a case or topic going to the committee; the procuratorate asked to attend; the court
    invited the chief."""

    COURT_NOTICE = "court_notice", _("法院告知")
    PROCURATORATE_REQUEST = "procuratorate_request", _("本院提出列席")
    COURT_INVITATION = "court_invitation", _("法院邀请列席")


class Adoption(models.TextChoices):
    """Whether the committee's decision followed the opinion the procuratorate gave."""

    ADOPTED = "adopted", _("采纳")
    PARTLY = "partly", _("部分采纳")
    NOT_ADOPTED = "not_adopted", _("未采纳")
    UNDECIDED = "undecided", _("未作决定")


#: Outcomes after which the procuratorate says what it will do about it (抗诉, 再审检察建议 …).
ADOPTIONS_WITH_FOLLOW_UP = frozenset({Adoption.PARTLY, Adoption.NOT_ADOPTED})
