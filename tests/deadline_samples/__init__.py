"""Rows of the deadline models of higher layers for the shared deadline tests
(``recommendations/tests/test_deadline_models.py``), which cannot import those layers: each
module here (one a flow) defines ``make(world)``, making at least one row whose clock runs and
one whose clock stopped. Found, not listed, as ``tests/matrix_rows`` are."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable


def deadline_samples() -> list[Callable]:
    return [importlib.import_module(f"{__name__}.{m.name}").make
            for m in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name)]
