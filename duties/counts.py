"""Counting many querysets in one statement, for the pages that count every flow at once.

The intake overview, the navigation's total, the dashboards, the period statistics and the
agency scorecards each count one queryset per flow or per figure (:mod:`duties.registry`); a
``count()`` each would cost one query per flow on every page. Here each queryset is compiled
as it stands (its filters, joins and ``distinct()`` kept) and becomes a subquery of a single
``SELECT`` — one round trip however many flows are registered. A queryset that can match
nothing (``.none()``, an empty ``__in``) costs no SQL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, QuerySet


def _sql(qs: QuerySet) -> tuple[str, tuple] | None:
    """The queryset's SQL and parameters, or None when it can match nothing."""
    try:
        sql, params = qs.query.sql_with_params()
    except EmptyResultSet:
        return None
    return sql, tuple(params)


def _rows_of(qs: QuerySet) -> QuerySet:
    """``qs`` as a subquery worth counting: no ordering, the primary key only (a values()
    queryset keeps its own columns, which may be what makes it distinct)."""
    qs = qs.order_by()
    return qs if qs._fields else qs.values("pk")  # a values() queryset keeps its columns


def count_each(querysets: Sequence[QuerySet]) -> list[int]:
    """``[qs.count() for qs in querysets]`` in one query per database (one in practice)."""
    results = [0] * len(querysets)
    by_db: dict[str, list[tuple[int, str, tuple]]] = defaultdict(list)
    for index, qs in enumerate(querysets):
        compiled = _sql(_rows_of(qs))
        if compiled is not None:
            by_db[qs.db].append((index, *compiled))
    for alias, parts in by_db.items():
        select = ", ".join(f"(SELECT COUNT(*) FROM ({sql}) duty_count_{n})"
                           for n, (_index, sql, _params) in enumerate(parts))
        params = tuple(p for _index, _sql_text, part in parts for p in part)
        with connections[alias].cursor() as cursor:
            cursor.execute(f"SELECT {select}", params)
            row = cursor.fetchone()
        for (index, _sql_text, _params), value in zip(parts, row, strict=True):
            results[index] = int(value)
    return results


def count_grouped(querysets: Sequence[tuple[QuerySet, str]]) -> list[dict[Hashable, int]]:
    """For each ``(qs, path)``, how many distinct rows of ``qs`` each value of ``path`` has
    (``{agency_id: n}``; values without rows are absent) — one ``UNION ALL`` of grouped
    counts, one query however many querysets."""
    results: list[dict[Hashable, int]] = [{} for _ in querysets]
    by_db: dict[str, list[tuple[int, str, tuple]]] = defaultdict(list)
    for index, (qs, path) in enumerate(querysets):
        grouped = (qs.order_by().values(path).annotate(duty_n=Count("pk", distinct=True))
                   .values_list(path, "duty_n"))
        compiled = _sql(grouped)
        if compiled is not None:
            by_db[qs.db].append((index, *compiled))
    for alias, parts in by_db.items():
        union = " UNION ALL ".join(f"SELECT {n} AS duty_part, duty_grouped_{n}.* FROM ({sql}) duty_grouped_{n}"
                                   for n, (_index, sql, _params) in enumerate(parts))
        params = tuple(p for _index, _sql_text, part in parts for p in part)
        with connections[alias].cursor() as cursor:
            cursor.execute(union, params)
            rows = cursor.fetchall()
        for part, key, value in rows:
            results[parts[part][0]][key] = int(value)
    return results
