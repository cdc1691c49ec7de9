from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("监督案件")

    def ready(self) -> None:
        # The audit administrator reads the trail by these names (supervision.audit_labels).
        from supervision import audit_labels
        from supervision.services.notifications import register_messages

        from .messages import MESSAGES
        from .selectors import ACTION_LABELS

        audit_labels.register(ACTION_LABELS)
        register_messages(MESSAGES)
