from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LitigationConfig(AppConfig):
    """Public-interest litigation after the pre-litigation stage: announcement, suit, court dates, judgment, appeal, enforcement (issue 18)."""

    name = "litigation"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("公益诉讼")
