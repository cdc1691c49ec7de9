"""``manage.py statistics --procuratorate 定检 --from 2026-01-01 --to 2026-06-30 [--json]``:
the statistics page's figures for a procuratorate and every one below it, for scheduled
exports. ``--json`` prints exactly what ``GET /api/statistics/`` answers (a supervisor of that
procuratorate choosing it there); without it, one line per figure with last year's beside it."""

from __future__ import annotations

import datetime
import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from supervision.models import Procuratorate

from ... import statistics as S


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(_("日期“%(value)s”无效，应为 YYYY-MM-DD 格式，如 2026-01-01。")
                           % {"value": value}) from None


class Command(BaseCommand):
    help = "统计一个检察院（含下级院）在一段期间的监督工作指标，并与去年同期比较。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--procuratorate", required=True, help="检察院简称，如 定检")
        parser.add_argument("--from", dest="start", required=True, help="起始日期 YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="截止日期 YYYY-MM-DD（含当日）")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出（与 API 相同）")

    def handle(self, *args, procuratorate: str, start: str, end: str, json: bool = False,
               **options) -> None:
        found = list(Procuratorate.objects.filter(short_name=procuratorate)[:2])
        if len(found) != 1:
            raise CommandError(
                (_("没有简称为“%(name)s”的检察院。") if not found else
                 _("简称为“%(name)s”的检察院不止一个。")) % {"name": procuratorate})
        try:
            stats = S.statistics(found[0], _date(start), _date(end))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if json:
            self.stdout.write(_dumps(S.as_json(stats)))
            return
        self.stdout.write(_("%(name)s（含下级院） %(a)s 至 %(b)s，去年同期 %(c)s 至 %(d)s") % {
            "name": found[0].name, "a": stats.current.period.start, "b": stats.current.period.end,
            "c": stats.previous.period.start, "d": stats.previous.period.end})
        for figure in S.all_figures():
            unit = "%" if figure.is_rate else ""
            cur, prev = stats.current[figure.code], stats.previous[figure.code]
            self.stdout.write(f"{figure.code}\t{figure.label}\t{_show(cur)}{unit}\t{_show(prev)}{unit}")


def _show(value) -> str:
    return "—" if value is None else str(value)


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1)
