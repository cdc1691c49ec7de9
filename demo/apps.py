from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo world of ``shared/DEMO.md``: scenario data apart from the builder that loads
    it (``seed_demo``). It sits on top of every app and owns no tables."""

    name = "demo"
    verbose_name = _("演示数据")
