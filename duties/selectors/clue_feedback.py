"""Reads of the clue feedback flow (issue 19): the procuratorate's intake queue of transfers,
the receiving organ's list in the portal, and the figures the statistics and scorecards count.

The queue's buckets, one rule each (a transfer is in exactly one of the first three while it
matters, and in "answered" once the feedback came):

* ``awaiting`` — no feedback yet, due date not passed (``ClueTransfer.running_q``);
* ``overdue`` — no feedback, due date passed (``overdue_q``: derived, never stored);
* ``unread`` — the organ gave its feedback in the portal and nobody working on the case has
  read it yet (``reply_read_at`` empty);
* ``answered`` — feedback recorded (by the organ or by staff), read or not.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import ClueTransfer

#: bucket → its label; "open" (the default) is what waits for anyone: awaiting, overdue, unread.
BUCKETS = {
    "open": _("待办"),
    "awaiting": _("待反馈"),
    "overdue": _("逾期未反馈"),
    "unread": _("新反馈未阅"),
    "answered": _("已反馈"),
    "all": _("全部"),
}
AGENCY_BUCKETS = {
    "todo": _("待反馈"),
    "overdue": _("已逾期"),
    "answered": _("已反馈"),
    "all": _("全部"),
}


def unread_q() -> Q:
    return Q(replied_on__isnull=False, reply_read_at__isnull=True)


def bucket_q(bucket: str, today: datetime.date | None = None) -> Q:
    """The condition of one bucket (both the queue's and the portal's)."""
    today = today or timezone.localdate()
    running = ClueTransfer.running_q()
    if bucket == "awaiting":
        return running & ~ClueTransfer.past_due_q(today)
    if bucket == "overdue":
        return ClueTransfer.overdue_q(today)
    if bucket == "unread":
        return unread_q()
    if bucket == "answered":
        return Q(replied_on__isnull=False)
    if bucket == "todo":
        return running
    if bucket == "open":
        return running | unread_q()
    return Q()


def bucket_counts(qs: QuerySet[ClueTransfer], buckets, today: datetime.date | None = None
                  ) -> dict[str, int]:
    """Each bucket's count over ``qs``: one query."""
    return qs.order_by().aggregate(**{name: Count("pk", filter=bucket_q(name, today))
                                      for name in buckets})


def queue_rows(qs: QuerySet[ClueTransfer]) -> QuerySet[ClueTransfer]:
    """What a row of the staff queue shows."""
    return (qs.select_related("case", "case__procuratorate", "case__handler", "recipient_agency")
            .order_by("due_date", "pk"))


def agency_rows(qs: QuerySet[ClueTransfer]) -> QuerySet[ClueTransfer]:
    """What a row of the portal's list shows (the procuratorate, never the case)."""
    return qs.select_related("case__procuratorate").order_by("-transferred_on", "-pk")


def staff_pending(qs: QuerySet[ClueTransfer]) -> QuerySet[ClueTransfer]:
    """Waiting for the procuratorate: feedback to read, or overdue feedback to press for."""
    return qs.filter(unread_q() | ClueTransfer.overdue_q())


def agency_pending(qs: QuerySet[ClueTransfer]) -> QuerySet[ClueTransfer]:
    """Waiting for the receiving organ: its feedback."""
    return qs.filter(ClueTransfer.running_q())


# --- the figures (duties.registry.FlowFigure.rows) ------------------------------------------

def due_in(start: datetime.date, end: datetime.date) -> QuerySet[ClueTransfer]:
    """Transfers whose feedback fell due in the period."""
    return ClueTransfer.objects.filter(due_date__gte=start, due_date__lte=end)


def answered_on_time(start: datetime.date, end: datetime.date) -> QuerySet[ClueTransfer]:
    """Feedback given in the period by its due date."""
    return ClueTransfer.objects.filter(Q(replied_on__lte=F("due_date")),
                                       replied_on__gte=start, replied_on__lte=end)


def answered_late(start: datetime.date, end: datetime.date) -> QuerySet[ClueTransfer]:
    """Feedback given in the period after its due date."""
    return ClueTransfer.objects.filter(Q(replied_on__gt=F("due_date")),
                                       replied_on__gte=start, replied_on__lte=end)


def outstanding(start: datetime.date, end: datetime.date) -> QuerySet[ClueTransfer]:
    """Feedback due in the period and still missing at the period's end."""
    return due_in(start, end).filter(Q(replied_on__isnull=True) | Q(replied_on__gt=end))
