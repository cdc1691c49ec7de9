"""The demo accounts as the login page shows them in demo mode."""

from __future__ import annotations

from demo.scenarios.organisation import ACCOUNTS, PASSWORD


def login_accounts() -> tuple[list[tuple[str, str]], str]:
    """``([(username, role), …], password)`` of every demo account, in DEMO.md's order."""
    return [(account.username, account.role) for account in ACCOUNTS], PASSWORD
