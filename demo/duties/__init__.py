"""The demo world's agency duties (issue 19): each flow's rows, made through the services as real
use would (``demo/duties/<flow>.py``, each a ``build(builder)``), so that every page of the flows
has something to show after ``./dev up``."""

from __future__ import annotations

from importlib import import_module

from duties.apps import FLOWS


def build(builder) -> None:
    for flow in FLOWS:
        import_module(f"demo.duties.{flow}").build(builder)
