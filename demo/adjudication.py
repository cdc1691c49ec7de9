"""The demo world's adjudication (issue 18)."""

from __future__ import annotations


def build(builder) -> None:
    """Seed the demo world's adjudication through the services."""
