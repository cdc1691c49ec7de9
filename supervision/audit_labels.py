"""What each audit action is called, for the audit administrator (issue 15).

The actions are written by every app, and their labels live with them (the case timeline's
``ACTION_LABELS``, the instruments' …): each app registers its labels here from its
``AppConfig.ready`` (a lower layer offering a hook, as ARCHITECTURE.md asks), and the admin's
list, filter and export show the label, with the action's code beside it for the record.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _

LABELS: dict[str, object] = {
    "auth.login": _("登录"),
    "auth.login_failed": _("登录失败"),
    "auth.locked_out": _("登录锁定"),
    "auth.unlocked": _("解除登录锁定"),
    "auth.2fa_enrol_started": _("开始设置两步验证"),
    "auth.2fa_enrolled": _("启用两步验证"),
    "auth.2fa_enrol_failed": _("两步验证设置失败"),
    "auth.2fa_verified": _("两步验证通过"),
    "auth.2fa_failed": _("两步验证失败"),
    "auth.2fa_disabled": _("关闭两步验证"),
    "auth.2fa_reset": _("重置两步验证"),
    "auth.recovery_code_used": _("使用恢复码"),
    "auth.recovery_codes_regenerated": _("重新生成恢复码"),
    "password.changed": _("修改密码"),
    "file.read": _("下载文件"),
    "interference.read": _("查阅干预过问记录"),
    "party.ids_read": _("查看当事人完整证件号码"),
    "audit.exported": _("导出审计记录"),
    "admin.added": _("后台新增"),
    "admin.changed": _("后台修改"),
    "admin.deleted": _("后台删除"),
    "user_create": _("新建用户"),
    "user_change": _("修改用户"),
    "calendar_feed_regenerate": _("重新生成日历订阅"),
    "calendar_feed_revoke": _("停用日历订阅"),
}


def register(labels: Mapping[str, object]) -> None:
    LABELS.update(labels)


def label(action: str) -> str:
    return str(LABELS.get(action, action))
