"""Gap-free counters for case numbers (案号) and document numbers (文号)."""

from __future__ import annotations

from django.db import IntegrityError, models, transaction


def take_next_number(sequence_model: type[models.Model], **key: object) -> int:
    """Increment and return the counter row identified by ``key``.

    Must run inside the transaction that uses the number: the row stays locked
    (``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite the IMMEDIATE transaction already holds
    the database write lock) until that transaction ends, so a concurrent caller waits and then
    gets the next number, and a rolled-back caller gives its number back — no gaps, no repeats.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("take_next_number must be called inside transaction.atomic()")
    locked = sequence_model.objects.select_for_update()
    try:
        row = locked.get(**key)
    except sequence_model.DoesNotExist:
        try:
            with transaction.atomic():
                sequence_model.objects.create(**key)
        except IntegrityError:
            pass  # a concurrent caller created it first; lock theirs below
        row = locked.get(**key)
    row.last_value += 1
    row.save(update_fields=["last_value"])
    return row.last_value
