from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationConfig(AppConfig):
    """检务公开 (seed 002 §4): statistics and typical cases the procuratorate chose to publish,
    read without logging in, with personal data removed."""

    name = "publication"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("检务公开")

    def ready(self) -> None:
        # The audit administrator reads the trail by these names (supervision.audit_labels).
        from supervision import audit_labels

        from .services import releases, typical_cases

        audit_labels.register({**typical_cases.AUDIT_LABELS, **releases.AUDIT_LABELS})
        # 犯罪记录封存 takes the case's typical cases off the public page (docs/juvenile.md).
        from cases.hooks import record_sealed_listeners

        record_sealed_listeners.register(typical_cases.on_record_sealed)
