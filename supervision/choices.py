from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROCURATOR = "procurator", _("检察官")
    ASSISTANT = "assistant", _("检察官助理")
    APPROVER = "approver", _("部门负责人")
    CHIEF = "chief", _("检察长")
    SUPERVISOR = "supervisor", _("案件管理/上级院")
    LIAISON = "liaison", _("被监督单位联络员")
    OBSERVER = "observer", _("人大观察员")
    SYSADMIN = "sysadmin", _("系统管理员")
    SECADMIN = "secadmin", _("安全管理员")
    AUDITADMIN = "auditadmin", _("审计管理员")


#: Roles that work inside a procuratorate on case content.
CASE_ROLES = {Role.PROCURATOR, Role.ASSISTANT, Role.APPROVER, Role.CHIEF, Role.SUPERVISOR}
#: Roles that may approve and issue instruments.
APPROVER_ROLES = {Role.APPROVER, Role.CHIEF}


class ProcuratorateLevel(models.TextChoices):
    SUPREME = "supreme", _("最高人民检察院")
    PROVINCIAL = "provincial", _("省级院")
    MUNICIPAL = "municipal", _("市级院")
    BASIC = "basic", _("基层院")


class PeriodUnit(models.TextChoices):
    DAYS = "days", _("日")
    MONTHS = "months", _("月")


class ClockStart(models.TextChoices):
    SERVICE = "service", _("送达")
    PUBLICATION = "publication", _("公告")
    RECEIPT = "receipt", _("收到申请")
