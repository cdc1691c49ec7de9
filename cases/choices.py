from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    ACCEPTED = "accepted", _("受理")
    REVIEWING = "reviewing", _("审查")
    SUPERVISING = "supervising", _("监督中")
    CLOSED = "closed", _("结案")
    NOT_SUPPORTED = "not_supported", _("不支持监督")
    TERMINATED = "terminated", _("终结审查")


class ClueSource(models.TextChoices):
    PARTY_APPLICATION = "party_application", _("当事人申请")
    COMPLAINT = "complaint", _("控告申诉")
    EX_OFFICIO = "ex_officio", _("依职权发现")
    ASSIGNED = "assigned", _("上级交办")
    TRANSFERRED = "transferred", _("其他机关移送")
    DEPUTY = "deputy", _("人大代表/政协委员转交")
    HOTLINE = "hotline_12309", _("12309 平台")
    OTHER = "other", _("其他")
