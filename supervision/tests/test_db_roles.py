"""Least privilege on PostgreSQL (issue 15): the role the application connects as may read and
append to the audit trail and nothing more there, owns nothing, and is no superuser.

In CI (``.ci/run``) the suite runs as the owner role with ``DATABASE_APP_ROLE`` set, so the
grants under test are the ones ``migrate`` gave the test database; elsewhere the test makes a
throwaway role and grants it the same way."""

from __future__ import annotations

import psycopg
import pytest
from django.db import connection

from supervision.db_roles import app_role_privileges, grant_statements

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL roles"),
    pytest.mark.django_db,
]


def _connect(**params) -> psycopg.Connection:
    own = connection.get_connection_params()
    return psycopg.connect(dbname=own["dbname"], host=own.get("host") or "127.0.0.1",
                           port=own.get("port") or 5432, autocommit=True,
                           **{"user": own.get("user"), **params})


@pytest.fixture
def app_role(settings):
    role = settings.DATABASE_APP_ROLE
    if not role:  # committed outside the test's transaction, so the role's session sees it
        role = "supervision_app_test"
        with _connect() as owner:
            if not owner.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone():
                owner.execute(f"CREATE ROLE {role} LOGIN")
            for sql in grant_statements(role):
                owner.execute(sql)
    return role


@pytest.fixture
def as_app(app_role):
    with _connect(user=app_role) as conn:
        yield conn


@pytest.mark.parametrize("sql", [
    "UPDATE supervision_auditentry SET action = 'x'",
    "DELETE FROM supervision_auditentry",
    "TRUNCATE supervision_auditentry",
    "ALTER TABLE supervision_auditentry DISABLE TRIGGER ALL",
    "DROP TRIGGER pgtrigger_audit_append_only_a2722 ON supervision_auditentry",
    ("INSERT INTO supervision_auditarchive (created_at, first_seq, last_seq, last_hash, entries,"
    " file_name, file_sha256) VALUES (now(), 1, 1, '', 0, '', '')"),
    "DELETE FROM django_migrations",
])
def test_the_app_role_cannot_rewrite_the_trail(as_app, sql):
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        as_app.execute(sql)


def test_the_app_role_reads_and_appends_and_does_its_work(as_app):
    assert as_app.execute("SELECT count(*) FROM supervision_auditentry").fetchone()[0] >= 0
    with as_app.transaction():
        as_app.execute(
            "INSERT INTO supervision_auditentry (role, action, target_type, target_id, data, "
            "changes, created_at, seq, prev_hash, hash) VALUES ('', 't', 't', '1', '{}', '{}', "
            "now(), -1, '', '')")
        as_app.execute("UPDATE supervision_procuratorate SET name = name WHERE false")
        as_app.execute("UPDATE supervision_auditchainhead SET seq = seq WHERE false")
        as_app.execute("SELECT 1 FROM supervision_auditarchive")
        raise psycopg.Rollback()


def test_the_app_role_owns_nothing_and_is_no_superuser(as_app, app_role):
    row = as_app.execute("SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls FROM pg_roles"
                         " WHERE rolname = current_user").fetchone()
    assert row == (False, False, False, False)
    owned = as_app.execute("SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner"
                           " WHERE r.rolname = current_user").fetchone()[0]
    assert owned == 0
    privileges = app_role_privileges(role=app_role)
    assert privileges["supervision_auditentry"] == ["INSERT", "SELECT"]
    assert privileges["supervision_auditarchive"] == ["SELECT"]
    assert privileges["django_migrations"] == ["SELECT"]
    assert privileges["cases_supervisioncase"] == ["DELETE", "INSERT", "SELECT", "UPDATE"]
