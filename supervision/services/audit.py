"""Writes shared by every app: the audit trail (issue 15).

:func:`audit_record` is called inside the writing transaction by every service, so an action
and its entry commit or roll back together. It takes the next link of the hash chain under a
row lock on :class:`AuditChainHead` — two transactions can never extend the chain from the same
entry — and reads who is acting from where from :func:`request_context`, which
:class:`supervision.middleware.AuditContextMiddleware` fills for each request.
"""

from __future__ import annotations

import contextlib
import contextvars
import ipaddress
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from django.db import connection, models, transaction
from django.utils import timezone

from supervision import audit_chain
from supervision.models import AuditArchive, AuditChainHead, AuditEntry, User
from supervision.models.audit import CHAIN_FIELDS, TracksChanges


@dataclass(frozen=True)
class RequestContext:
    source_ip: str | None = None


_NO_REQUEST = RequestContext()
_context: contextvars.ContextVar[RequestContext] = contextvars.ContextVar(
    "audit_request_context", default=_NO_REQUEST)

#: Entries written by this process — read by the audit-coverage test, costs nothing.
written = 0


@contextlib.contextmanager
def request_context(*, source_ip: str | None) -> Iterator[None]:
    """Entries written inside carry ``source_ip`` (the client, as :mod:`supervision.client_ip`
    sees it behind trusted proxies)."""
    try:  # as the database stores it, so the hash covers the same text
        address = str(ipaddress.ip_address(source_ip)) if source_ip else None
    except ValueError:
        address = None
    token = _context.set(RequestContext(source_ip=address))
    try:
        yield
    finally:
        _context.reset(token)


LONGEST = 1000  # characters of one before/after value kept in the trail


def _text(value: object) -> str:
    if isinstance(value, models.Model):
        return str(value.pk)
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        value = value.name
    text = "" if value is None else str(value)
    return text if len(text) <= LONGEST else text[:LONGEST] + "…"


def changed_fields(before: Mapping[str, object], after: Mapping[str, object]
                   ) -> dict[str, tuple[object, object]]:
    """``{field: (old, new)}`` for the keys whose value differs between two snapshots."""
    return {k: (before.get(k), after.get(k)) for k in after if before.get(k) != after.get(k)}


def audit_record(*, actor: User | None, action: str, target: models.Model,
                 changes: Mapping[str, tuple[object, object]] | None = None,
                 **data: object) -> AuditEntry:
    """Record that ``actor`` did ``action`` to ``target``; call inside the writing transaction.

    ``changes`` is ``{field: (before, after)}`` of what the action changed; ``data`` any other
    facts worth keeping (reasons, numbers). Values are kept as text. Without ``changes``, a
    ``target`` that tracks its loaded values (:class:`TracksChanges`) says itself what changed.
    """
    global written
    if changes is None and isinstance(target, TracksChanges):
        changes = target.audit_changes()
    # One transaction with the caller's (no savepoint of its own: an action whose entry fails
    # must fail whole); its own when called outside one, as a read's entry is.
    with transaction.atomic(savepoint=False):
        head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
        if head is None:  # the first entry ever (the migration creates the row; a flush not)
            head, _ = AuditChainHead.objects.get_or_create(
                pk=1, defaults={"seq": 0, "hash": audit_chain.GENESIS})
            head = AuditChainHead.objects.select_for_update().get(pk=1)
        entry = AuditEntry(
            actor=actor,
            role=getattr(actor, "role", "") or "",
            source_ip=_context.get().source_ip,
            action=action,
            target_type=target._meta.label_lower,
            target_id=str(target.pk),
            data={key: _text(value) for key, value in data.items()},
            changes={key: [_text(old), _text(new)] for key, (old, new) in (changes or {}).items()},
            created_at=timezone.now(),
            seq=head.seq + 1,
            prev_hash=head.hash,
        )
        entry.hash = audit_chain.entry_hash(entry.chain_fields())
        entry.save(force_insert=True)
        head.seq, head.hash = entry.seq, entry.hash
        head.save(update_fields=["seq", "hash"])
    if isinstance(target, TracksChanges):
        target.audit_changes_recorded()
    written += 1
    return entry


def audit_verify() -> audit_chain.Result:
    """Check the whole chain in the table, from the last archive's link (or the start) to the
    recorded head, in one consistent snapshot; the first entry that does not hold is named."""
    snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if snapshot:  # head and entries from one snapshot, while writers go on
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        archive = AuditArchive.objects.order_by("-last_seq").first()
        head = AuditChainHead.objects.filter(pk=1).values_list("seq", "hash").first()
        entries = (AuditEntry.objects.order_by("seq").values(*CHAIN_FIELDS)
                   .iterator(chunk_size=5000))
        if archive is None:
            return audit_chain.verify(entries, head=head)
        return audit_chain.verify(entries, start_seq=archive.last_seq + 1,
                                  start_hash=archive.last_hash, head=head)
