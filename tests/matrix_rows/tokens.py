"""Permission-matrix rows of API tokens for systems (issue 17): the user's own tokens on their
settings page, and the security administrator's system accounts and their tokens."""

from __future__ import annotations

from supervision.choices import Role
from supervision.models import ApiToken, Procuratorate, User
from supervision.services import api_tokens
from tests.matrix_rows.base import SIGNED_IN, Row


def _own_token(objs: dict) -> ApiToken:
    """A live token of the procurator (only he may revoke it on his settings page)."""
    if "own_token" not in objs:
        procurator = User.objects.get(username="procurator")
        objs["own_token"], _ = api_tokens.api_token_create(
            actor=procurator, user=procurator, name="办案系统", scope="read", days=30)
    return objs["own_token"]


def _system_account(objs: dict) -> User:
    if "system_account" not in objs:
        objs["system_account"] = api_tokens.system_account_create(
            actor=User.objects.get(username="secadmin"), username="dingjian-system",
            display_name="定检办案系统", procuratorate=Procuratorate.objects.get(short_name="定检"),
            role=Role.SUPERVISOR)
    return objs["system_account"]


def _system_token(objs: dict) -> ApiToken:
    if "system_token" not in objs:
        objs["system_token"], _ = api_tokens.api_token_create(
            actor=User.objects.get(username="secadmin"), user=_system_account(objs),
            name="对接平台", scope="act", days=30)
    return objs["system_token"]


ROWS: dict[str, Row] = {
    # Everyone who signs in has their own tokens (the page is theirs alone).
    "settings-api-tokens": Row(ok=SIGNED_IN),
    # Only the token's own account revokes it here: anyone else is told it does not exist.
    "settings-api-token-revoke": Row(ok={"procurator"}, args=lambda o: [_own_token(o).pk],
                                     method="post"),
    # The security administrator's system accounts (an empty form answers the page again).
    "security-system-account-create": Row(ok={"secadmin"}, method="post"),
    "security-system-account-token-create": Row(ok={"secadmin"},
                                                args=lambda o: [_system_account(o).pk],
                                                method="post"),
    "security-token-revoke": Row(ok={"secadmin"}, args=lambda o: [_system_token(o).pk],
                                 method="post"),
}
