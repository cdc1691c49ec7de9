from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    """Circuit and resident inspection of prisons, detention centres, community correction and compulsory medical institutions (issue 18)."""

    name = "inspections"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("巡回检察")
