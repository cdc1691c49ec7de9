from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: The flows, in the order the pages list them (``duties/__init__.py``).
FLOWS = ("transfer_notices", "situation_reports", "commutation", "material_requests",
         "clue_feedback", "meetings")


class DutiesConfig(AppConfig):
    """What agencies owe the procuratorate besides replies (issue 19)."""

    name = "duties"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("单位协作事项")

    def ready(self) -> None:
        for flow in FLOWS:  # each registers its messages and its Flow (duties.registry)
            import_module(f"duties.wiring.{flow}")
