"""The duties app's API routes, gathered by ``config/api_urls.py``: each flow's
``duties/api/<flow>.py`` gives ``routes`` (prefix, viewset, basename) and ``urlpatterns``."""

from __future__ import annotations

from importlib import import_module

from ..apps import FLOWS

routes: list[tuple] = []
urlpatterns: list = []
for _flow in FLOWS:
    _module = import_module(f"duties.api.{_flow}")
    routes += _module.routes
    urlpatterns += _module.urlpatterns
