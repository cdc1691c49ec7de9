"""The admin site: open to the three administrator roles (and superusers), by role."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class SupervisionAdminSite(admin.AdminSite):
    site_header = _("检察监督案件管理系统 · 系统管理")
    site_title = _("系统管理")
    index_title = _("组织机构、用户与基础数据")
    # The lists (the audit trail's eight columns, the users') need the width more than a
    # second copy of the index beside them.
    enable_nav_sidebar = False

    def has_permission(self, request) -> bool:
        from supervision.roles import ADMIN_ROLES

        user = request.user
        return user.is_active and (user.is_superuser or getattr(user, "role", None) in ADMIN_ROLES)


class SupervisionAdminConfig(AdminConfig):
    default_site = "config.admin.SupervisionAdminSite"

    def ready(self) -> None:
        super().ready()  # autodiscover
        # django-otp registers its devices here, with a page showing a user's QR code — which
        # would let an administrator copy anyone's authenticator. Devices are managed by their
        # owner (设置 → 两步验证) and reset by the security administrator (/security/) only.
        from django.contrib import admin
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        for model in (TOTPDevice, StaticDevice):
            if admin.site.is_registered(model):
                admin.site.unregister(model)
