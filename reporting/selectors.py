"""Deadline figures for dashboards: aggregate queries over what the viewer may see — the
agencies' reply deadlines and the procuratorate's own (本院办理期限)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from cases.permissions import juvenile_narrows, juvenile_q
from congress.models import DeliberationOpinion
from recommendations.choices import InternalDeadlineKind
from recommendations.models import InstrumentType, InternalDeadline, Recommendation
from supervision.models import Department, Procuratorate, SupervisionKind, User
from supervision.models.deadline import Deadline
from supervision.models.names import localized
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
    """The dashboard's reply-deadline figures: per procuratorate (by name), the agencies,
    departments and procurators with the most overdue replies, every supervision kind and
    instrument type with a running clock, and the totals; each row a dict of
    :data:`COUNT_KEYS` (those by department, procurator, kind and type: of
    :data:`DIMENSION_KEYS`) with its id (``<dimension>_id``) and its label
    (``<dimension>__name``).
    ``no_department``: the running clocks whose case records no department (in no department
    row)."""

    by_procuratorate: list[dict]
    by_agency: list[dict]
    totals: dict[str, int]
    by_department: list[dict] = field(default_factory=list)
    by_procurator: list[dict] = field(default_factory=list)
    by_kind: list[dict] = field(default_factory=list)
    by_type: list[dict] = field(default_factory=list)
    no_department: dict[str, int] = field(default_factory=dict)


def _counts(today: datetime.date, keys: tuple[str, ...] = COUNT_KEYS) -> dict:
    """The counts ``keys`` (of :data:`COUNT_KEYS`) as conditional ``Count``s of ``due_date``."""
    counts = {**{bucket: Count("due_date", filter=_bucket_dates_q(bucket, today) or None)
                 for bucket in BUCKETS},
              **{key: Count("due_date", filter=overdue_age_q(age, today))
                 for key, age in AGE_COUNTS.items()}}
    return {key: counts[key] for key in keys}


#: What the breakdown tables by department, procurator, kind and type show (the dashboard's
#: columns): counted alone, the second aggregate does less than half the work.
DIMENSION_KEYS = ("overdue", "due_7", "awaiting")


#: The case-side dimensions (``dimension -> the grouped column``) of the second aggregate, on
#: the instrument's copies of its case's columns (``Recommendation.CASE_COPIES``): the
#: procurator is the case's handler (承办检察官), the kind the case's supervision kind (四大检察),
#: the department the case's (the registering department).
CASE_DIMENSIONS = {"department": "case_department_id", "procurator": "case_handler_id",
                   "kind": "case_kind_id", "type": "instrument_type_id"}


def deadline_breakdown(user: User, today: datetime.date | None = None,
                       agencies: int = 10, *, top: int = 10,
                       dimensions: bool = True) -> Breakdown:
    """Two aggregates over the running clocks of the viewer's scope.

    The first is grouped by procuratorate and agency and read from ``rec_awaiting_agency_idx``
    alone (scope, agency, due date of the running clocks — history never enters it; the counts
    name ``due_date``, a column of the index, and their ``FILTER``s the due date only), in index
    order without a hash. The few thousand (procuratorate, agency) rows are summed here both
    ways; the names of the hundred procuratorates and of the ``agencies`` shown are read after,
    by primary key.

    The second (``dimensions``) reads ``rec_awaiting_case_idx`` alone (scope, the case's
    department, handler and kind as the instrument copies them, type, due date of the running
    clocks), grouped by those ids; its rows (one per
    procurator and type, about) are summed here by each of the four. Departments and
    procurators: the ``top`` with the most overdue replies; kinds and types: all that have a
    running clock; the names of the rows shown are read after, by primary key. At most eight
    queries, whatever the scope."""
    today = today or timezone.localdate()
    pairs = list(awaiting_visible_to(user).order_by().values("procuratorate_id", "agency_id")
                 .annotate(**_counts(today)))
    by_procuratorate = _summed(pairs, "procuratorate_id")
    by_agency = _most_overdue(_summed(pairs, "agency_id"), "agency_id")[:agencies]
    _name(by_procuratorate, Procuratorate, "procuratorate")
    _name(by_agency, Agency, "agency")
    totals = {key: sum(row[key] for row in pairs) for key in COUNT_KEYS}
    if not dimensions or not pairs:
        return Breakdown(sorted(by_procuratorate, key=lambda r: r["procuratorate__name"]),
                         by_agency, totals)
    # ids only, from rec_awaiting_case_idx alone (scope, the case's copied department, handler
    # and kind, type, due date of the running clocks): joining each clock to its case took
    # 0.29 s for a province at 1M, grouping by the names too 0.88 s (docs/performance.md)
    rows = (awaiting_visible_to(user).order_by().values_list(*CASE_DIMENSIONS.values())
            .annotate(**_counts(today, DIMENSION_KEYS)))
    groups = _summed_by_dimension(rows)
    no_department = next((g for g in groups["department"] if g["department_id"] is None),
                         dict.fromkeys(DIMENSION_KEYS, 0))
    by_department = _most_overdue([g for g in groups["department"]
                                   if g["department_id"] is not None], "department_id")[:top]
    by_procurator = _most_overdue(groups["procurator"], "procurator_id")[:top]
    _name_case_dimensions(by_department, by_procurator, groups["kind"], groups["type"])
    return Breakdown(
        sorted(by_procuratorate, key=lambda r: r["procuratorate__name"]), by_agency, totals,
        by_department=by_department, by_procurator=by_procurator,
        by_kind=sorted(groups["kind"], key=lambda r: (r["order"], r["kind_id"])),
        by_type=sorted(groups["type"], key=lambda r: (r["order"], r["type_id"])),
        no_department={key: no_department[key] for key in DIMENSION_KEYS})


def _name_case_dimensions(departments: list[dict], procurators: list[dict], kinds: list[dict],
                          types: list[dict]) -> None:
    """The labels of the rows shown, as ``str()`` of each object reads, and the order of kinds
    and types: one query per dimension, by primary key, whatever the scope."""
    names = {pk: f"{short}·{name}" for pk, name, short in Department.objects.filter(
        pk__in=[r["department_id"] for r in departments]).values_list(
        "pk", "name", "procuratorate__short_name")}
    for row in departments:
        row["department__name"] = names.get(row["department_id"], "")
    names = {pk: display or username for pk, display, username in User.objects.filter(
        pk__in=[r["procurator_id"] for r in procurators]).values_list(
        "pk", "display_name", "username")}
    for row in procurators:
        row["procurator__name"] = names.get(row["procurator_id"], "")
    for model, rows, prefix in ((SupervisionKind, kinds, "kind"), (InstrumentType, types, "type")):
        found = {pk: (localized(name, name_en), order) for pk, name, name_en, order in
                 model.objects.filter(pk__in=[r[f"{prefix}_id"] for r in rows]).values_list(
                     "pk", "name", "name_en", "order")}
        for row in rows:
            row[f"{prefix}__name"], row["order"] = found.get(row[f"{prefix}_id"], ("", 0))


def _most_overdue(rows: list[dict], key: str) -> list[dict]:
    """Most overdue first; then most due within the week, most awaiting, by id."""
    return sorted(rows, key=lambda r: (-r["overdue"], -r["due_7"], -r["awaiting"], r[key] or 0))


def _summed(pairs: list[dict], key: str) -> list[dict]:
    """The rows' counts summed by ``key``."""
    groups: dict[int, dict] = {}
    for pair in pairs:
        group = groups.get(pair[key])
        if group is None:
            group = groups[pair[key]] = {key: pair[key], **dict.fromkeys(COUNT_KEYS, 0)}
        for count in COUNT_KEYS:
            group[count] += pair[count]
    return list(groups.values())


