from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LitigationConfig(AppConfig):
    """Public-interest litigation after the pre-litigation stage: announcement, suit, court dates, judgment, appeal, enforcement (issue 18)."""

    name = "litigation"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("公益诉讼")

    def ready(self) -> None:
        # The suit's part in a case's page through the lower ``cases`` layer's hooks; the
        # notification messages (the sweep's and the calendar's); the audit labels.
        from supervision import audit_labels
        from supervision.services.notifications import register_messages

        from . import case_hooks, notifications

        case_hooks.register()
        register_messages(notifications.MESSAGES)
        audit_labels.register(case_hooks.ACTION_LABELS)
