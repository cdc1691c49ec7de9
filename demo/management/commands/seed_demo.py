"""``manage.py seed_demo [--force] [--today YYYY-MM-DD]``: load the demo world of DEMO.md.

Demo mode only (``DEMO_MODE=1``, as ``./dev up`` sets it): every demo account has the same
published password, which a production database must never get. ``--force`` overrides the
check (e.g. for a throw-away database). Idempotent: a second run changes nothing and prints the
logins again.
"""

from __future__ import annotations

import datetime
import unicodedata
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import override

from demo.builder import DemoSummary, load_demo_world
from recommendations.choices import InstrumentStatus


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def table(headers: list[str], rows: list[list[str]]) -> list[str]:
    """Rows aligned in columns, counting CJK characters as two columns wide."""
    widths = [max(_width(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    line = lambda r: "  ".join(_pad(str(c), w) for c, w in zip(r, widths)).rstrip()
    return [line(headers), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]


class Command(BaseCommand):
    help = "加载演示数据（DEMO.md）：检察院、被监督单位、各角色账号和各状态的案件与文书。仅限演示模式。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true",
                            help="未开启 DEMO_MODE 时也加载（仅用于一次性数据库）")
        parser.add_argument("--today", type=datetime.date.fromisoformat,
                            help="以该日期为“今天”生成期限（YYYY-MM-DD，不得晚于当前日期）")

    def handle(self, *args, force: bool = False, today: datetime.date | None = None,
               **options) -> None:
        if not (getattr(settings, "DEMO_MODE", False) or force):
            raise CommandError("seed_demo 仅用于演示模式：演示账号使用公开的默认密码，生产环境不得加载。"
                               "请设置 DEMO_MODE=1，或在一次性数据库上使用 --force。")
        # The demo's instruments are signed with development keys under VAR_DIR (settings:
        # SIGNING_KEYS_DIR defaults there in DEMO_MODE); never with --force alone.
        keys = (Path(settings.SIGNING_KEYS_DIR)
                if getattr(settings, "DEMO_MODE", False) and settings.SIGNING_KEYS_DIR else None)
        try:
            summary = load_demo_world(today, stdout=self.stdout, signing_keys_dir=keys)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        for line in self.report(summary):
            self.stdout.write(line)

    def report(self, summary: DemoSummary) -> list[str]:
        lines = []
        if summary.created:
            lines.append(self.style.SUCCESS(
                f"演示数据已加载（今天 = {summary.today}，用时 {summary.seconds:.1f} 秒）。"))
        lines += ["", f"演示账号（密码均为 {summary.password}）：", ""]
        lines += table(["用户名", "角色", "姓名", "单位"],
                       [[l.username, l.role_label, l.display_name, l.unit] for l in summary.logins])
        lines += ["", f"监督案件 {summary.cases} 件：" + "，".join(
            f"{name} {count}" for name, count in summary.cases_by_kind.items())]
        with override("zh-hans"):
            statuses = [[str(InstrumentStatus(code).label), code, str(count)]
                        for code, count in summary.instruments_by_status.items() if count]
        lines += [f"监督文书 {sum(summary.instruments_by_status.values())} 份：", ""]
        lines += table(["状态", "代码", "数量"], statuses)
        lines += ["", (f"待回复文书中：今天到期 {summary.due_today} 份，七日内到期 "
                       f"{summary.due_within_7_days} 份，已逾期 {summary.overdue} 份；"
                       f"站内通知 {summary.notifications} 条。")]
        return lines
