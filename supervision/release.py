"""What identifies the running code, for cache entries that must not outlive a deploy: a
response cached by one release (its fields, its wording, its translations) is never served by
the next, whose keys differ."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from django.apps import apps
from django.conf import settings


@functools.cache
def code_digest() -> str:
    """A digest of the project's own Python sources and compiled translations (computed once
    per process: a few milliseconds)."""
    base = Path(settings.BASE_DIR).resolve()
    roots = [Path(app.path).resolve() for app in apps.get_app_configs()]
    roots = [root for root in roots if root.is_relative_to(base)]
    files: list[Path] = []
    for root in roots:
        files += root.rglob("*.py")
    for locale in settings.LOCALE_PATHS:
        files += Path(locale).rglob("*.mo")
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted(set(files)):
        if "tests" in path.relative_to(base).parts:
            continue
        digest.update(str(path.relative_to(base)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
