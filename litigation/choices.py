"""Named choices of the litigation app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SuitKind(models.TextChoices):
    """The three kinds of public-interest suit a procuratorate brings
    (《最高人民法院、最高人民检察院关于检察公益诉讼案件适用法律若干问题的解释》 第十三条、第二十条、第二十一条)."""

    CIVIL = "civil", _("民事公益诉讼")
    ADMINISTRATIVE = "administrative", _("行政公益诉讼")
    CRIMINAL_INCIDENTAL = "criminal_incidental", _("刑事附带民事公益诉讼")


#: Kinds that must announce before suing: the civil suit (解释 第十三条) and the
#: criminal-incidental civil suit (《最高人民检察院关于刑事附带民事公益诉讼应否履行诉前公告程序问题的
#: 批复》, 2019 — not checked against a text in /work/shared: unverified).
ANNOUNCING_KINDS = frozenset({SuitKind.CIVIL, SuitKind.CRIMINAL_INCIDENTAL})


class SuitStatus(models.TextChoices):
    """The suit's stage (transitions in ``litigation/transitions.py``)."""

    PREPARING = "preparing", _("诉前审查")
    ANNOUNCED = "announced", _("公告中")
    SUPERSEDED = "superseded", _("适格主体已起诉")
    FILED = "filed", _("已起诉")
    HEARD = "heard", _("已开庭")
    JUDGED = "judged", _("一审已裁判")
    APPEALED = "appealed", _("二审中")
    EFFECTIVE = "effective", _("裁判已生效")
    ENFORCING = "enforcing", _("执行中")
    CLOSED = "closed", _("已办结")
    WITHDRAWN = "withdrawn", _("已终结审查")


#: Stages after which nothing is done on the suit.
FINAL_STATUSES = frozenset({SuitStatus.SUPERSEDED, SuitStatus.CLOSED, SuitStatus.WITHDRAWN})


class AnnouncementMedium(models.TextChoices):
    """Where the announcement was published (《人民检察院公益诉讼办案规则》 第九十一条: 具有全国影响的
    媒体 — article number not checked against a text here: unverified)."""

    PROCURATORATE_DAILY = "procuratorate_daily", _("《检察日报》")
    NATIONAL_MEDIA = "national_media", _("其他全国性媒体")
    PROCURATORATE_WEBSITE = "procuratorate_website", _("正义网/检察机关门户网站")


class AnnouncementResult(models.TextChoices):
    """What the announcement led to (解释 第十三条第二款)."""

    NOBODY_SUED = "nobody_sued", _("公告期满，无适格主体起诉")
    ORGAN_SUED = "organ_sued", _("法律规定的机关或有关组织已起诉")
    #: The procuratorate ended its examination while the announcement ran.
    ENDED = "ended", _("本院终结审查")


class SessionKind(models.TextChoices):
    PRETRIAL = "pretrial", _("庭前会议")
    TRIAL = "trial", _("开庭审理")
    PRONOUNCEMENT = "pronouncement", _("宣判")


class Instance(models.TextChoices):
    FIRST = "first", _("一审")
    SECOND = "second", _("二审")


class JudgmentResult(models.TextChoices):
    """How the first or second instance ended."""

    SUPPORTED_ALL = "supported_all", _("判决支持全部诉讼请求")
    SUPPORTED_PART = "supported_part", _("判决支持部分诉讼请求")
    CLAIMS_DISMISSED = "claims_dismissed", _("判决驳回诉讼请求")
    SUIT_DISMISSED = "suit_dismissed", _("裁定驳回起诉")
    MEDIATED = "mediated", _("调解结案")
    WITHDRAWAL_ALLOWED = "withdrawal_allowed", _("裁定准许撤诉")


#: Results read as a judgment for the procuratorate (statistics: 支持).
RESULTS_FOR = frozenset({JudgmentResult.SUPPORTED_ALL, JudgmentResult.SUPPORTED_PART,
                         JudgmentResult.MEDIATED})
#: Results read as against it (驳回).
RESULTS_AGAINST = frozenset({JudgmentResult.CLAIMS_DISMISSED, JudgmentResult.SUIT_DISMISSED})
#: Results by judgment (判决: 15 days to appeal) and by ruling that may be appealed (裁定驳回起诉:
#: 10 days). A mediation agreement and a ruling allowing withdrawal cannot be appealed.
APPEALABLE_JUDGMENTS = frozenset({JudgmentResult.SUPPORTED_ALL, JudgmentResult.SUPPORTED_PART,
                                  JudgmentResult.CLAIMS_DISMISSED})
APPEALABLE_RULINGS = frozenset({JudgmentResult.SUIT_DISMISSED})


class SecondResult(models.TextChoices):
    UPHELD = "upheld", _("驳回上诉，维持原判")
    AMENDED = "amended", _("依法改判")
    MEDIATED = "mediated", _("二审调解")
    APPEAL_WITHDRAWN = "appeal_withdrawn", _("准许撤回上诉")


class Appellant(models.TextChoices):
    """Who appealed. In public-interest litigation the procuratorate itself appeals (上诉)
    against a first-instance judgment or ruling it disagrees with (解释 第十条)."""

    PROCURATORATE = "procuratorate", _("本院上诉")
    DEFENDANT = "defendant", _("被告上诉")
    OTHER = "other", _("其他当事人上诉")


class AppealPeriodOutcome(models.TextChoices):
    """How an appeal period ended: someone appealed, or it lapsed and the decision took
    effect. Empty while it runs."""

    APPEALED = "appealed", _("已上诉")
    LAPSED = "lapsed", _("期满未上诉")


class InstrumentOutcome(models.TextChoices):
    """What happened after a 督促起诉 or 支持起诉 instrument was served: the organ urged to sue
    sued or not; the supported suit's result."""

    ORGAN_SUED = "organ_sued", _("被督促机关已提起诉讼")
    ORGAN_DECLINED = "organ_declined", _("被督促机关未提起诉讼")
    SUPPORTED_WON = "supported_won", _("支持的诉讼请求获全部支持")
    SUPPORTED_PART = "supported_part", _("支持的诉讼请求获部分支持")
    SUPPORTED_MEDIATED = "supported_mediated", _("支持的诉讼调解结案")
    SUPPORTED_LOST = "supported_lost", _("支持的诉讼请求被驳回")
    SUPPORTED_WITHDRAWN = "supported_withdrawn", _("原告撤诉")


#: The instrument types of this app (created by its data migration) and the outcomes each may
#: record.
URGE_TYPE = "pil_urge_suit"
SUPPORT_TYPE = "pil_support_suit"
OUTCOMES_BY_TYPE = {
    URGE_TYPE: (InstrumentOutcome.ORGAN_SUED, InstrumentOutcome.ORGAN_DECLINED),
    SUPPORT_TYPE: (InstrumentOutcome.SUPPORTED_WON, InstrumentOutcome.SUPPORTED_PART,
                   InstrumentOutcome.SUPPORTED_MEDIATED, InstrumentOutcome.SUPPORTED_LOST,
                   InstrumentOutcome.SUPPORTED_WITHDRAWN),
}
#: The pre-litigation recommendation types an administrative suit rests on.
PRE_LITIGATION_PREFIX = "pil_pre_litigation"
