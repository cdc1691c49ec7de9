"""Keyset (cursor) pagination with a bounded count: every large list, in the API and the pages.

``OFFSET n`` makes the database read and throw away n rows, and a page-number paginator's
``COUNT(*)`` reads every row the filter lets through — at a million instruments the count alone
never finished for a provincial supervisor. A cursor encodes the position of the last row shown
(``id < X``, with an offset only among rows sharing a sort value), so every page costs one index
range scan of a page, at any depth. Django REST framework's ``CursorPagination`` does exactly
that; :func:`paginate` gives a server-rendered page the same (``templates/_keyset_pager.html``
draws the count and the links). The total is a bounded count (``COUNT`` over at most
``COUNT_LIMIT + 1`` rows: "1000+").
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response

#: The most a list counts; above it the answer is "more than COUNT_LIMIT" (``count_capped``).
COUNT_LIMIT = 1000


def bounded_count(qs) -> tuple[int, bool]:
    """At most ``COUNT_LIMIT``, and whether there are more: ``SELECT COUNT(*) FROM (… LIMIT
    1001)``, never a scan of every matching row."""
    count = qs.order_by()[:COUNT_LIMIT + 1].count()
    return min(count, COUNT_LIMIT), count > COUNT_LIMIT


class KeysetPagination(CursorPagination):
    """Newest first by primary key (an index every table has); ``page_size`` up to 200.

    The response is DRF's ``next``/``previous``/``results`` plus a bounded ``count`` (at most
    ``COUNT_LIMIT``; ``count_capped`` says there are more). The default for every API list."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-pk"
    #: In the API a ``page_size`` that is not a whole number from 1 answers 404; a page
    #: (:func:`paginate`) shows its own page size instead.
    strict_page_size = True

    def get_page_size(self, request) -> int:
        """``page_size`` if given: a whole number from 1 (above ``max_page_size`` it is
        ``max_page_size``); anything else answers 404, as a tampered cursor does — never a
        silently different page."""
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        if not self.strict_page_size:
            return super().get_page_size(request)
        try:
            size = int(value)
        except (TypeError, ValueError):
            size = 0
        if size < 1 or str(size) != value.strip():
            raise NotFound(_("每页条数（page_size）应为 1 至 %(max)s 的整数。")
                           % {"max": self.max_page_size})
        return min(size, self.max_page_size)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "default": self.page_size}
                parameter["description"] = str(_(
                    "每页条数，1 至 %(max)s（更大的值按 %(max)s 计）；默认 %(default)s。")
                    % {"max": self.max_page_size, "default": self.page_size})
            elif parameter["name"] == self.cursor_query_param:
                parameter["description"] = str(_(
                    "翻页游标：取自上一页响应的 next 或 previous 链接，不要自行构造；"
                    "无效的游标答 404。"))
        return parameters

    def paginate_queryset(self, queryset, request, view=None):
        self.count, self.count_capped = bounded_count(queryset)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data) -> Response:
        return Response({"count": self.count, "count_capped": self.count_capped,
                         "next": self.get_next_link(), "previous": self.get_previous_link(),
                         "results": data})

    def get_paginated_response_schema(self, schema: dict) -> dict:
        result = super().get_paginated_response_schema(schema)
        result["properties"] = {"count": {"type": "integer"}, "count_capped": {"type": "boolean"},
                                **result["properties"]}
        return result


@dataclass
class KeysetPage:
    """One page of a list in a server-rendered page: its rows, relative links to the pages
    before and after (``?cursor=…``, the request's other parameters kept) and the bounded
    count."""

    rows: list
    next_url: str | None
    previous_url: str | None
    count: int
    count_capped: bool


def _relative(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def paginate(request: HttpRequest, qs: QuerySet, *, ordering: str | tuple[str, ...] = "-pk",
             page_size: int = 25, paginator: KeysetPagination | None = None) -> KeysetPage:
    """The keyset page of ``qs`` the request's ``cursor`` points at, for a page (DRF's cursor
    pagination through a DRF ``Request`` wrapper), in ``ordering`` (which must end in a
    unique column) or the given ``paginator``'s own. A tampered cursor answers 404."""
    if paginator is None:
        paginator = KeysetPagination()
        paginator.ordering = ordering
    paginator.page_size = page_size
    paginator.strict_page_size = False
    try:
        rows = paginator.paginate_queryset(qs, Request(request))
    except NotFound as exc:
        raise Http404(str(exc.detail)) from exc
    return KeysetPage(rows=rows, next_url=_relative(paginator.get_next_link()),
                      previous_url=_relative(paginator.get_previous_link()),
                      count=paginator.count, count_capped=paginator.count_capped)
