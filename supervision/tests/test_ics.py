"""The RFC 5545 writer behind the calendar feed (the feed itself is tested with the
instruments, whose deadlines it lists: ``recommendations/tests/test_calendar_feed.py``)."""

from __future__ import annotations

import datetime

from supervision.ics import AllDayEvent, calendar, escape_text, fold

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


def unfold(text: str) -> str:
    return text.replace("\r\n ", "")


def test_the_writer_follows_rfc_5545():
    long = "回复期限：定检一建〔2026〕12号（舟山市定海区人民法院）" * 3 + "; a, b\\c\nd"
    text = calendar([AllDayEvent(uid="reply-1@x", day=datetime.date(2026, 12, 31), summary=long)],
                    name="我的期限", now=NOW)
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")  # every line ends in CRLF
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    assert "DTSTART;VALUE=DATE:20261231\r\n" in text and "DTEND;VALUE=DATE:20270101\r\n" in text
    assert "DTSTAMP:20261123T010000Z" in text
    assert f"SUMMARY:{escape_text(long)}" in unfold(text)
    assert escape_text("; a, b\\c\nd") == "\\; a\\, b\\\\c\\nd"
    assert fold("é" * 40).split("\r\n")[0] == "é" * 37  # never splits a character
