"""Model fields for personal data at rest (issue 15): an encrypted column and its digest.

::

    id_number = EncryptedTextField(_("身份证号"), max_length=18, blank=True)
    id_number_digest = DigestField(source="id_number")

    Party.objects.filter(id_number_digest=digest(number))   # exact match, the only search

The instance holds the plaintext; the column holds a token (``supervision/crypto.py``),
written on save and read back on load. The ciphertext is random, so the ORM cannot compare
it: every lookup on the encrypted field except ``isnull`` is refused (a ``FieldError``, never a
query that silently matches nothing), and exact matches go through the digest. The digest is
recomputed from the plaintext on every ``save()`` and ``bulk_create()``; a
``save(update_fields=…)``, ``QuerySet.update()`` or ``bulk_update()`` that writes the encrypted
field must name the digest too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from .crypto import decrypt, digest, encrypt, is_token


class EncryptedTextField(models.TextField):
    """Text stored encrypted. ``max_length`` bounds the plaintext in forms; the column is
    unbounded: an 18-character ID number becomes a token of 71 characters (AES) or 115 (SM4)."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        return decrypt(value) if value else value

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return encrypt(value) if value else value

    def get_lookup(self, lookup_name: str) -> Any:
        return super().get_lookup(lookup_name) if lookup_name == "isnull" else None

    def formfield(self, **kwargs: Any) -> forms.Field:
        return super().formfield(**{"widget": forms.TextInput, **kwargs})


class DigestField(models.CharField):
    """The keyed digest (``crypto.digest``) of the sibling field ``source``, indexed."""

    def __init__(self, *args: Any, source: str, **kwargs: Any) -> None:
        self.source = source
        kwargs.update(max_length=64, db_index=True, editable=False, blank=True, default="")
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple:
        name, path, args, kwargs = super().deconstruct()
        for fixed in ("max_length", "db_index", "editable", "blank", "default"):
            kwargs.pop(fixed, None)
        return name, path, args, {**kwargs, "source": self.source}

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = digest(getattr(model_instance, self.source) or "")
        setattr(model_instance, self.attname, value)
        return value


def rewrite_column(connection: Any, model: type[models.Model], field_name: str,
                   transform: Callable[[str], tuple[str, str]], *, batch: int = 2000) -> int:
    """Rewrite every non-empty value of an encrypted column and its digest with raw SQL, in
    primary-key batches: ``transform(stored) -> (new stored value, new digest)``. The
    migrations that encrypt a plaintext column (and decrypt it back when reversed) and
    ``manage.py reencrypt_personal_data`` use it; the ORM would decrypt on read."""
    meta = model._meta
    q = connection.ops.quote_name
    table, pk = q(meta.db_table), q(meta.pk.column)
    column = q(meta.get_field(field_name).column)
    try:  # a searchable column has its digest beside it; a secret (a webhook's) has none
        digest_column = q(meta.get_field(f"{field_name}_digest").column)
    except FieldDoesNotExist:
        digest_column = None
    assignments = f"{column} = %s" + (f", {digest_column} = %s" if digest_column else "")
    done, last = 0, None
    with connection.cursor() as cursor:
        while True:
            after = "" if last is None else f" AND {pk} > %s"
            cursor.execute(f"SELECT {pk}, {column} FROM {table} WHERE {column} <> ''{after} "
                           f"ORDER BY {pk} LIMIT {batch}", [] if last is None else [last])
            found = cursor.fetchall()
            if not found:
                return done
            rows = [(*transform(value), key) for key, value in found]
            if digest_column is None:
                rows = [(stored, key) for stored, _digest, key in rows]
            cursor.executemany(f"UPDATE {table} SET {assignments} WHERE {pk} = %s", rows)
            done, last = done + len(found), found[-1][0]


def encrypting_migration(app_label: str, model_name: str, field_name: str) -> tuple[Callable, Callable]:
    """The ``RunPython`` pair that encrypts an existing plaintext column in place and fills its
    digest (forwards), or decrypts it and clears the digest (backwards). Values that already
    are tokens (forwards) or plaintext (backwards) are left as they are."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        rewrite_column(schema_editor.connection, apps.get_model(app_label, model_name), field_name,
                       lambda v: (v, digest(decrypt(v))) if is_token(v) else (encrypt(v), digest(v)))

    def backwards(apps: Any, schema_editor: Any) -> None:
        rewrite_column(schema_editor.connection, apps.get_model(app_label, model_name), field_name,
                       lambda v: (decrypt(v) if is_token(v) else v, ""))

    return forwards, backwards
