"""The audit trail proves itself (issue 15): every entry is chained by hash to the one before,
``manage.py audit_verify`` names the first entry that was changed, removed or inserted out of
order, and on PostgreSQL the table refuses UPDATE, DELETE and TRUNCATE even to its owner."""

from __future__ import annotations

import datetime
import itertools
import threading

import pgtrigger
import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, connections, transaction
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from supervision import audit_chain
from supervision.models import AuditChainHead, AuditEntry
from supervision.services.audit import audit_record, audit_verify, request_context
from supervision.services.selfcheck import run_selfcheck
from tests.world import PASSWORD

on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL triggers")
BYPASS = ("supervision.AuditEntry:audit_append_only",)


def _write(world, n: int) -> list[AuditEntry]:
    return [audit_record(actor=world.procurator, action="test.action", target=world.city,
                         changes={"title": ("旧", f"新{i}")}, n=i) for i in range(n)]


def _tamper(sql: str, params=()) -> None:
    """What someone who switched the triggers off could do (the owner or a superuser)."""
    with pgtrigger.ignore(*BYPASS, "supervision.AuditEntry:audit_keep_six_months"), \
            connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_entries_form_one_chain_that_verifies(world):
    before = AuditChainHead.objects.filter(pk=1).values_list("seq", flat=True).first() or 0
    entries = _write(world, 5)
    assert [e.seq for e in entries] == list(range(before + 1, before + 6))
    for prev, entry in itertools.pairwise(entries):
        assert entry.prev_hash == prev.hash
    result = audit_verify()
    assert result.ok and result.last_seq == before + 5 and result.last_hash == entries[-1].hash
    stored = AuditEntry.objects.get(pk=entries[0].pk)
    assert stored.changes == {"title": ["旧", "新0"]} and stored.role == "procurator"
    assert audit_chain.entry_hash(stored.chain_fields()) == stored.hash


def test_a_changed_field_is_named(world):
    entries = _write(world, 4)
    _tamper("UPDATE supervision_auditentry SET action = 'nothing.happened' WHERE id = %s",
            [entries[2].pk])
    result = audit_verify()
    assert not result.ok and result.broken.entry_id == entries[2].pk
    assert result.broken.reason == "changed"


def test_a_changed_date_is_named(world):
    entries = _write(world, 3)
    moved = entries[1].created_at - datetime.timedelta(days=1)
    _tamper("UPDATE supervision_auditentry SET created_at = %s WHERE id = %s",
            [moved, entries[1].pk])
    assert audit_verify().broken.entry_id == entries[1].pk


def test_a_removed_row_is_named_by_the_one_after_it(world):
    entries = _write(world, 4)
    _tamper("DELETE FROM supervision_auditentry WHERE id = %s", [entries[1].pk])
    result = audit_verify()
    assert result.broken.entry_id == entries[2].pk and result.broken.reason == "missing"


def test_removing_the_last_rows_is_caught_by_the_head(world):
    entries = _write(world, 3)
    _tamper("DELETE FROM supervision_auditentry WHERE id = %s", [entries[-1].pk])
    result = audit_verify()
    assert result.broken.reason == "head" and result.broken.seq == entries[-1].seq


def test_a_row_inserted_out_of_order_is_named(world):
    entries = _write(world, 2)
    forged = AuditEntry(actor=world.procurator, action="case.closed", target_type="cases.x",
                        target_id="1", created_at=timezone.now(), seq=entries[-1].seq + 1,
                        prev_hash=entries[-1].hash)
    forged.hash = audit_chain.entry_hash(forged.chain_fields())
    forged.save(force_insert=True)  # a well-formed link, but not written through the head
    result = audit_verify()
    assert result.broken.entry_id == forged.pk and result.broken.reason == "out_of_order"


def test_the_command_exits_non_zero_and_names_the_entry(world, capsys):
    entries = _write(world, 2)
    call_command("audit_verify")
    assert "审计链完整" in capsys.readouterr().out
    _tamper("UPDATE supervision_auditentry SET target_id = '999' WHERE id = %s", [entries[0].pk])
    with pytest.raises(SystemExit) as exit_:
        call_command("audit_verify")
    assert exit_.value.code == 1
    assert f"entry #{entries[0].pk}" in capsys.readouterr().err


def test_the_nightly_self_check_reports_a_broken_chain_and_an_active_superuser(world):
    entries = _write(world, 2)
    assert run_selfcheck().problem_count == 0
    _tamper("UPDATE supervision_auditentry SET action = 'x' WHERE id = %s", [entries[1].pk])
    world.observer.is_superuser = True
    world.observer.save(update_fields=["is_superuser"])
    found = {f["code"]: f["sample"] for f in run_selfcheck().findings}
    assert found["audit_chain_broken"] == [str(entries[1].pk)]
    assert found["active_superuser"] == [str(world.observer.pk)]


