"""``manage.py signing_keys [--dev [DIR]] [--replace]``: the procuratorates' signing keys.

Without options it lists every procuratorate with its id (the key files' name), whether it
can sign (ok, missing, unreadable, expired) and its certificate's last day. ``--dev`` writes
a development CA and a key and certificate for each procuratorate without one into DIR
(default ``SIGNING_KEYS_DIR``) — for development and the demo only: production keys come from
the procuratorates' CA (docs/security.md, "Signed documents").
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from recommendations import signing_keys
from supervision.models import Procuratorate


class Command(BaseCommand):
    help = "列出各检察院的文书签名密钥；--dev 生成开发测试用的根证书和各院签名证书（不得用于生产）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dev", nargs="?", const="", metavar="DIR",
                            help="生成开发测试密钥的目录（默认 SIGNING_KEYS_DIR）")
        parser.add_argument("--replace", action="store_true",
                            help="与 --dev 同用：已有密钥的检察院也重新生成")

    def handle(self, *args, dev: str | None = None, replace: bool = False, **options) -> None:
        procuratorates = list(Procuratorate.objects.order_by("pk"))
        if dev is not None:
            directory = Path(dev) if dev else signing_keys.keys_dir()
            if directory is None:
                raise CommandError("请指定目录，或设置 SIGNING_KEYS_DIR。")
            try:
                made = signing_keys.write_dev_keys(directory, procuratorates, replace=replace)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"已在 {directory} 生成开发测试密钥 {len(made)} 套（根证书 ca.pem）。")
            if signing_keys.keys_dir() != directory:
                self.stdout.write(f"签发时使用：SIGNING_KEYS_DIR={directory}")
            return
        if signing_keys.keys_dir() is None:
            self.stdout.write("未设置 SIGNING_KEYS_DIR：签发的文书不带数字签名。")
        for procuratorate in procuratorates:
            problem, not_after = (signing_keys.key_status(procuratorate)
                                  if signing_keys.keys_dir() else ("missing", None))
            self.stdout.write(f"{procuratorate.pk}\t{procuratorate.name}\t{problem or 'ok'}"
                              + (f"\t{not_after:%Y-%m-%d}" if not_after else ""))
