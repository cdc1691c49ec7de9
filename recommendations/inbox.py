"""The agency's view of its instruments (the liaison's inbox, issue 8), as conditions any list
of instruments can take — the portal's inbox and the API's list (``RecommendationFilter``) —
on a queryset already limited by ``recommendations_visible_to``.

The five buckets partition the statuses an agency sees: new (待签收), awaiting (待回复, with
those under review), overdue (已逾期: due date passed, computed against ``today``, never a
stored flag), replied (已回复), closed (已办结). Views span buckets: to-do (待办 = new +
awaiting + overdue), sign-off (待签发) and all (全部).
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy

from cases.search import fold

from .choices import InstrumentStatus as S
from .choices import ReplyDraftStatus
from .models import Recommendation


class InboxBucket(models.TextChoices):
    NEW = "new", gettext_lazy("待签收")
    AWAITING = "awaiting", gettext_lazy("待回复")
    OVERDUE = "overdue", gettext_lazy("已逾期")
    REPLIED = "replied", gettext_lazy("已回复")
    CLOSED = "closed", gettext_lazy("已办结")


#: The views across buckets: the default to-do list and everything.
TODO = "todo"
ALL = "all"
SIGNOFF = "signoff"
TODO_BUCKETS = (InboxBucket.NEW, InboxBucket.AWAITING, InboxBucket.OVERDUE)
#: Every view's value: the buckets and the views across them.
VIEW_VALUES = (TODO, SIGNOFF, *InboxBucket.values, ALL)

#: Search: at most this many whitespace-separated terms, each must match (AND).
MAX_TERMS = 5


def bucket_q(bucket: str, today: datetime.date) -> Q:
    """The condition of ``bucket`` on a queryset already limited to what the agency sees;
    running and overdue are the shared deadline rule (``Recommendation.running_q`` …)."""
    if bucket == InboxBucket.NEW:
        return Q(status=S.ISSUED)
    if bucket == InboxBucket.AWAITING:
        return (Recommendation.running_q() & ~Recommendation.overdue_q(today)
                | Q(status=S.UNDER_REVIEW))
    if bucket == InboxBucket.OVERDUE:
        return Recommendation.overdue_q(today)
    if bucket == InboxBucket.REPLIED:
        return Q(status__in=[S.REPLIED, S.RECTIFICATION_PENDING, S.FOLLOW_UP])
    if bucket == InboxBucket.CLOSED:
        return Q(status__in=[S.CLOSED, S.WITHDRAWN, S.VOIDED])
    raise ValueError(f"unknown inbox bucket {bucket!r}")


#: A reply waiting for the responsible person's sign-off.
SIGNOFF_Q = Q(reply_draft__status=ReplyDraftStatus.AWAITING_SIGNOFF)


def view_q(view: str, today: datetime.date) -> Q:
    """The condition of a tab: one bucket, to-do (three buckets) or all (no condition)."""
    if view == ALL:
        return Q()
    if view == SIGNOFF:
        return SIGNOFF_Q
    if view == TODO:
        condition = Q()
        for bucket in TODO_BUCKETS:
            condition |= bucket_q(bucket, today)
        return condition
    return bucket_q(view, today)


def search(qs: QuerySet[Recommendation], query: str | None) -> QuerySet[Recommendation]:
    """Instruments whose number, title or issuing procuratorate (name or short name) contains
    every whitespace-separated term of ``query`` (NFKC-folded, so full-width digits match).
    Blank: no condition."""
    terms = fold(query or "").split()[:MAX_TERMS]
    condition = Q()
    for term in terms:
        condition &= (Q(number__icontains=term) | Q(title__icontains=term)
                      | Q(case__procuratorate__name__icontains=term)
                      | Q(case__procuratorate__short_name__icontains=term))
    return qs.filter(condition) if terms else qs
