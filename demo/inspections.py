"""The demo world's inspections (issue 18)."""

from __future__ import annotations


def build(builder) -> None:
    """Seed the demo world's inspections through the services."""
