"""Filters every app's FilterSets share."""

from __future__ import annotations

import django_filters
from django import forms

from supervision.converters import MAX_ID


class IdFilter(django_filters.NumberFilter):
    """A row's id: a whole number a primary key can hold (``1.5`` or ``2**70`` is a 400) — the
    same bound as the URLs' ``<id:…>`` converter."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)
