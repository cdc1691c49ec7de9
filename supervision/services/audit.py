"""Writes shared by every app: the audit log."""

from __future__ import annotations

from django.db import models

from supervision.models import AuditEntry, User


def audit_record(*, actor: User | None, action: str, target: models.Model, **data: object) -> AuditEntry:
    """Record that ``actor`` did ``action`` to ``target``; call inside the writing transaction."""
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        data={key: str(value) for key, value in data.items()},
    )
