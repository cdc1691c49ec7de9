from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    """Case quality review against a checklist and the supervision quality figures (issue 18)."""

    name = "quality"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("案件评查")
