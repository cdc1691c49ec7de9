"""The demo world's quality (issue 18)."""

from __future__ import annotations


def build(builder) -> None:
    """Seed the demo world's quality through the services."""
