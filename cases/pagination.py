"""Keyset (cursor) pagination of the case list, for the page and the API alike: the core's
:class:`supervision.pagination.KeysetPagination` ordered by the list's ``sort`` parameter (an
offset only among rows sharing a sort value)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest

from supervision.pagination import KeysetPage, KeysetPagination, paginate

from .filtersets import sort_ordering


class CaseCursorPagination(KeysetPagination):
    """Cursor pagination ordered by the ``sort`` parameter (``cases.filtersets.SORTS``)."""

    def get_ordering(self, request, queryset, view) -> tuple[str, ...]:
        return sort_ordering(request.query_params.get("sort"))


def paginate_cases(request: HttpRequest, qs: QuerySet, page_size: int = 25) -> KeysetPage:
    return paginate(request, qs, page_size=page_size, paginator=CaseCursorPagination())
