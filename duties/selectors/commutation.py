"""What the commutation flow's pages and API read (issue 19)."""

from __future__ import annotations

import datetime

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from supervision.models import User

from ..models import CommutationProposal, CommutationStatus
from ..permissions.commutation import organ_proposals, staff_proposals


def queue_rows(queryset: QuerySet[CommutationProposal]) -> QuerySet[CommutationProposal]:
    """The intake queue's order: proposals still owed an opinion first, the earliest due
    (so the overdue) at the top; then the rest, latest received first."""
    return (queryset.select_related("organ", "court", "handler")
            .annotate(waiting=Case(When(status=CommutationStatus.PENDING, then=Value(0)),
                                   default=Value(1), output_field=IntegerField()))
            .order_by("waiting", "due_date", "-received_on", "-pk"))


def queue_counts(user: User, today: datetime.date) -> dict[str, int]:
    """The queue's counts over everything ``user`` sees (one query): owed an opinion,
    overdue, due within seven days, rulings to record, all."""
    pending = Q(status=CommutationStatus.PENDING)
    return staff_proposals(user).aggregate(
        pending=Count("pk", filter=pending),
        overdue=Count("pk", filter=pending & Q(due_date__lt=today)),
        due_7=Count("pk", filter=pending & Q(due_date__gte=today,
                                             due_date__lte=today + datetime.timedelta(days=7))),
        awaiting_ruling=Count("pk", filter=Q(status=CommutationStatus.OPINION_ISSUED)),
        total=Count("pk"))


def organ_rows(user: User) -> QuerySet[CommutationProposal]:
    """The liaison's list: their agency's proposals, latest received first."""
    return organ_proposals(user).select_related("court").order_by("-received_on", "-pk")
