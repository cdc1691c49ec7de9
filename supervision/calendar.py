"""The legal calendar used to count reply periods: which days are working days.

民事诉讼法 (2023) art. 85 and 民法典 art. 203: when the last day of a period is a statutory holiday
or a rest day, the period ends on the first working day after it. A weekend day that the State
Council has made a working day (调休上班) is a working day.

For a year whose State Council notice is entered (a ``CalendarYear`` row) the calendar is a plain
Monday–Friday week corrected by the ``CalendarDay`` exceptions. For any other year the notice is
not known yet, so the calendar falls back to weekends plus the statutory holidays fixed by
全国年节及纪念日放假办法 (as amended 2024: 元旦 1 day, 春节 4 days from 除夕, 清明 1, 劳动节
May 1–2, 端午 1, 中秋 1, 国庆 Oct 1–3), and every date in such a year is *provisional*.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta
from functools import lru_cache

from django.utils.translation import gettext_noop

#: Names stored in ``CalendarDay.name`` / returned by ``holiday_name``; listed so that
#: ``makemessages`` extracts them and explanations can show them in the active language.
HOLIDAY_NAMES = (
    gettext_noop("元旦"), gettext_noop("春节"), gettext_noop("清明节"), gettext_noop("劳动节"),
    gettext_noop("端午节"), gettext_noop("中秋节"), gettext_noop("国庆节"),
    gettext_noop("抗战胜利70周年纪念日"), gettext_noop("休息日"),
)

# English names of the ``holidays`` package's China calendar → names of 全国年节及纪念日放假办法.
# Anything else it returns (its guessed "Day off (substituted …)" days) is dropped.
_STATUTORY_ZH = {
    "New Year's Day": "元旦",
    "Chinese New Year's Eve": "春节",
    "Chinese New Year (Spring Festival)": "春节",
    "Tomb-Sweeping Day": "清明节",
    "Labor Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-Autumn Festival": "中秋节",
    "National Day": "国庆节",
}
#: Year from which 春节 starts on 除夕 (国务院令第 770 号, 2024 amendment, in force 2025-01-01).
EVE_FROM_YEAR = 2025

#: ``{date: (is_workday, name)}``, the shape of the ``CalendarDay`` exceptions.
Exceptions = Mapping[date, tuple[bool, str]]


@lru_cache(maxsize=32)
def statutory_holidays(year: int) -> Mapping[date, str]:
    """The statutory holidays of ``year`` per 全国年节及纪念日放假办法, without any 调休.

    Lunar dates are converted by the ``holidays`` package (``observed=False``, names filtered so
    that none of its guessed substitute days remain). Returned mapping must not be mutated.
    """
    import holidays

    found = holidays.China(years=year, observed=False, language="en_US")
    result: dict[date, str] = {}
    has_eve = False
    for day, names in found.items():
        parts = [p.strip() for p in names.split(";")]
        has_eve = has_eve or "Chinese New Year's Eve" in parts
        zh = [_STATUTORY_ZH[p] for p in parts if p in _STATUTORY_ZH]
        if zh:
            result[day] = "、".join(dict.fromkeys(zh))
    spring = sorted(d for d, n in result.items() if "春节" in n)
    if year >= EVE_FROM_YEAR and spring and not has_eve:
        result[spring[0] - timedelta(days=1)] = "春节"
    return result


class LegalCalendar:
    """Working days for counting periods; build with ``load()`` (database) or directly.

    ``LegalCalendar(exceptions, published_years)`` makes a calendar from explicit data, for
    pure unit tests: ``exceptions`` maps a date to ``(is_workday, name)`` and
    ``published_years`` lists the years whose State Council notice those exceptions represent.
    """

    def __init__(
        self,
        exceptions: Exceptions | None = None,
        published_years: Iterable[int] = (),
        *,
        loader: Callable[[int], Exceptions] | None = None,
        loaded_years: Iterable[int] | None = None,
    ) -> None:
        self._days: dict[date, tuple[bool, str]] = dict(exceptions or {})
        self._published = frozenset(published_years)
        self._loader = loader
        # None: every year is already in ``_days``; else the years fetched so far.
        self._loaded: set[int] | None = None if loader is None else set(loaded_years or ())

    @classmethod
    def load(cls, start: date | None = None, end: date | None = None) -> LegalCalendar:
        """Read the calendar from the database: one query for ``CalendarYear``, one for the
        ``CalendarDay`` exceptions of the years ``start.year``..``end.year`` (all years when
        either is omitted). Dates in other years are fetched on first use, one query per year,
        and cached on the instance."""
        from .models import CalendarDay, CalendarYear

        published = list(CalendarYear.objects.values_list("year", flat=True))
        rows = CalendarDay.objects.all()
        if start is None or end is None:
            return cls(_as_exceptions(rows), published)
        rows = rows.filter(date__gte=date(start.year, 1, 1), date__lte=date(end.year, 12, 31))
        return cls(_as_exceptions(rows), published, loader=_load_year,
                   loaded_years=range(start.year, end.year + 1))

    @property
    def published_years(self) -> frozenset[int]:
        return self._published

    def with_year(self, year: int, exceptions: Exceptions, *, published: bool) -> LegalCalendar:
        """A copy in which ``year``'s exceptions and published flag are replaced: the calendar
        as it would be after a change, for previewing which due dates would move."""
        if self._loaded is not None and self._loader is not None and year not in self._loaded:
            self._exception(date(year, 1, 1))  # fetch the year so that it is replaced, not mixed
        days = {d: v for d, v in self._days.items() if d.year != year}
        days.update({d: v for d, v in exceptions.items() if d.year == year})
        years = (set(self._published) - {year}) | ({year} if published else set())
        if self._loaded is None:
            return LegalCalendar(days, years)
        return LegalCalendar(days, years, loader=self._loader, loaded_years=self._loaded | {year})

    def year_exceptions(self, year: int) -> dict[date, tuple[bool, str]]:
        """The stored exceptions of ``year`` (what the State Council notice changed)."""
        self._exception(date(year, 1, 1))
        return {d: v for d, v in sorted(self._days.items()) if d.year == year}

    def _exception(self, day: date) -> tuple[bool, str] | None:
        if self._loaded is not None and self._loader is not None and day.year not in self._loaded:
            self._days.update(self._loader(day.year))
            self._loaded.add(day.year)
        return self._days.get(day)

    def is_provisional(self, day: date) -> bool:
        """True when the State Council notice for ``day``'s year has not been entered."""
        return day.year not in self._published

    def is_workday(self, day: date) -> bool:
        """Whether ``day`` is a working day (an adjusted working weekend day is one)."""
        if self.is_provisional(day):
            return day.weekday() < 5 and day not in statutory_holidays(day.year)
        exception = self._exception(day)
        if exception is not None:
            return exception[0]
        return day.weekday() < 5

    def holiday_name(self, day: date) -> str | None:
        """The name of ``day``'s holiday or 调休 (e.g. "国庆节", "国庆节调休上班"), else None."""
        if self.is_provisional(day):
            return statutory_holidays(day.year).get(day)
        exception = self._exception(day)
        return (exception[1] or None) if exception is not None else None

    def next_workday_on_or_after(self, day: date) -> date:
        """``day`` itself if it is a working day, else the first working day after it."""
        for _ in range(366):
            if self.is_workday(day):
                return day
            day += timedelta(days=1)
        raise ValueError(f"no working day within a year after {day}")


def _as_exceptions(rows) -> dict[date, tuple[bool, str]]:
    """One query: ``rows`` is a ``CalendarDay`` queryset."""
    return {d: (w, n) for d, w, n in rows.values_list("date", "is_workday", "name")}


def _load_year(year: int) -> dict[date, tuple[bool, str]]:
    from .models import CalendarDay

    return _as_exceptions(CalendarDay.objects.filter(date__year=year))
