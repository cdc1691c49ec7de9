from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdjudicationConfig(AppConfig):
    """The chief procurator attending the court's adjudication committee (issue 18)."""

    name = "adjudication"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("列席审委会")

    def ready(self) -> None:
        # The attendances' part in a linked case's page (panel, timeline, next step) through
        # the lower ``cases`` layer's hooks; the notification messages; the audit labels.
        from supervision import audit_labels
        from supervision.services.notifications import register_messages

        from . import case_hooks, notifications

        case_hooks.register()
        register_messages(notifications.MESSAGES)
        audit_labels.register(case_hooks.ACTION_LABELS)
