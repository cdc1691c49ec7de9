"""Named choices of the hearings app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SupervisorStatus(models.TextChoices):
    """Whether a people's supervisor on the register may be invited. A term that has ended is
    also read from ``term_end`` (see ``PeopleSupervisor.availability``); ``ENDED`` records an
    end before the term's last day (辞任, 免职)."""

    ACTIVE = "active", _("在任")
    SUSPENDED = "suspended", _("暂停履职")
    ENDED = "ended", _("任期终止")


class HearingStatus(models.TextChoices):
    """定于 → 已举行 → 已办结, or 已取消 (transitions in ``hearings/transitions.py``)."""

    SCHEDULED = "scheduled", _("已安排")
    HELD = "held", _("已举行")
    CONCLUDED = "concluded", _("已办结")
    CANCELLED = "cancelled", _("已取消")


class ParticipantRole(models.TextChoices):
    """Who takes part in a hearing. The first group are the 听证员 (hearing members, whose
    opinion the procuratorate weighs); the others are 听证会参加人 heard on the facts."""

    PEOPLE_SUPERVISOR = "people_supervisor", _("人民监督员")
    DEPUTY = "deputy", _("人大代表")
    CPPCC_MEMBER = "cppcc_member", _("政协委员")
    EXPERT = "expert", _("专家学者")
    COMMUNITY = "community", _("社区/基层代表")
    PARTY = "party", _("当事人及其代理人")
    AGENCY = "agency", _("有关单位代表")
    OTHER = "other", _("其他人员")


#: The roles of the 听证员: their opinions are the hearing's opinion.
HEARING_MEMBER_ROLES = frozenset({
    ParticipantRole.PEOPLE_SUPERVISOR, ParticipantRole.DEPUTY, ParticipantRole.CPPCC_MEMBER,
    ParticipantRole.EXPERT, ParticipantRole.COMMUNITY,
})


class Stance(models.TextChoices):
    """A participant's view of the proposed handling (拟处理意见)."""

    AGREE = "agree", _("同意")
    PARTLY = "partly", _("部分同意")
    DISAGREE = "disagree", _("不同意")


class NoticeMethod(models.TextChoices):
    DIRECT = "direct", _("直接送达")
    MAIL = "mail", _("邮寄")
    PHONE = "phone", _("电话通知")
    ELECTRONIC = "electronic", _("电子方式")


class Outcome(models.TextChoices):
    """How the hearing's opinions were used in the decision (听证意见采纳情况)."""

    ADOPTED = "adopted", _("采纳")
    PARTLY = "partly", _("部分采纳")
    NOT_ADOPTED = "not_adopted", _("未采纳")


#: Outcomes that must say why (the hearing's opinion is an important reference: not following
#: it is explained).
OUTCOMES_WITH_REASON = frozenset({Outcome.PARTLY, Outcome.NOT_ADOPTED})
