from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    """Circuit and resident inspection of prisons, detention centres, community correction and compulsory medical institutions (issue 18)."""

    name = "inspections"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("巡回检察")

    def ready(self) -> None:
        # The case page's panel for a case that came from a finding (through the lower
        # ``cases`` layer's hooks); notification messages; audit labels.
        from supervision import audit_labels
        from supervision.services.notifications import register_messages

        from . import case_hooks, notifications

        case_hooks.register()
        register_messages(notifications.MESSAGES)
        audit_labels.register(case_hooks.ACTION_LABELS)
