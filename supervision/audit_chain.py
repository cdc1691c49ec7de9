"""The audit trail's hash chain (issue 15): pure functions, no database.

Every entry carries ``seq`` (1, 2, 3 … with no gaps), the hash of the entry before it
(``prev_hash``) and its own ``hash`` = SHA-256 over the previous hash and a canonical JSON of
everything the entry says. Changing a field of an entry changes its hash; removing one leaves a
gap in ``seq`` and a ``prev_hash`` that points nowhere; inserting one out of order either
collides with ``seq`` (unique) or breaks the next entry's ``prev_hash``. :func:`verify` walks
the entries in ``seq`` order and names the first one that does not hold.

The format is part of the record: changing :func:`canonical` would break every existing chain,
so it is versioned (``FORMAT``) and never edited in place.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

FORMAT = 1
#: ``prev_hash`` of the very first entry of a chain that was never archived.
GENESIS = "0" * 64


def _when(value: datetime.datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(datetime.UTC).replace(tzinfo=None)
    return value.isoformat(timespec="microseconds")


def canonical(fields: Mapping[str, object]) -> bytes:
    """The bytes an entry's hash covers: its fields as sorted, compact JSON (UTF-8)."""
    body = {
        "v": FORMAT,
        "seq": fields["seq"],
        "prev": fields["prev_hash"],
        "at": _when(fields["created_at"]),
        "actor": fields["actor_id"],
        "role": fields["role"] or "",
        "ip": fields["source_ip"] or "",
        "action": fields["action"],
        "target": [fields["target_type"], fields["target_id"]],
        "data": fields["data"] or {},
        "changes": fields["changes"] or {},
    }
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def entry_hash(fields: Mapping[str, object]) -> str:
    return hashlib.sha256(canonical(fields)).hexdigest()


@dataclass(frozen=True)
class Break:
    """The first entry at which the chain does not hold, and why."""

    seq: int
    entry_id: int | None
    reason: str  # "changed" | "missing" | "out_of_order" | "head"

    def describe(self) -> str:
        what = {
            "changed": "its content does not match its hash (a field was changed)",
            "missing": "the entry before it is missing (a row was removed)",
            "out_of_order": "it does not follow the entry before it (a row was inserted)",
            "head": "the chain ends before its recorded head (rows at the end were removed)",
        }[self.reason]
        who = f"entry #{self.entry_id} (seq {self.seq})" if self.entry_id else f"seq {self.seq}"
        return f"{who}: {what}"


@dataclass(frozen=True)
class Result:
    checked: int
    last_seq: int
    last_hash: str
    broken: Break | None

    @property
    def ok(self) -> bool:
        return self.broken is None


def verify(entries: Iterable[Mapping[str, object]], *, start_seq: int = 1,
           start_hash: str = GENESIS, head: tuple[int, str] | None = None) -> Result:
    """Walk ``entries`` (dicts with the fields of :func:`canonical` plus ``id`` and ``hash``,
    ordered by ``seq``) from ``start_seq`` whose ``prev_hash`` must be ``start_hash``.
    ``head``, the (seq, hash) the writer last recorded, catches rows removed from the end."""
    expected_seq, prev = start_seq, start_hash
    checked = 0
    for fields in entries:
        seq = fields["seq"]
        if head is not None and seq > head[0]:
            # Past the head the writer recorded: a row added without going through it.
            return Result(checked, expected_seq - 1, prev, Break(seq, fields["id"], "out_of_order"))
        if seq > expected_seq:
            return Result(checked, expected_seq - 1, prev, Break(seq, fields["id"], "missing"))
        if seq != expected_seq or fields["prev_hash"] != prev:
            return Result(checked, expected_seq - 1, prev, Break(seq, fields["id"], "out_of_order"))
        if entry_hash(fields) != fields["hash"]:
            return Result(checked, expected_seq - 1, prev, Break(seq, fields["id"], "changed"))
        prev = fields["hash"]
        expected_seq += 1
        checked += 1
    if head is not None and head != (expected_seq - 1, prev):
        return Result(checked, expected_seq - 1, prev, Break(expected_seq, None, "head"))
    return Result(checked, expected_seq - 1, prev, None)
