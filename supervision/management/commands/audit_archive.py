"""``manage.py audit_archive --before DATE``: move audit entries older than DATE out of the table
into a compressed archive file, never dropping them (issue 15).

网络安全法 第二十一条 keeps network logs at least six months: DATE may be no later than
``RETENTION_DAYS`` (184) days ago, and on PostgreSQL a trigger refuses to delete a younger row
whoever asks. The archive is the chain's oldest part: the command first checks the whole chain,
writes the entries (a prefix of it, in ``seq`` order) to ``AUDIT_ARCHIVE_DIR``, records the
file's SHA-256 and the last link (:class:`AuditArchive`), and only then deletes the rows, in one
transaction; ``audit_verify`` goes on from that link. Runs as the database owner (the
application's role may not delete audit rows at all).
"""

from __future__ import annotations

import datetime
import gzip
import hashlib
import json
from pathlib import Path

import pgtrigger
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from supervision.models import AuditArchive, AuditEntry
from supervision.models.audit import CHAIN_FIELDS, RETENTION_DAYS
from supervision.services.audit import audit_verify


class Command(BaseCommand):
    help = f"把早于指定日期（至少 {RETENTION_DAYS} 天前）的审计记录移入归档文件，保留哈希链。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--before", required=True, type=datetime.date.fromisoformat,
                            help="归档此日期之前的记录（YYYY-MM-DD）")
        parser.add_argument("--dir", type=Path, default=None, help="归档目录（默认 AUDIT_ARCHIVE_DIR）")

    def handle(self, *args, before: datetime.date, dir: Path | None, **options) -> None:
        latest = timezone.localdate() - datetime.timedelta(days=RETENTION_DAYS)
        if before > latest:
            raise CommandError(f"审计记录至少保存 {RETENTION_DAYS} 天（网络安全法第二十一条）：--before "
                               f"不得晚于 {latest.isoformat()}。")
        cutoff = timezone.make_aware(datetime.datetime.combine(before, datetime.time()))
        checked = audit_verify()
        if not checked.ok:
            raise CommandError(f"审计链不完整，不能归档：{checked.broken.describe()}。")
        first_young = (AuditEntry.objects.filter(created_at__gte=cutoff).order_by("seq")
                       .values_list("seq", flat=True).first())
        rows = AuditEntry.objects.order_by("seq")
        if first_young is not None:
            rows = rows.filter(seq__lt=first_young)
        count = rows.count()
        if not count:
            self.stdout.write("没有需要归档的记录。")
            return
        folder = Path(dir or settings.AUDIT_ARCHIVE_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        with transaction.atomic():
            first = rows.values("seq").first()
            last = rows.values("seq", "hash").last()
            path = folder / f"audit-{first['seq']:012d}-{last['seq']:012d}.jsonl.gz"
            with gzip.open(path, "wt", encoding="utf-8") as out:
                for entry in rows.values(*CHAIN_FIELDS).iterator(chunk_size=5000):
                    out.write(json.dumps(entry, default=_json, ensure_ascii=False,
                                         sort_keys=True) + "\n")
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            AuditArchive.objects.create(first_seq=first["seq"], last_seq=last["seq"],
                                        last_hash=last["hash"], entries=count,
                                        file_name=path.name, file_sha256=digest)
            with pgtrigger.ignore("supervision.AuditEntry:audit_append_only"):
                AuditEntry.objects.filter(seq__lte=last["seq"]).delete()
        self.stdout.write(f"已归档 {count} 条审计记录（序号 {first['seq']}–{last['seq']}）到 {path}，"
                          f"SHA-256 {digest}。")


def _json(value):
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    raise TypeError(type(value))
