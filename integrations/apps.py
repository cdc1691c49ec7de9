from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    """Connecting other systems (issue 17): outbound webhooks to agencies' and procuratorates'
    systems, sent through an outbox; the API tokens themselves live in the core."""

    name = "integrations"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("系统对接")

    def ready(self) -> None:
        from supervision.services.notifications import notified

        from .services.outbox import on_notification

        notified.register(on_notification)
