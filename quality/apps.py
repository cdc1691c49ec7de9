from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    """Case quality review against a checklist and the supervision quality figures (issue 18)."""

    name = "quality"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("案件评查")

    def ready(self) -> None:
        # The reviews' panel on a case's page through the lower ``cases`` layer's hook; the
        # notification messages; the audit labels.
        from supervision import audit_labels
        from supervision.services.notifications import register_messages

        from . import case_hooks, notifications

        case_hooks.register()
        register_messages(notifications.MESSAGES)
        audit_labels.register(case_hooks.ACTION_LABELS)
