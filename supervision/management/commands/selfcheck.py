"""``manage.py selfcheck``: run every self-check now, store the report, print the findings.

Exits with status 1 when a problem is found, so it can gate a deployment or a cron mail.
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from supervision.services.selfcheck import run_selfcheck


class Command(BaseCommand):
    help = "运行数据自检（与夜间自检相同），保存自检报告并输出发现的问题。"

    def handle(self, *args, **options) -> None:
        report = run_selfcheck()
        if not report.problem_count:
            self.stdout.write(_("自检完成：未发现问题。"))
            return
        self.stdout.write(_("自检完成：发现 %(count)s 项问题。") % {"count": report.problem_count})
        for finding in report.findings:
            self.stdout.write(f"- {finding['code']}: {_(finding['title'])} · {finding['count']} "
                              f"({', '.join(finding['sample'])})")
        sys.exit(1)
