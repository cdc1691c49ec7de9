"""``manage.py reencrypt_personal_data``: rewrite every encrypted field under the current
backend and keys, and recompute its digest (issue 15, docs/security.md).

Run it after changing ``FIELD_CRYPTO_BACKEND``, ``FIELD_ENCRYPTION_KEY`` (with the old key in
``FIELD_ENCRYPTION_OLD_KEYS`` until it finishes) or ``FIELD_DIGEST_KEY``: old tokens stay
readable without it, but exact-match search uses the current digest. Every model field that is
an ``EncryptedTextField`` with a ``<name>_digest`` sibling is found through the app registry.
"""

from __future__ import annotations

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connections, transaction

from supervision.crypto import decrypt, digest, encrypt, is_token
from supervision.fields import EncryptedTextField, rewrite_column


def _rewrite(stored: str) -> tuple[str, str]:
    text = decrypt(stored) if is_token(stored) else stored  # plaintext left by a skipped migration
    return encrypt(text), digest(text)


class Command(BaseCommand):
    help = "用当前算法和密钥重新加密个人信息字段并重算检索摘要（更换算法或密钥后运行）。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--database", default="default")

    def handle(self, *args, database: str, **options) -> None:
        for model in apps.get_models():
            for field in model._meta.get_fields():
                if isinstance(field, EncryptedTextField):
                    with transaction.atomic(using=database):
                        count = rewrite_column(connections[database], model, field.name, _rewrite)
                    self.stdout.write(f"{model._meta.label}.{field.name}: {count}")
