"""The dates a person may type into a form, an API body or a list filter (issue 15).

Unbounded, a date field takes 9999-12-31, and a due date computed from it (served on that day,
plus two months) leaves the calendar: a 500. Every date field people fill in takes
``validators=DATE_BOUNDS``: wide enough for any case the system will hold, narrow enough that
adding any period the law knows stays in range, and a mistyped year (0226, 20266) is caught
with a reason rather than stored.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2099, 12, 31)


def validate_input_date(value: datetime.date) -> None:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not EARLIEST <= value <= LATEST:
        raise ValidationError(_("日期应在 %(first)s 至 %(last)s 之间。"), code="date_out_of_range",
                              params={"first": EARLIEST.isoformat(), "last": LATEST.isoformat()})


#: For ``forms.DateField``, ``serializers.DateField`` and ``django_filters.DateFilter`` alike.
DATE_BOUNDS = [validate_input_date]
