"""The deadline engine: from a period rule and a start date to an explained due date.

How Chinese law counts a period (DEADLINES.md):

- The start day (service / receipt / publication) is not counted; counting starts the next day
  (民法典 art. 201; 民事诉讼法 (2023) art. 85; 刑事诉讼法 art. 105).
- Days: the period ends ``n`` calendar days after the start; holidays in between count.
- Months: the period ends on the corresponding day of the last month, or on that month's last
  day where it has no such day (民法典 art. 202): 31 Aug + 2 months → 31 Oct; 31 Dec + 2 months
  → end of February.
- If the last day is a statutory holiday or rest day, the period ends on the first working day
  after it (民事诉讼法 art. 85; 民法典 art. 203); an adjusted working weekend day counts as one.

Everything here is pure: the calendar is passed in (or loaded once when omitted).
"""

from __future__ import annotations

import calendar as _stdcal
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.utils.translation import get_language, gettext, gettext_noop, ngettext

from .calendar import LegalCalendar

if TYPE_CHECKING:
    from .models import PeriodRule

UNITS = ("days", "months")
#: ``shifted_for`` when the end fell on a plain weekend, no holiday.
REST_DAY = gettext_noop("休息日")
#: How the start date is described in an explanation, by ``PeriodRule.clock_start``.
START_LABELS = {
    "service": gettext_noop("送达"),
    "publication": gettext_noop("公告"),
    "receipt": gettext_noop("收到"),
}
_DIGITS = "零一二三四五六七八九"


