"""A minimal iCalendar (RFC 5545) writer for all-day deadline events; no dependency.

What the RFC asks and this does: CRLF line ends (§3.1); content lines folded at 75 octets with
CRLF + one space, never inside a UTF-8 character (§3.1); TEXT values escaped (backslash,
semicolon, comma, newline, §3.3.11); ``DTSTART;VALUE=DATE`` with a ``DTEND`` the day after for
an all-day event (§3.6.1); a ``UID`` and ``DTSTAMP`` on every VEVENT (§3.6.1); ``PRODID`` and
``VERSION`` on the calendar (§3.7).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

LINE_OCTETS = 75


@dataclass(frozen=True)
class AllDayEvent:
    uid: str
    day: datetime.date
    summary: str
    description: str = ""
    url: str = ""
    sequence: int = 0


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11)."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> str:
    """Fold one content line into chunks of at most 75 octets (continuations start with a
    space, which counts towards their 75), splitting only between characters."""
    out, current, size, limit = [], [], 0, LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append("".join(current))
            current, size, limit = [" "], 1, LINE_OCTETS
        current.append(char)
        size += width
    out.append("".join(current))
    return "\r\n".join(out)


def _date(day: datetime.date) -> str:
    return day.strftime("%Y%m%d")


def calendar(events: Iterable[AllDayEvent], *, name: str, now: datetime.datetime) -> str:
    """The whole VCALENDAR text, CRLF-terminated lines."""
    stamp = now.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//procuratorial-supervision//deadlines//ZH",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{escape_text(name)}",
             "X-WR-TIMEZONE:Asia/Shanghai"]
    for event in events:
        lines += ["BEGIN:VEVENT", f"UID:{event.uid}", f"DTSTAMP:{stamp}",
                  f"DTSTART;VALUE=DATE:{_date(event.day)}",
                  f"DTEND;VALUE=DATE:{_date(event.day + datetime.timedelta(days=1))}",
                  f"SEQUENCE:{event.sequence}", f"SUMMARY:{escape_text(event.summary)}",
                  "TRANSP:TRANSPARENT"]
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
