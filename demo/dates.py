"""Dates of the demo world: working days and the service date that gives a wanted due date.

Pure functions of the legal calendar and the deadline engine (no database): the builder aims
each awaiting instrument's due date at a bucket relative to ``today`` and asks here when it
must have been served for the engine to compute exactly that date.
"""

from __future__ import annotations

import datetime

from supervision.calendar import LegalCalendar
from supervision.deadlines import compute_due_date

DAY = datetime.timedelta(days=1)
#: How far back a service date is searched.
SEARCH_DAYS = 450


def workday_before(calendar: LegalCalendar, day: datetime.date) -> datetime.date:
    """``day`` or the last working day before it."""
    while not calendar.is_workday(day):
        day -= DAY
    return day


def service_date_for(rule, target: datetime.date, *, today: datetime.date,
                     calendar: LegalCalendar) -> datetime.date:
    """The latest service date (not after ``today``) whose computed due date is ``target``.

    Near targets (within a week of today: the reminder days) must be hit exactly, so the
    due date's distance comes first, then a working-day service date. Far targets only
    need to land in their bucket, so a working-day service date comes first, then the
    nearest due date. Where no service date reaches the target (holiday shifts), the
    nearest reachable due date is used, later rather than earlier.
    """
    near = abs((target - today).days) <= 7
    best = None
    day = today
    earliest = today - datetime.timedelta(days=SEARCH_DAYS)
    while day >= earliest:
        due = compute_due_date(rule, day, calendar=calendar).due_date
        distance = (abs((due - target).days), 0 if due >= target else 1)
        weekend = 0 if calendar.is_workday(day) else 1
        score = (*distance, weekend) if near else (weekend, *distance)
        if best is None or score < best[0]:
            best = (score, day)
            if score == (0, 0, 0):
                break
        day -= DAY
    return best[1]