def add_months(day: date, months: int) -> date:
    """The corresponding day ``months`` later, clamped to that month's last day (民法典 art. 202)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, _stdcal.monthrange(year, month)[1]))


def period_end(start: date, amount: int, unit: str) -> date:
    """The last day of the period, before any holiday shift (start day not counted, 民法典
    art. 201)."""
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}; expected one of {UNITS}")
    if amount <= 0:
        raise ValueError("the period must be positive")
    return start + timedelta(days=amount) if unit == "days" else add_months(start, amount)


@dataclass(frozen=True)
class DueDate:
    """A computed due date with everything needed to explain it."""

    start: date  # service / receipt / publication date (not counted)
    rule_code: str
    amount: int  # the period actually applied
    unit: str
    raw_end: date  # end before the holiday shift
    due_date: date  # after the shift
    shifted_for: str | None  # holiday name(s) that caused the shift ("国庆节", "休息日")
    provisional: bool  # the calendar year's notice is not yet entered
    legal_basis: str
    #: ``({"new_due": "YYYY-MM-DD", "reason": str, "raw": "YYYY-MM-DD",
    #: "provisional": bool}, …)``, oldest first; ``raw`` (the extended end before any holiday
    #: shift) and ``provisional`` are absent from entries written before they existed.
    extensions: tuple = field(default=(), hash=False)
    clock_start: str = "service"
    verified: bool = True
    #: The reason recorded when the document states a shorter period than the rule's.
    override_reason: str = ""
    shift_holidays: bool = True

    @property
    def effective_due(self) -> date:
        """The due date after the latest extension, if any."""
        if self.extensions:
            return date.fromisoformat(self.extensions[-1]["new_due"])
        return self.due_date

    @property
    def effective_provisional(self) -> bool:
        """Whether the effective due date rests on a year whose notice is not entered yet."""
        if self.extensions:
            return bool(self.extensions[-1].get("provisional", False))
        return self.provisional

    def with_extension(self, new_due: date, reason: str, *, raw: date | None = None,
                       provisional: bool = False) -> DueDate:
        """A copy with one more extension recorded (``raw``: the extended end before the
        holiday shift, kept so that a calendar change can shift it again)."""
        entry = {"new_due": new_due.isoformat(), "reason": reason,
                 "raw": (raw or new_due).isoformat(), "provisional": provisional}
        return replace(self, extensions=(*self.extensions, entry))

    def recomputed(self, calendar: LegalCalendar) -> DueDate:
        """The same period counted again on ``calendar`` (after the legal calendar changed):
        the raw ends stay, the holiday shifts and the provisional flags are redone."""
        due, shifted_for, provisional = _shift(calendar, self.raw_end, self.shift_holidays)
        extensions = []
        for ext in self.extensions:
            raw = date.fromisoformat(ext.get("raw", ext["new_due"]))
            new_due, _reason, ext_provisional = _shift(calendar, raw, self.shift_holidays)
            extensions.append({**ext, "new_due": new_due.isoformat(), "raw": raw.isoformat(),
                               "provisional": ext_provisional})
        return replace(self, due_date=due, shifted_for=shifted_for, provisional=provisional,
                       extensions=tuple(extensions))

    def as_dict(self) -> dict[str, Any]:
        """JSON-serialisable form (dates in ISO), as stored in ``due_explanation``."""
        return {
            "start": self.start.isoformat(), "rule_code": self.rule_code,
            "amount": self.amount, "unit": self.unit,
            "raw_end": self.raw_end.isoformat(), "due_date": self.due_date.isoformat(),
            "shifted_for": self.shifted_for, "provisional": self.provisional,
            "legal_basis": self.legal_basis, "clock_start": self.clock_start,
            "verified": self.verified, "extensions": [dict(e) for e in self.extensions],
            "override_reason": self.override_reason, "shift_holidays": self.shift_holidays,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DueDate:
        """Inverse of ``as_dict``."""
        return cls(
            start=date.fromisoformat(data["start"]), rule_code=data["rule_code"],
            amount=int(data["amount"]), unit=data["unit"],
            raw_end=date.fromisoformat(data["raw_end"]),
            due_date=date.fromisoformat(data["due_date"]),
            shifted_for=data.get("shifted_for"), provisional=bool(data.get("provisional")),
            legal_basis=data.get("legal_basis", ""),
            extensions=tuple(dict(e) for e in data.get("extensions", ())),
            clock_start=data.get("clock_start", "service"),
            verified=bool(data.get("verified", True)),
            override_reason=data.get("override_reason", ""),
            shift_holidays=bool(data.get("shift_holidays", True)),
        )

    def explain(self) -> str:
        """One line in the active language, in the words a procurator or an agency uses
        (DEADLINES.md, "Explaining a due date"), e.g. ``2025年8月1日送达 · 两个月（《舟山市定海区
        人民代表大会常务委员会关于加强新时代检察机关法律监督工作的决定》第三部分）· 届满2025年
        10月1日 · 国庆节、中秋节假期顺延至2025年10月9日``.

        Never the rule's code, our source notation or the *unverified* mark: whether a rule's
        basis is checked is for the procuratorate's staff only (:attr:`verified`, shown
        beside the date on their pages as "期限依据待核实")."""
        text = gettext("%(start)s%(start_label)s · %(period)s（%(basis)s）· 届满%(raw_end)s") % {
            "start_label": gettext(START_LABELS.get(self.clock_start, START_LABELS["service"])),
            "start": legal_date(self.start), "period": period_text(self.amount, self.unit),
            "basis": self.legal_basis, "raw_end": legal_date(self.raw_end),
        }
        if self.override_reason:
            text += gettext(" · 文书载明较短期限（理由：%(reason)s）") % {
                "reason": self.override_reason}
        if self.shifted_for == REST_DAY:
            text += gettext(" · 休息日顺延至%(due)s") % {"due": legal_date(self.due_date)}
        elif self.shifted_for:
            names = gettext("、").join(gettext(n) for n in self.shifted_for.split("、"))
            text += gettext(" · %(holidays)s假期顺延至%(due)s") % {
                "holidays": names, "due": legal_date(self.due_date)}
        for ext in self.extensions:
            text += gettext(" · 延长至%(new_due)s（%(reason)s）") % {
                "new_due": legal_date(date.fromisoformat(ext["new_due"])),
                "reason": ext["reason"]}
        if self.effective_provisional:
            text += gettext("（暂定：该年度节假日安排尚未公布）")
        return text


def legal_date(day: date) -> str:
    """A date as users read it: 2026年3月5日 in Chinese, 2026-03-05 (ISO) in English."""
    if (get_language() or "zh-hans").startswith("zh"):
        return f"{day.year}年{day.month}月{day.day}日"
    return day.isoformat()


def compute_due_date(
    rule: PeriodRule,
    start: date,
    *,
    amount: int | None = None,
    unit: str | None = None,
    calendar: LegalCalendar | None = None,
    override_reason: str = "",
) -> DueDate:
    """The due date of a period under ``rule`` that starts on ``start`` (not counted).

    ``amount``/``unit`` override the rule's period (a shorter period set in the document, with
    ``override_reason`` shown in the explanation). When
    ``rule.shift_holidays``, an end on a holiday or rest day moves to the first working day after
    it (民事诉讼法 art. 85; 民法典 art. 203). Without ``calendar`` one is loaded from the database
    for the years concerned; pass one in when computing many due dates.
    """
    amount = rule.amount if amount is None else amount
    unit = rule.unit if unit is None else unit
    raw_end = period_end(start, amount, unit)
    if rule.shift_holidays and calendar is None:
        calendar = LegalCalendar.load(raw_end, raw_end + timedelta(days=31))
    due, shifted_for, provisional = _shift(calendar, raw_end, rule.shift_holidays)
    return DueDate(
        start=start, rule_code=rule.code, amount=amount, unit=unit, raw_end=raw_end,
        due_date=due, shifted_for=shifted_for, provisional=provisional,
        legal_basis=rule.legal_basis, clock_start=getattr(rule, "clock_start", "service"),
        verified=getattr(rule, "verified", True), override_reason=override_reason,
        shift_holidays=rule.shift_holidays,
    )


def _shift(calendar: LegalCalendar | None, raw_end: date,
           shift_holidays: bool) -> tuple[date, str | None, bool]:
    """(due date, holiday names skipped, provisional) for a period whose last day is
    ``raw_end``: moved to the first working day on or after it (民事诉讼法 art. 85;
    民法典 art. 203) unless the rule says the end never shifts."""
    if not shift_holidays or calendar is None:
        return raw_end, None, False
    due = calendar.next_workday_on_or_after(raw_end)
    shifted_for = _shift_reason(calendar, raw_end, due) if due != raw_end else None
    return due, shifted_for, calendar.is_provisional(raw_end) or calendar.is_provisional(due)


def extended_end(current_due: date, *, calendar: LegalCalendar, days: int | None = None,
                 months: int | None = None, new_due: date | None = None,
                 shift_holidays: bool = True) -> tuple[date, date, bool]:
    """Where an extension ends: ``days`` or ``months`` added to the current due date (the
    extension adds to the period, 民法典 art. 201–202), or an explicit ``new_due``; an end on a
    holiday or rest day moves to the next working day (民法典 art. 203). Returns
    ``(raw end, due date, provisional)``; raises ValueError unless it is later than now."""
    given = [v for v in (days, months, new_due) if v is not None]
    if len(given) != 1:
        raise ValueError("give exactly one of days, months, new_due")
    if new_due is not None:
        raw = new_due
    else:
        raw = period_end(current_due, days or months, "days" if days else "months")
    due, _names, provisional = _shift(calendar, raw, shift_holidays)
    if due <= current_due:
        raise ValueError("an extension must end after the current due date")
    return raw, due, provisional


@lru_cache(maxsize=64)
def month_span(months: int) -> tuple[int, int]:
    """The fewest and most days ``months`` calendar months can last (民法典 art. 202 counting),
    over every start in a four-year cycle: 1 month is 28–31 days, 2 months 59–62."""
    start = date(2023, 1, 1)
    spans = [(add_months(start + timedelta(days=i), months) - start - timedelta(days=i)).days
             for i in range(4 * 366)]
    return min(spans), max(spans)


def is_shorter(amount: int, unit: str, than_amount: int, than_unit: str) -> bool:
    """Whether ``amount unit`` is shorter than ``than_amount than_unit`` whatever the start
    date: 58 days is shorter than two months (59–62 days), 30 days is not shorter than one
    month (28–31 days)."""
    if unit not in UNITS or than_unit not in UNITS:
        raise ValueError(f"unknown unit; expected one of {UNITS}")
    if unit == than_unit:
        return amount < than_amount
    if unit == "days":
        return amount < month_span(than_amount)[0]
    return month_span(amount)[1] < than_amount


def _shift_reason(calendar: LegalCalendar, raw_end: date, due: date) -> str:
    """The distinct holiday names on the days skipped, or ``REST_DAY`` for a plain weekend."""
    names: dict[str, None] = {}
    day = raw_end
    while day < due:
        for name in (calendar.holiday_name(day) or "").split("、"):
            if name:
                names[name] = None
        day += timedelta(days=1)
    return "、".join(names) or REST_DAY


def period_text(amount: int, unit: str, *, official: bool = False) -> str:
    """"两个月", "十五日" in Chinese; "2 months", "15 days" with an English catalogue.

    ``official``: as an official document writes it, in Chinese whatever the active language
    (两个月, 一个月, 十五日, 二日: months with 个 and 2 as 两, as in the statutes; days
    without)."""
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}; expected one of {UNITS}")
    if official:
        return (f"{_chinese_count(amount, measure=True)}个月" if unit == "months"
                else f"{chinese_number(amount)}日")
    if unit == "months":
        return ngettext("%(count)s个月", "%(count)s个月", amount) % {
            "count": _numeral(amount, measure=True)}
    return ngettext("%(count)s日", "%(count)s日", amount) % {"count": _numeral(amount)}


def stated_period(rule: PeriodRule | None, amount: int | None = None,
                  unit: str = "") -> tuple[int, str, bool] | None:
    """The period that runs for a document: the shorter one it states (``amount``/``unit``,
    人民检察院检察建议工作规定 art. 16, 19), else its rule's. ``(amount, unit, stated)``, or
    None when the document states none and has no rule."""
    if amount:
        return amount, unit, True
    if rule is None:
        return None
    return rule.amount, rule.unit, False


def chinese_number(value: int) -> str:
    """``15`` → ``十五``, ``20`` → ``二十``, ``105`` → ``一百零五``, ``1200`` → ``一千二百``.

    Covers 0 … 9999, which is every statutory period there is.
    """
    if not 0 <= value <= 9999:
        raise ValueError(f"chinese_number supports 0..9999, got {value}")
    if value == 0:
        return _DIGITS[0]
    units = ((1000, "千"), (100, "百"), (10, "十"), (1, ""))
    out: list[str] = []
    pending_zero = False
    for size, unit in units:
        digit, value = divmod(value, size)
        if digit:
            if pending_zero:
                out.append(_DIGITS[0])
                pending_zero = False
            out.append(_DIGITS[digit] + unit)
        elif out:
            pending_zero = True
    text = "".join(out)
    # 一十五 → 十五 (only when the number starts with 十).
    return text[1:] if text.startswith("一十") else text


def _chinese_count(n: int, *, measure: bool = False) -> str:
    """:func:`chinese_number`, with 两 for 2 before a measure word (两个月)."""
    return "两" if n == 2 and measure else chinese_number(n)


def _numeral(n: int, *, measure: bool = False) -> str:
    """Chinese numeral for 1–99 when the active language is Chinese (两 before a measure word),
    else digits."""
    language = get_language() or "zh-hans"
    if not language.startswith("zh") or not 0 < n < 100:
        return str(n)
    return _chinese_count(n, measure=measure)
