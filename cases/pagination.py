"""Keyset (cursor) pagination of the case list, for the page and the API alike.

``OFFSET n`` makes the database read and throw away n rows, so page 4,000 of a large list is
slow. A cursor instead encodes the position of the last row shown (``accepted_on < X``, with an
offset only among rows sharing X), so every page costs the same: an index range scan of one
page. Django REST framework's ``CursorPagination`` does exactly that; the page reuses it through
a DRF ``Request`` wrapper. The total shown on the page is a bounded count (``COUNT`` over at most
``COUNT_LIMIT + 1`` rows: "1000+"), so it never scans the whole table either.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db.models import QuerySet
from django.http import HttpRequest
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response

from .filtersets import sort_ordering

COUNT_LIMIT = 1000


class CaseCursorPagination(CursorPagination):
    """Cursor pagination ordered by the ``sort`` parameter (``cases.filtersets.SORTS``)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_ordering(self, request, queryset, view) -> tuple[str, ...]:
        return sort_ordering(request.query_params.get("sort"))

    def paginate_queryset(self, queryset, request, view=None):
        self.count, self.count_capped = bounded_count(queryset)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data) -> Response:
        """DRF's ``next``/``previous``/``results`` plus a bounded ``count`` (at most
        ``COUNT_LIMIT``; ``count_capped`` says there are more)."""
        return Response({"count": self.count, "count_capped": self.count_capped,
                         "next": self.get_next_link(), "previous": self.get_previous_link(),
                         "results": data})

    def get_paginated_response_schema(self, schema: dict) -> dict:
        result = super().get_paginated_response_schema(schema)
        result["properties"] = {"count": {"type": "integer"}, "count_capped": {"type": "boolean"},
                                **result["properties"]}
        return result


def _relative(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


@dataclass
class CasePage:
    rows: list
    next_url: str | None
    previous_url: str | None
    count: int
    count_capped: bool


def bounded_count(qs: QuerySet) -> tuple[int, bool]:
    """At most ``COUNT_LIMIT``, and whether there are more."""
    count = qs.order_by()[:COUNT_LIMIT + 1].count()
    return min(count, COUNT_LIMIT), count > COUNT_LIMIT


def paginate_cases(request: HttpRequest, qs: QuerySet, page_size: int = 25) -> CasePage:
    paginator = CaseCursorPagination()
    paginator.page_size = page_size
    rows = paginator.paginate_queryset(qs, Request(request))
    return CasePage(rows=rows, next_url=_relative(paginator.get_next_link()),
                    previous_url=_relative(paginator.get_previous_link()), count=paginator.count,
                    count_capped=paginator.count_capped)
