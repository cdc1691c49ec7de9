"""The procuratorate's pages of the agencies' duties, under /duties/: the intake overview and
each flow's own (``duties/views/<flow>.py``)."""

from __future__ import annotations

from importlib import import_module

from .apps import FLOWS
from .views import intake

app_name = "duties"
urlpatterns = list(intake.urlpatterns)
for _flow in FLOWS:
    urlpatterns += import_module(f"duties.views.{_flow}").urlpatterns
