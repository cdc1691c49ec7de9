"""``manage.py calendar_year YEAR (--from-package | --file PATH) [--unpublished]
[--apply --actor USER]``

Enter or correct a year's State Council holiday notice from the command line — e.g. after
upgrading ``chinesecalendar`` to a release that covers the new year. Without ``--apply`` it
only prints the preview (days that change, due dates that move); with it, the same change is
saved through the recompute service, as the administrator's page does.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from supervision.models import User
from supervision.services import calendar_change as recompute


class Command(BaseCommand):
    help = "录入或更正某年度法定节假日安排：预览受影响的期限，--apply 时保存并重新计算。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", type=int)
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--from-package", action="store_true",
                            help="按已安装的 chinesecalendar 软件包的数据")
        source.add_argument("--file", type=Path, help="每行“日期 休|班 名称”的文本文件")
        parser.add_argument("--unpublished", action="store_true",
                            help="该年度通知尚未公布（期限为暂定）")
        parser.add_argument("--source", default="", help="来源，如通知文号")
        parser.add_argument("--apply", action="store_true", help="保存并重新计算")
        parser.add_argument("--actor", help="执行保存的系统管理员用户名（--apply 时必填）")

    def handle(self, *args, year: int, from_package: bool, file: Path | None, unpublished: bool,
               source: str, apply: bool, actor: str | None, **options) -> None:
        if from_package:
            days = recompute.package_days(year)
            if days is None:
                raise CommandError(f"chinesecalendar does not cover {year} yet")
            source = source or "chinesecalendar"
        else:
            try:
                days = recompute.parse_days(file.read_text(encoding="utf-8"), year)
            except ValidationError as exc:
                raise CommandError("\n".join(exc.messages)) from None
        change = recompute.CalendarChange(year=year, days=days, published=not unpublished,
                                          source=source)
        if apply:
            user = User.objects.filter(username=actor or "").first()
            if user is None:
                raise CommandError("--apply needs --actor USERNAME of a system administrator")
            preview = recompute.calendar_change_apply(actor=user, change=change)
        else:
            preview = recompute.preview_calendar_change(change)
        self.stdout.write(f"{year}: {len(preview.day_changes)} day(s) change, "
                          f"{len(preview.moves)} due date(s) move"
                          + (" — saved" if apply else " — preview only (add --apply to save)"))
        for move in preview.moves:
            flag = ("" if move.old_provisional == move.new_provisional
                    else " final→provisional" if move.new_provisional else " provisional→final")
            self.stdout.write(f"  {move.number} [{move.kind}] {move.old_due} → {move.new_due}{flag}")
