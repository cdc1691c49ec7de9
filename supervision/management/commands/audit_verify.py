"""``manage.py audit_verify``: walk the audit trail's hash chain (issue 15).

Exits 0 and prints how many entries hold; exits 1 and names the first entry that does not —
a changed field, a removed row, a row inserted out of order — so it can gate a backup restore
or a cron mail. The nightly self-check runs the same walk.
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from supervision.services.audit import audit_verify


class Command(BaseCommand):
    help = "校验审计日志的哈希链：发现被修改、删除或插入的记录时以非零状态退出，并指出第一条。"

    def handle(self, *args, **options) -> None:
        result = audit_verify()
        if result.ok:
            self.stdout.write(_("审计链完整：已校验 %(count)s 条记录，最后一条序号 %(seq)s。")
                              % {"count": result.checked, "seq": result.last_seq})
            return
        self.stderr.write(_("审计链断裂：%(where)s。此前 %(count)s 条记录完整。")
                          % {"where": result.broken.describe(), "count": result.checked})
        sys.exit(1)
