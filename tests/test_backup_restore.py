"""The backup procedure restores (issue 15): scripts/backup.sh takes a small real dataset — a
case, its audit entries, an uploaded file — scripts/restore.sh puts it into a fresh database,
``manage.py audit_verify`` finds the audit chain whole there and the file's bytes came back; a
changed audit row in the restored copy is caught. PostgreSQL only: the scripts are pg_dump and
pg_restore (docs/operations.md, "Backup and restore")."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import uuid
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from cases.samples import tiny_pdf
from cases.services import attachment_add
from supervision.models import AuditEntry

ROOT = pathlib.Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="backup and restore are pg_dump/pg_restore: PostgreSQL only"),
    pytest.mark.django_db(transaction=True),
]


def _url(database: str) -> str:
    """A libpq URL for ``database`` on the test database's server, as the test's role."""
    s = connection.settings_dict
    auth = quote(s["USER"] or "", safe="")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"], safe="")
    return f"postgresql://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{database}"


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, env={**os.environ, **env}, capture_output=True, check=False,
                          text=True, timeout=300)


def _psql(database: str, sql: str) -> None:
    subprocess.run(["psql", "--dbname", _url(database), "-v", "ON_ERROR_STOP=1", "-c", sql],
                   check=True, capture_output=True, timeout=60)


@pytest.fixture
def restored_name():
    name = f"restore_{uuid.uuid4().hex[:12]}"
    yield name
    _psql("postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restores_into_a_fresh_database_with_its_audit_chain_and_files(
        world, settings, tmp_path, restored_name):
    case = world.register_case()
    world.draft(case)
    attachment = attachment_add(actor=world.procurator, case=case,
                                upload=SimpleUploadedFile("笔录.pdf", tiny_pdf()))
    original = pathlib.Path(settings.MEDIA_ROOT, attachment.file.name).read_bytes()
    assert AuditEntry.objects.count() >= 3

    test_db = connection.settings_dict["NAME"]
    backup = _run(["scripts/backup.sh", str(tmp_path / "backups")],
                  DATABASE_URL=_url(test_db), MEDIA_ROOT=str(settings.MEDIA_ROOT))
    assert backup.returncode == 0, backup.stderr
    backup_dir = pathlib.Path(backup.stdout.strip().splitlines()[-1])
    assert {p.name for p in backup_dir.iterdir()} == {
        "database.dump", "media.tar.gz", "MANIFEST", "SHA256SUMS"}

    restored_media = tmp_path / "restored-media"
    restore = _run(["scripts/restore.sh", str(backup_dir), restored_name],
                   DATABASE_URL=_url("postgres"), MEDIA_ROOT=str(restored_media),
                   PYTHON=sys.executable)
    assert restore.returncode == 0, restore.stderr

    verify = _run([sys.executable, "manage.py", "audit_verify"], DATABASE_URL=_url(restored_name))
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert (restored_media / attachment.file.name).read_bytes() == original

    # A changed row in the restored copy: the append-only trigger stands aside only for a
    # superuser's replication role — and audit_verify names the break.
    # What the database's owner could do by hand: switch the append-only triggers off (the
    # application's role cannot — it owns nothing) and change an entry.
    _psql(restored_name, "ALTER TABLE supervision_auditentry DISABLE TRIGGER USER; "
                         "UPDATE supervision_auditentry SET action = action || '!' "
                         "WHERE seq = (SELECT min(seq) FROM supervision_auditentry)")
    verify = _run([sys.executable, "manage.py", "audit_verify"], DATABASE_URL=_url(restored_name))
    assert verify.returncode == 1, verify.stdout + verify.stderr


def test_a_backup_that_does_not_match_its_manifest_is_refused(world, settings, tmp_path,
                                                               restored_name):
    backup = _run(["scripts/backup.sh", str(tmp_path / "backups")],
                  DATABASE_URL=_url(connection.settings_dict["NAME"]),
                  MEDIA_ROOT=str(settings.MEDIA_ROOT))
    assert backup.returncode == 0, backup.stderr
    backup_dir = pathlib.Path(backup.stdout.strip().splitlines()[-1])
    with open(backup_dir / "media.tar.gz", "ab") as archive:
        archive.write(b"\0")

    restore = _run(["scripts/restore.sh", str(backup_dir), restored_name],
                   DATABASE_URL=_url("postgres"), MEDIA_ROOT=str(tmp_path / "restored-media"),
                   PYTHON=sys.executable)
    assert restore.returncode == 2
    assert "does not match its manifest" in restore.stderr
    assert not (tmp_path / "restored-media").exists()