def test_an_actor_with_entries_cannot_be_deleted(world):
    _write(world, 1)
    with pytest.raises(ProtectedError):
        world.procurator.delete()


def test_a_request_records_its_client_address_and_the_actors_role(world, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client = Client()
    client.force_login(world.procurator)
    response = client.post(
        reverse("settings-password"),
        {"old_password": PASSWORD, "new_password1": "Qiu-shi 2026 zhen", "new_password2":
         "Qiu-shi 2026 zhen"},
        HTTP_X_FORWARDED_FOR="203.0.113.9", REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(action="password.changed").latest("seq")
    assert (entry.source_ip, entry.role, entry.actor) == ("203.0.113.9", "procurator", world.procurator)
    world.register_case()  # no request, no address
    assert AuditEntry.objects.latest("seq").source_ip is None
    assert audit_verify().ok


def test_an_address_is_stored_as_the_database_keeps_it(world):
    with request_context(source_ip="2001:DB8::1"):
        entry = audit_record(actor=world.approver, action="test.ip", target=world.city)
    assert entry.source_ip == "2001:db8::1" == AuditEntry.objects.get(pk=entry.pk).source_ip
    with request_context(source_ip="not an address"):
        assert audit_record(actor=None, action="test.ip", target=world.city).source_ip is None
    assert audit_verify().ok


@on_postgres
@pytest.mark.parametrize("sql", [
    "UPDATE supervision_auditentry SET action = 'x'",
    "DELETE FROM supervision_auditentry",
    "TRUNCATE supervision_auditentry CASCADE",
])
def test_postgres_refuses_rewriting_the_trail_even_to_its_owner(world, sql):
    _write(world, 1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # else TRUNCATE waits on the test's FKs
        cursor.execute(sql)
    assert audit_verify().ok


@on_postgres
def test_postgres_keeps_six_months_even_from_the_archive(world):
    young, = _write(world, 1)
    with pytest.raises(DatabaseError, match="184 days"), pgtrigger.ignore(*BYPASS), \
            transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM supervision_auditentry WHERE id = %s", [young.pk])
    assert AuditEntry.objects.filter(pk=young.pk).exists()


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_extend_one_chain(world):
    # A transactional test's database was flushed: the head row comes with the first entry.
    start = AuditChainHead.objects.filter(pk=1).values_list("seq", flat=True).first() or 0
    barrier = threading.Barrier(8)
    errors = []

    def write() -> None:
        try:
            barrier.wait()
            for i in range(5):
                with transaction.atomic():
                    audit_record(actor=None, action="test.concurrent", target=world.city, i=i)
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    seqs = sorted(AuditEntry.objects.filter(action="test.concurrent").values_list("seq", flat=True))
    assert seqs == list(range(start + 1, start + 41))
    assert audit_verify().ok


def test_an_entry_says_what_the_action_changed(world):
    user = type(world.procurator).objects.get(pk=world.procurator.pk)
    old = user.display_name
    user.display_name = "李检察官"
    user.save(update_fields=["display_name"])
    entry = audit_record(actor=world.sysadmin, action="user_change", target=user)
    assert entry.changes == {"display_name": [old, "李检察官"]}
    again = audit_record(actor=world.sysadmin, action="user.viewed", target=user)
    assert again.changes == {}  # already recorded
    user.set_password("Another-password-2026")
    user.save()
    assert audit_record(actor=user, action="password.changed", target=user).changes == {
        "password": ["…", "…"]}
    assert audit_verify().ok


def test_old_entries_are_archived_never_dropped_and_the_chain_goes_on(world, tmp_path):
    import gzip
    import hashlib
    import json

    import time_machine

    from supervision.models import AuditArchive

    with time_machine.travel(datetime.datetime(2025, 1, 10, 9, tzinfo=datetime.UTC), tick=False):
        old = _write(world, 3)
    young = _write(world, 2)
    archived_before = AuditEntry.objects.filter(seq__lte=old[-1].seq).count()
    with pytest.raises(Exception, match="184"):
        call_command("audit_archive", "--before", timezone.localdate().isoformat(),
                     "--dir", str(tmp_path))
    call_command("audit_archive", "--before", "2025-02-01", "--dir", str(tmp_path))
    archive = AuditArchive.objects.get()
    assert (archive.last_seq, archive.last_hash, archive.entries) == (
        old[-1].seq, old[-1].hash, archived_before)
    path = tmp_path / archive.file_name
    assert hashlib.sha256(path.read_bytes()).hexdigest() == archive.file_sha256
    with gzip.open(path, "rt", encoding="utf-8") as archived:
        lines = [json.loads(line) for line in archived]
    assert [line["seq"] for line in lines][-3:] == [e.seq for e in old]
    assert not AuditEntry.objects.filter(seq__lte=old[-1].seq).exists()
    assert AuditEntry.objects.filter(pk__in=[e.pk for e in young]).count() == 2
    result = audit_verify()
    assert result.ok and result.last_seq == young[-1].seq
