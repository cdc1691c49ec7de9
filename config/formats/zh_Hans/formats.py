"""Dates as a Chinese office writes them (issue 14: "2026年3月5日"); Django's own zh_Hans
formats supply the rest (input formats included)."""

DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日 H:i"
SHORT_DATE_FORMAT = "Y年n月j日"
SHORT_DATETIME_FORMAT = "n月j日 H:i"
