"""``manage.py deadline RULE_CODE YYYY-MM-DD [--days N | --months N]``: compute one due date.

The first line printed is the due date in ISO form (for scripts); the explanation and the
details follow.
"""

from __future__ import annotations

from argparse import ArgumentTypeError
from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from supervision.deadlines import compute_due_date, period_text
from supervision.models import PeriodRule


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number <= 0:
        raise ArgumentTypeError(_("期限“%(value)s”无效，应为正整数。") % {"value": value})
    return number


class Command(BaseCommand):
    help = "计算答复期限届满日：期限规则代码 + 送达（签收/公告/收到）日期。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("rule_code", help="期限规则代码，如 default、recommendation")
        parser.add_argument("start", help="送达（签收/公告/收到）日期，YYYY-MM-DD，当日不计入")
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--days", type=_positive, help="文书载明的期限（日），覆盖规则默认值")
        group.add_argument("--months", type=_positive, help="文书载明的期限（月），覆盖规则默认值")

    def handle(self, *args, rule_code: str, start: str, days: int | None = None,
               months: int | None = None, **options) -> None:
        rule = PeriodRule.objects.filter(code=rule_code).first()
        if rule is None:
            codes = "、".join(PeriodRule.objects.values_list("code", flat=True))
            raise CommandError(_("未知的期限规则代码“%(code)s”。可用的规则代码：%(codes)s")
                               % {"code": rule_code, "codes": codes or _("（无）")})
        try:
            start_date = date.fromisoformat(start)
        except ValueError:
            raise CommandError(_("日期“%(value)s”无效，应为 YYYY-MM-DD 格式，如 2025-08-01。")
                               % {"value": start}) from None
        amount, unit = (days, "days") if days else (months, "months") if months else (None, None)
        due = compute_due_date(rule, start_date, amount=amount, unit=unit)

        no, yes = _("否"), _("是")
        lines = [
            due.due_date.isoformat(),
            due.explain(),
            _("规则：%(code)s（%(name)s）") % {"code": rule.code, "name": rule.localized_name},
            _("期间：%(period)s%(override)s") % {
                "period": period_text(due.amount, due.unit),
                "override": _("（文书载明，覆盖默认值）") if amount else ""},
            _("依据：%(basis)s") % {"basis": due.legal_basis},
            _("届满（顺延前）：%(date)s") % {"date": due.raw_end.isoformat()},
            _("顺延：%(shift)s") % {"shift": (
                f"{due.shifted_for} → {due.due_date.isoformat()}" if due.shifted_for else no)},
            _("暂定：%(flag)s") % {"flag": yes if due.provisional else no},
            _("依据已核实：%(flag)s") % {"flag": yes if due.verified else no},
        ]
        self.stdout.write("\n".join(lines))
