"""Permission-matrix rows kept by area: each module here (other than ``base``) defines
``ROWS: dict[str, Row]``, merged into ``tests.test_permission_matrix.MATRIX``."""

from __future__ import annotations

import importlib
import pkgutil


def extra_rows() -> dict:
    rows: dict = {}
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name != "base"):
        area = importlib.import_module(f"{__name__}.{module}").ROWS
        clash = set(rows) & set(area)
        assert not clash, f"rows defined twice: {sorted(clash)}"
        rows.update(area)
    return rows
