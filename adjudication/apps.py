from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdjudicationConfig(AppConfig):
    """The chief procurator attending the court's adjudication committee (issue 18)."""

    name = "adjudication"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("列席审委会")