def _summed_by_dimension(rows: Iterable[tuple]) -> dict[str, list[dict]]:
    """The second aggregate's rows — tuples of the :data:`CASE_DIMENSIONS` ids, then the
    :data:`DIMENSION_KEYS` counts — summed by each dimension in one pass (about 6,400 rows for
    a province: the pass is a fifth of the page's time)."""
    sums: dict[str, dict] = {dimension: {} for dimension in CASE_DIMENSIONS}
    width = len(CASE_DIMENSIONS)
    for row in rows:
        counts = row[width:]
        for dimension, key in zip(CASE_DIMENSIONS, row[:width], strict=False):
            total = sums[dimension].get(key)
            if total is None:
                sums[dimension][key] = list(counts)
            else:
                for index, n in enumerate(counts):
                    total[index] += n
    return {dimension: [{f"{dimension}_id": key, **dict(zip(DIMENSION_KEYS, total, strict=True))}
                        for key, total in totals.items()]
            for dimension, totals in sums.items()}


def _name(rows: list[dict], model: type[models.Model], prefix: str) -> None:
    ids = [row[f"{prefix}_id"] for row in rows]
    names = dict(model.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    for row in rows:
        row[f"{prefix}__name"] = names.get(row[f"{prefix}_id"], "")


def deadline_counts(user: User, today: datetime.date | None = None) -> dict[str, int]:
    """Counts per bucket (and overdue by age) over the viewer's whole scope."""
    return deadline_breakdown(user, today, dimensions=False).totals


@dataclass(frozen=True)
class ListFilter:
    """What narrows a deadline list (all optional), already checked against the viewer's
    scope by the page's form."""

    agency: Agency | None = None
    procuratorate: Procuratorate | None = None
    instrument_type: int | None = None
    age: str | None = None
    descending: bool = False
    #: The case's department, handler (承办检察官) and supervision kind, as the dashboard's
    #: second aggregate groups them (:data:`CASE_DIMENSIONS`).
    department: Department | None = None
    procurator: User | None = None
    kind: SupervisionKind | None = None


def juvenile_hidden_q(user: User, prefix: str) -> Q:
    """What a list (never a count) leaves out: the rows of juvenile cases outside ``user``'s
    circle (``cases.permissions.juvenile_q``; seed 003 §8). The dashboard counts them — a
    figure names no one — but only the handler, the approvers and the juvenile department
    read them. ``Q()`` for a user whose circle is every case of their scope."""
    condition = juvenile_q(user, prefix=prefix)
    return condition if condition is not None else Q()


def lists_leave_out_juvenile(user: User) -> bool:
    """Whether :func:`juvenile_hidden_q` narrows ``user``'s lists (for the page's note)."""
    return juvenile_narrows(user)


def deadline_list(user: User, bucket: str, today: datetime.date | None = None,
                  narrow: ListFilter | None = None) -> QuerySet[Recommendation]:
    """One bucket's instruments in the viewer's scope, most overdue (earliest due) first, or
    latest first with ``descending``; narrowed by agency, procuratorate (with those below),
    the case's department, procurator and kind, instrument type and overdue age — each the
    same condition the dashboard's breakdown groups by, so a count and its list agree."""
    today = today or timezone.localdate()
    narrow = narrow or ListFilter()
    qs = (awaiting_visible_to(user).filter(_bucket_q(bucket, today))
          .filter(juvenile_hidden_q(user, "case__")))
    if narrow.agency is not None:
        qs = qs.filter(agency=narrow.agency)
    if narrow.procuratorate is not None:
        qs = qs.filter(procuratorate__path__startswith=narrow.procuratorate.path)
    if narrow.instrument_type is not None:
        qs = qs.filter(instrument_type_id=narrow.instrument_type)
    if narrow.department is not None:
        qs = qs.filter(case__department=narrow.department)
    if narrow.procurator is not None:
        qs = qs.filter(case__handler=narrow.procurator)
    if narrow.kind is not None:
        qs = qs.filter(case__kind=narrow.kind)
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
    one aggregate query, from ``internal_open_scope_idx`` alone; then the written replies
    owed on the people's congress's deliberation opinions (:data:`OPINION_KIND`), one
    aggregate from ``opinion_open_scope_idx``."""
    today = today or timezone.localdate()
    found = {row["kind"]: row for row in internal_visible_to(user).values("kind").annotate(
        **{bucket: Count("due_date", filter=_internal_dates_q(bucket, today) or None)
           for bucket in INTERNAL_BUCKETS})}
    opinions = opinions_running_visible_to(user).aggregate(
        **{bucket: Count("due_date", filter=_bucket_dates_q(
            "awaiting" if bucket == "open" else bucket, today, DeliberationOpinion) or None)
           for bucket in INTERNAL_BUCKETS})
    return [*({"kind": kind, "label": label,
               **{b: found.get(kind, {}).get(b, 0) for b in INTERNAL_BUCKETS}}
              for kind, label in InternalDeadlineKind.choices),
            {"kind": OPINION_KIND, "label": _("人大审议意见书面回复"),
             **opinions}]


#: The own-deadline row (and ``?kind=``) of the congress's deliberation opinions.
OPINION_KIND = "opinion"


def opinions_running_visible_to(user: User) -> QuerySet[DeliberationOpinion]:
    """Opinions still waiting for the written reply within the viewer's dashboard scope, on
    the opinion's own copy of the procuratorate (``opinion_open_scope_idx``)."""
    scope = dashboard_scope(user, field="procuratorate")
    qs = DeliberationOpinion.objects.running()
    return qs.filter(scope) if scope is not None else qs.none()


def opinion_list(user: User, bucket: str,
                 today: datetime.date | None = None) -> QuerySet[DeliberationOpinion]:
    today = today or timezone.localdate()
    return (opinions_running_visible_to(user)
            .filter(_bucket_q("awaiting" if bucket == "open" else bucket, today,
                              DeliberationOpinion))
            .select_related("report", "procuratorate", "responsible").order_by("due_date", "pk"))


def internal_list(user: User, bucket: str, today: datetime.date | None = None,
                  kind: str | None = None) -> QuerySet[InternalDeadline]:
    today = today or timezone.localdate()
    qs = (internal_visible_to(user).filter(_internal_q(bucket, today))
          .filter(juvenile_hidden_q(user, "recommendation__case__")))
    if kind:
        qs = qs.filter(kind=kind)
    return (qs.select_related("recommendation", "recommendation__agency", "procuratorate",
                              "responsible")
            .order_by("due_date", "pk"))
