"""Dates in the English interface are ISO 8601 (issue 14), as in the documents' metadata;
Django's own en formats supply the rest (input formats included)."""

DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "m-d H:i"
