from django.db import models
from django.utils.translation import gettext_lazy as _


def choice_label(choices: type[models.Choices], value: str) -> str:
    """``value``'s label in the active language — what ``get_FOO_display()`` returns, without
    its cost: Django's builds a dict of every choice on each call, translating every lazy
    label to hash it (6 ms for a page of 63 instruments; this: 0.06 ms). Models define
    ``get_FOO_display`` with it for the fields lists show on every row."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


class Tone(models.TextChoices):
    """What a state means to the reader, one colour each on every page (``status_badge``):
    nothing asked yet, our move, the agency's move, done, or ended without effect. The badge
    always carries its words too: colour is never the only signal."""

    NEUTRAL = "neutral", _("未开始")
    OURS = "ours", _("待本院办理")
    THEIRS = "theirs", _("待对方办理")
    DONE = "done", _("已完成")
    ENDED = "ended", _("已终止")


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


class EmailMode(models.TextChoices):
    """How a user wants deadline news by e-mail; the in-app bell is always immediate."""

    IMMEDIATE = "immediate", _("逐条即时发送")
    DIGEST = "digest", _("每日汇总一封")


class EmailStatus(models.TextChoices):
    """An e-mail's outbox state. ``sending`` is the claim: a row left there by a killed worker
    is never sent again automatically (it may or may not have left), the self-check reports it."""

    PENDING = "pending", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    SKIPPED = "skipped", _("无需发送")
    FAILED = "failed", _("发送失败")
