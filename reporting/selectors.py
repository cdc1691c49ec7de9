"""Deadline figures for dashboards: aggregate queries over what the viewer may see — the
agencies' reply deadlines and the procuratorate's own (本院办理期限)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from recommendations.choices import InternalDeadlineKind
from recommendations.models import InternalDeadline, Recommendation
from supervision.models import User
from supervision.models.deadline import Deadline
from supervision.permissions import dashboard_scope

#: bucket code -> condition on a running deadline, relative to ``today``
BUCKETS = ("awaiting", "due_7", "due_today", "overdue")


def _bucket_q(bucket: str, today: datetime.date, model: type[Deadline] = Recommendation) -> Q:
    """The bucket as the shared deadline rule of ``model`` (``running_q``, ``due_within_q``,
    ``overdue_q``)."""
    if bucket == "awaiting":
        return model.running_q()
    if bucket == "due_7":
        return model.due_within_q(7, today)
    if bucket == "due_today":
        return model.due_within_q(0, today)
    if bucket == "overdue":
        return model.overdue_q(today)
    raise ValueError(bucket)


def awaiting_visible_to(user: User) -> QuerySet[Recommendation]:
    """Instruments awaiting the agency's reply within the viewer's dashboard scope."""
    scope = dashboard_scope(user, field="case__procuratorate")
    qs = Recommendation.objects.running().filter(due_date__isnull=False)
    return qs.filter(scope) if scope is not None else qs.none()


def deadline_counts(user: User, today: datetime.date | None = None) -> dict[str, int]:
    """Counts per bucket in one aggregate query."""
    today = today or timezone.localdate()
    return awaiting_visible_to(user).aggregate(
        **{bucket: Count("pk", filter=_bucket_q(bucket, today)) for bucket in BUCKETS})


def deadline_list(user: User, bucket: str, today: datetime.date | None = None) -> QuerySet[Recommendation]:
    today = today or timezone.localdate()
    return (awaiting_visible_to(user).filter(_bucket_q(bucket, today))
            .select_related("agency", "instrument_type", "case", "case__procuratorate", "case__handler")
            .order_by("due_date", "pk"))


def overdue_by_procuratorate(user: User, today: datetime.date | None = None) -> list[dict]:
    today = today or timezone.localdate()
    return list(awaiting_visible_to(user).values("case__procuratorate__name").annotate(
        overdue=Count("pk", filter=_bucket_q("overdue", today)),
        due_7=Count("pk", filter=_bucket_q("due_7", today)),
        total=Count("pk"),
    ).order_by("case__procuratorate__name"))


# --- The procuratorate's own deadlines (本院办理期限) ----------------------------------------

#: bucket code -> condition on an open internal deadline (same meaning as for replies).
INTERNAL_BUCKETS = ("open", "due_7", "overdue")


def _internal_q(bucket: str, today: datetime.date) -> Q:
    return _bucket_q("awaiting" if bucket == "open" else bucket, today, InternalDeadline)


def internal_visible_to(user: User) -> QuerySet[InternalDeadline]:
    """Open deadlines of the procuratorate within the viewer's dashboard scope
    (``internal_deadline_open_idx``)."""
    scope = dashboard_scope(user, field="recommendation__case__procuratorate")
    qs = InternalDeadline.objects.running()
    return qs.filter(scope) if scope is not None else qs.none()


def internal_counts_by_kind(user: User, today: datetime.date | None = None) -> list[dict]:
    """One row per kind (every kind, zeros included): open, due within 7 days, overdue —
    one aggregate query."""
    today = today or timezone.localdate()
    found = {row["kind"]: row for row in internal_visible_to(user).values("kind").annotate(
        **{bucket: Count("pk", filter=_internal_q(bucket, today)) for bucket in INTERNAL_BUCKETS})}
    return [{"kind": kind, "label": label,
             **{b: found.get(kind, {}).get(b, 0) for b in INTERNAL_BUCKETS}}
            for kind, label in InternalDeadlineKind.choices]


def internal_list(user: User, bucket: str, today: datetime.date | None = None,
                  kind: str | None = None) -> QuerySet[InternalDeadline]:
    today = today or timezone.localdate()
    qs = internal_visible_to(user).filter(_internal_q(bucket, today))
    if kind:
        qs = qs.filter(kind=kind)
    return (qs.select_related("recommendation", "recommendation__agency",
                              "recommendation__case__procuratorate", "responsible")
            .order_by("due_date", "pk"))
