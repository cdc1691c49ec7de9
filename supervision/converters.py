"""The ``<id:…>`` path converter: a row id, as the database can hold it (issue 15).

Django's ``<int:…>`` takes any run of digits; 99999999999999999999 reached the views, and a
lookup through a related row (``case__pk=…``) sent it on to the database, which cannot bind an
integer beyond 64 bits: a 500. ``<id:…>`` matches only what a ``BigAutoField`` can hold, so
anything else is the resolver's 404 before a view runs. Registered when the core app loads
(``SupervisionConfig.ready``), before any URL conf is read.
"""

from __future__ import annotations

from django.urls import register_converter

#: The largest id a ``BigAutoField`` (a signed 64-bit integer) holds.
MAX_ID = 2**63 - 1


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError(value)  # the resolver then tries the next pattern, then 404
        return number

    def to_url(self, value: int | str) -> str:
        return str(value)


def register() -> None:
    register_converter(IdConverter, "id")
