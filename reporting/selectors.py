"""Deadline figures for dashboards: aggregate queries over what the viewer may see — the
agencies' reply deadlines and the procuratorate's own (本院办理期限)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from agencies.models import Agency
from recommendations.choices import InternalDeadlineKind
from recommendations.models import InternalDeadline, Recommendation
from supervision.models import Procuratorate, User
from supervision.models.deadline import Deadline
from supervision.permissions import dashboard_scope

#: bucket code -> condition on a running deadline, relative to ``today``
BUCKETS = ("awaiting", "due_7", "due_today", "overdue")

#: Overdue by age (days past the due date): code -> (fewest, most; None: no upper bound).
OVERDUE_AGES: dict[str, tuple[int, int | None]] = {
    "1_7": (1, 7), "8_30": (8, 30), "31_90": (31, 90), "90_plus": (91, None)}


def overdue_age_q(age: str, today: datetime.date) -> Q:
    """Overdue by between the age's bounds of days (``due_date`` alone: the index's column)."""
    fewest, most = OVERDUE_AGES[age]
    q = Q(due_date__lte=today - datetime.timedelta(days=fewest))
    if most is not None:
        q &= Q(due_date__gte=today - datetime.timedelta(days=most))
    return q


#: The dashboard's overdue-by-age counts, keyed as the aggregates name them.
AGE_COUNTS = {f"age_{code}": code for code in OVERDUE_AGES}


def _bucket_q(bucket: str, today: datetime.date, model: type[Deadline] = Recommendation) -> Q:
    """The bucket as the shared deadline rule of ``model`` (``running_q``, ``due_within_q``,
    ``overdue_q``): for a list."""
    return model.running_q() & _bucket_dates_q(bucket, today, model)


def _bucket_dates_q(bucket: str, today: datetime.date,
                    model: type[Deadline] = Recommendation) -> Q:
    """The bucket's date condition alone (``due_window_q``, ``past_due_q``), for an aggregate
    over rows already running: the counts then come from the partial index of scope and due
    date without reading the table."""
    if bucket == "awaiting":
        return Q()
    if bucket == "due_7":
        return model.due_window_q(7, today)
    if bucket == "due_today":
        return model.due_window_q(0, today)
    if bucket == "overdue":
        return model.past_due_q(today)
    raise ValueError(bucket)


def awaiting_visible_to(user: User) -> QuerySet[Recommendation]:
    """Instruments awaiting the agency's reply within the viewer's dashboard scope."""
    scope = dashboard_scope(user, field="procuratorate")
    qs = Recommendation.objects.running().filter(due_date__isnull=False)
    return qs.filter(scope) if scope is not None else qs.none()


#: Every count the dashboard shows for a group of running clocks.
COUNT_KEYS = (*BUCKETS, *AGE_COUNTS)


@dataclass(frozen=True)
class Breakdown:
    """The dashboard's reply-deadline figures: per procuratorate (by name), the agencies with
    the most overdue replies, and the totals; each row a dict of :data:`COUNT_KEYS`."""

    by_procuratorate: list[dict]
    by_agency: list[dict]
    totals: dict[str, int]


def deadline_breakdown(user: User, today: datetime.date | None = None,
                       agencies: int = 10) -> Breakdown:
    """One aggregate over the running clocks of the viewer's scope, grouped by procuratorate
    and agency and read from ``rec_awaiting_agency_idx`` alone (scope, agency, due date of the
    running clocks — history never enters it; the counts name ``due_date``, a column of the
    index, and their ``FILTER``s the due date only), in index order without a hash. The few
    thousand (procuratorate, agency) rows are summed here both ways; the names of the hundred
    procuratorates and of the ``agencies`` shown are read after, by primary key. At most three
    queries."""
    today = today or timezone.localdate()
    pairs = list(awaiting_visible_to(user).order_by().values("procuratorate_id", "agency_id")
                 .annotate(**{bucket: Count("due_date", filter=_bucket_dates_q(bucket, today) or None)
                              for bucket in BUCKETS},
                           **{key: Count("due_date", filter=overdue_age_q(age, today))
                              for key, age in AGE_COUNTS.items()}))
    by_procuratorate = _summed(pairs, "procuratorate_id")
    by_agency = sorted(_summed(pairs, "agency_id"),
                       key=lambda r: (-r["overdue"], -r["awaiting"], r["agency_id"]))[:agencies]
    _name(by_procuratorate, Procuratorate, "procuratorate")
    _name(by_agency, Agency, "agency")
    return Breakdown(sorted(by_procuratorate, key=lambda r: r["procuratorate__name"]), by_agency,
                     {key: sum(row[key] for row in pairs) for key in COUNT_KEYS})


def _summed(pairs: list[dict], key: str) -> list[dict]:
    groups: dict[int, dict] = {}
    for pair in pairs:
        group = groups.setdefault(pair[key], {key: pair[key], **dict.fromkeys(COUNT_KEYS, 0)})
        for count in COUNT_KEYS:
            group[count] += pair[count]
    return list(groups.values())


def _name(rows: list[dict], model: type[models.Model], prefix: str) -> None:
    ids = [row[f"{prefix}_id"] for row in rows]
    names = dict(model.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    for row in rows:
        row[f"{prefix}__name"] = names.get(row[f"{prefix}_id"], "")


def deadline_counts(user: User, today: datetime.date | None = None) -> dict[str, int]:
    """Counts per bucket (and overdue by age) over the viewer's whole scope."""
    return deadline_breakdown(user, today).totals


