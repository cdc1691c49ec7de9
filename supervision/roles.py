"""What each administrator role may do — the three separated administrators of MLPS level 3
(等保三级: 系统管理员, 安全管理员, 审计管理员).

Django's model permissions are granted by role through :class:`RoleBackend`, so assigning a
role (the security administrator's job) is what gives the rights; none of the three sees case
content, because cases and instruments are not in the admin at all.
"""

from __future__ import annotations

from django.contrib.auth.backends import BaseBackend

from .choices import Role

ADMIN_ROLES = {Role.SYSADMIN, Role.SECADMIN, Role.AUDITADMIN}

_CRUD = ("add", "change", "delete", "view")
#: Organisation and reference data the system administrator maintains.
SYSADMIN_MODELS = [
    ("supervision", "procuratorate"), ("supervision", "department"),
    ("supervision", "supervisionkind"), ("supervision", "matter"),
    ("supervision", "periodrule"), ("supervision", "calendarday"), ("supervision", "calendaryear"),
    ("agencies", "agency"), ("recommendations", "instrumenttype"), ("cases", "casenumberformat"),
    ("quality", "checklistitem"),  # the case quality review checklist (quality/)
]

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    # Users, organisation and reference data; never roles or permissions, never case content.
    Role.SYSADMIN: frozenset(
        {f"{app}.{action}_{model}" for app, model in SYSADMIN_MODELS for action in _CRUD}
        | {"supervision.add_user", "supervision.change_user", "supervision.view_user"}),
    # Roles and permissions: a user's role, groups and extra permissions; nothing else.
    Role.SECADMIN: frozenset({
        "supervision.view_user", "supervision.change_user",
        "auth.view_group", "auth.add_group", "auth.change_group", "auth.delete_group",
        "auth.view_permission",
    }),
    # Reads the audit trail; changes nothing.
    Role.AUDITADMIN: frozenset({"supervision.view_auditentry", "admin.view_logentry"}),
}


class RoleBackend(BaseBackend):
    """Grants the permissions of the user's administrator role (authenticates no one)."""

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        return set(ROLE_PERMISSIONS.get(user_obj.role, ()))

    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        return perm in self.get_all_permissions(user_obj, obj)

    def has_module_perms(self, user_obj, app_label: str) -> bool:
        return any(p.startswith(f"{app_label}.") for p in self.get_all_permissions(user_obj))
