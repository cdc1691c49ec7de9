from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HearingsConfig(AppConfig):
    """Public hearings with people's supervisors (issue 18)."""

    name = "hearings"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("检察听证")

    def ready(self) -> None:
        # The hearings' part in a case's page (section, timeline, next action) through the
        # lower ``cases`` layer's hooks; their notification messages; the audit labels.
        from supervision import audit_labels
        from supervision.services.notifications import register_messages

        from . import case_hooks, notifications

        case_hooks.register()
        register_messages(notifications.MESSAGES)
        audit_labels.register(case_hooks.ACTION_LABELS)