@dataclass(frozen=True)
class ListFilter:
    """What narrows a deadline list (all optional), already checked against the viewer's
    scope by the page's form."""

    agency: Agency | None = None
    procuratorate: Procuratorate | None = None
    instrument_type: int | None = None
    age: str | None = None
    descending: bool = False


def deadline_list(user: User, bucket: str, today: datetime.date | None = None,
                  narrow: ListFilter | None = None) -> QuerySet[Recommendation]:
    """One bucket's instruments in the viewer's scope, most overdue (earliest due) first, or
    latest first with ``descending``; narrowed by agency, procuratorate (with those below),
    instrument type and overdue age."""
    today = today or timezone.localdate()
    narrow = narrow or ListFilter()
    qs = awaiting_visible_to(user).filter(_bucket_q(bucket, today))
    if narrow.agency is not None:
        qs = qs.filter(agency=narrow.agency)
    if narrow.procuratorate is not None:
        qs = qs.filter(procuratorate__path__startswith=narrow.procuratorate.path)
    if narrow.instrument_type is not None:
        qs = qs.filter(instrument_type_id=narrow.instrument_type)
    if narrow.age is not None:
        qs = qs.filter(overdue_age_q(narrow.age, today))
    order = ("-due_date", "-pk") if narrow.descending else ("due_date", "pk")
    return (qs.select_related("agency", "instrument_type", "procuratorate", "case__handler")
            .order_by(*order))


# --- The procuratorate's own deadlines (本院办理期限) ----------------------------------------

#: bucket code -> condition on an open internal deadline (same meaning as for replies).
INTERNAL_BUCKETS = ("open", "due_7", "overdue")


def _internal_q(bucket: str, today: datetime.date) -> Q:
    return _bucket_q("awaiting" if bucket == "open" else bucket, today, InternalDeadline)


def _internal_dates_q(bucket: str, today: datetime.date) -> Q:
    return _bucket_dates_q("awaiting" if bucket == "open" else bucket, today, InternalDeadline)


def internal_visible_to(user: User) -> QuerySet[InternalDeadline]:
    """Open deadlines of the procuratorate within the viewer's dashboard scope, on the
    deadline's own copy of the procuratorate (``internal_open_scope_idx``)."""
    scope = dashboard_scope(user, field="procuratorate")
    qs = InternalDeadline.objects.running()
    return qs.filter(scope) if scope is not None else qs.none()


def internal_counts_by_kind(user: User, today: datetime.date | None = None) -> list[dict]:
    """One row per kind (every kind, zeros included): open, due within 7 days, overdue —
    one aggregate query, from ``internal_open_scope_idx`` alone."""
    today = today or timezone.localdate()
    found = {row["kind"]: row for row in internal_visible_to(user).values("kind").annotate(
        **{bucket: Count("due_date", filter=_internal_dates_q(bucket, today) or None)
           for bucket in INTERNAL_BUCKETS})}
    return [{"kind": kind, "label": label,
             **{b: found.get(kind, {}).get(b, 0) for b in INTERNAL_BUCKETS}}
            for kind, label in InternalDeadlineKind.choices]


def internal_list(user: User, bucket: str, today: datetime.date | None = None,
                  kind: str | None = None) -> QuerySet[InternalDeadline]:
    today = today or timezone.localdate()
    qs = internal_visible_to(user).filter(_internal_q(bucket, today))
    if kind:
        qs = qs.filter(kind=kind)
    return (qs.select_related("recommendation", "recommendation__agency", "procuratorate",
                              "responsible")
            .order_by("due_date", "pk"))
