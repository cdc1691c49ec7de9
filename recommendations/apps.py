from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    name = "recommendations"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("监督文书")

    def ready(self) -> None:
        # The instruments' part in a case's life, offered to the lower ``cases`` layer
        # through its hooks (closing, timeline, next action, the overdue filter).
        from . import case_hooks, revision

        case_hooks.register()
        # The audit administrator reads the trail by these names (supervision.audit_labels).
        from supervision import audit_labels

        audit_labels.register(case_hooks.ACTION_LABELS)
        # The instruments' revision follows their children (the API detail's cache key).
        revision.connect()
        # Approval by level: the messages of the chain (forwarded, committee, its decision).
        from supervision.services.notifications import register_messages

        from . import notifications

        register_messages(notifications.MESSAGES)
