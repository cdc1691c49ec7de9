"""Least privilege on PostgreSQL (issue 15): the application connects as a role that owns
nothing; migrations run as the owner.

``DATABASE_APP_ROLE`` names the application's role. After every ``migrate`` (run as the owner)
:func:`grant_app_role` gives it exactly what the running system needs:

* SELECT, INSERT, UPDATE, DELETE on the application's tables, and the use of their sequences;
* on the audit trail (``supervision_auditentry``) only SELECT and INSERT — never UPDATE,
  DELETE or TRUNCATE; the archive table only SELECT (archiving runs as the owner);
* on ``django_migrations`` only SELECT (it may see, never record, a migration).

It owns no table, so it can neither alter nor drop one, nor disable a trigger. The roles
themselves are made once by the database administrator (docker-compose's init script,
``.ci/run``, docs/security.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import connections

#: Tables the application may read and append to, never change.
APPEND_ONLY = ("supervision_auditentry",)
#: Tables only the owner writes (migrations, archiving); the application reads them.
READ_ONLY = ("django_migrations", "supervision_auditarchive")


def grant_statements(role: str) -> list[str]:
    """The statements that give ``role`` its rights (run by the owner)."""
    quote = connections["default"].ops.quote_name
    r = quote(role)
    fixed = ", ".join(quote(t) for t in APPEND_ONLY + READ_ONLY)
    return [
        f"GRANT USAGE ON SCHEMA public TO {r}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {r}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {r}",
        f"REVOKE ALL ON {fixed} FROM {r}",
        f"GRANT SELECT ON {fixed} TO {r}",
        f"GRANT INSERT ON {', '.join(quote(t) for t in APPEND_ONLY)} TO {r}",
    ]


def grant_app_role(using: str = "default", role: str | None = None) -> str | None:
    """Grant ``role`` (default ``DATABASE_APP_ROLE``) its rights on ``using``'s schema; the
    role's name, or None when there is nothing to do (no role set, not PostgreSQL)."""
    role = role or getattr(settings, "DATABASE_APP_ROLE", "")
    connection = connections[using]
    if not role or connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        for sql in grant_statements(role):
            cursor.execute(sql)
    return role


def app_role_privileges(using: str = "default", role: str | None = None) -> dict[str, list[str]]:
    """What ``role`` may do, table by table, as the database says (for the closing note and
    the test): ``{table: sorted privileges}``."""
    role = role or settings.DATABASE_APP_ROLE
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT table_name, string_agg(privilege_type, ',' ORDER BY privilege_type) "
            "FROM information_schema.role_table_grants WHERE grantee = %s "
            "AND table_schema = 'public' GROUP BY table_name", [role])
        return {table: privs.split(",") for table, privs in cursor.fetchall()}


def on_post_migrate(sender, using: str = "default", **kwargs) -> None:
    if sender.name == "supervision":  # once per migrate, after every app's tables exist
        grant_app_role(using)
