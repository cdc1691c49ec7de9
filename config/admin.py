"""The admin site: open to the three administrator roles (and superusers), by role."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class SupervisionAdminSite(admin.AdminSite):
    site_header = _("检察监督案件管理系统 · 系统管理")
    site_title = _("系统管理")
    index_title = _("组织机构、用户与基础数据")

    def has_permission(self, request) -> bool:
        from supervision.roles import ADMIN_ROLES

        user = request.user
        return user.is_active and (user.is_superuser or getattr(user, "role", None) in ADMIN_ROLES)


class SupervisionAdminConfig(AdminConfig):
    default_site = "config.admin.SupervisionAdminSite"
