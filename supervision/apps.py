from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("组织机构与基础数据")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import converters

        converters.register()  # ``<id:…>`` in every URL conf (supervision/converters.py)
        # Logins, failed logins and lockouts go to the audit trail (signal receivers).
        from . import auth_events  # noqa: F401
        from .db_roles import on_post_migrate

        # After every migrate (run as the owner), the application's role gets its rights on
        # the new tables, and only those (supervision/db_roles.py).
        post_migrate.connect(on_post_migrate, dispatch_uid="supervision.db_roles")
