"""Load the State Council holiday notices (国务院办公厅关于部分节假日安排的通知) for every year the
``chinesecalendar`` package covers.

Only the exceptions to a plain Monday–Friday week are stored (see ``CalendarDay``): holidays that
fall on a weekday, and weekend days made working days (调休上班). Each covered year gets a
``CalendarYear`` row; due dates in any other year are provisional. Self-contained on purpose: it
does not import application code, so later edits to the app cannot change what it does.
"""

from datetime import date, timedelta
from importlib import metadata

from django.db import migrations

FIRST_YEAR = 2004
SOURCE_PREFIX = "国务院办公厅节假日安排通知（chinesecalendar "

NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def covered_years(cc) -> list[int]:
    """Years for which ``chinese_calendar`` has data (it raises NotImplementedError otherwise)."""
    def covered(year: int) -> bool:
        try:
            cc.is_workday(date(year, 1, 1))
        except NotImplementedError:
            return False
        return True

    first = FIRST_YEAR
    while not covered(first) and first < FIRST_YEAR + 50:
        first += 1
    years = []
    year = first
    while covered(year):
        years.append(year)
        year += 1
    return years


def name_zh(english: str | None) -> str:
    if not english:
        return ""
    return NAMES_ZH.get(english, english)[:34]


def load_calendar(apps, schema_editor):
    import chinese_calendar as cc

    CalendarDay = apps.get_model("supervision", "CalendarDay")
    CalendarYear = apps.get_model("supervision", "CalendarYear")
    years = covered_years(cc)
    try:
        version = metadata.version("chinesecalendar")
    except metadata.PackageNotFoundError:
        version = getattr(cc, "__version__", "?")

    existing = set(CalendarDay.objects.values_list("date", flat=True))
    rows = []
    for year in years:
        day = date(year, 1, 1)
        while day.year == year:
            workday = cc.is_workday(day)
            if workday != (day.weekday() < 5) and day not in existing:
                name = name_zh(cc.get_holiday_detail(day)[1])
                if workday:
                    name = f"{name}调休上班" if name else "调休上班"
                rows.append(CalendarDay(date=day, is_workday=workday, name=name))
            day += timedelta(days=1)
    CalendarDay.objects.bulk_create(rows, batch_size=500)

    known = set(CalendarYear.objects.values_list("year", flat=True))
    CalendarYear.objects.bulk_create(
        [CalendarYear(year=y, source=f"{SOURCE_PREFIX}{version}）") for y in years if y not in known]
    )


def unload_calendar(apps, schema_editor):
    CalendarDay = apps.get_model("supervision", "CalendarDay")
    CalendarYear = apps.get_model("supervision", "CalendarYear")
    years = list(CalendarYear.objects.filter(source__startswith=SOURCE_PREFIX)
                 .values_list("year", flat=True))
    for year in years:
        CalendarDay.objects.filter(date__year=year).delete()
    CalendarYear.objects.filter(year__in=years).delete()


class Migration(migrations.Migration):
    dependencies = [("supervision", "0002_period_rules")]

    operations = [migrations.RunPython(load_calendar, unload_calendar)]
