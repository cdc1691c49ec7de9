"""The demo world's litigation (issue 18)."""

from __future__ import annotations


def build(builder) -> None:
    """Seed the demo world's litigation through the services."""
