"""Opening and closing the procuratorate's own deadlines on an instrument (本院办理期限).

Called from inside other services' transactions: a reply opens the evaluation deadline, an
agency's extension request opens the decision deadline and the decision closes it; the
lifecycle services of issue 6 (review requests 复查, verification 回头看) open and close theirs
the same way. The due date comes from the kind's ``PeriodRule`` (``INTERNAL_DEADLINE_RULES``)
through the same engine as the agency's reply deadline.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from recommendations.choices import INTERNAL_DEADLINE_RULES
from recommendations.models import InternalDeadline, Recommendation
from supervision.deadlines import compute_due_date
from supervision.models import PeriodRule, User
from supervision.services.audit import audit_record


@transaction.atomic
def internal_deadline_open(*, actor: User | None, recommendation: Recommendation, kind: str,
                           start: datetime.date | None = None,
                           responsible: User | None = None) -> InternalDeadline:
    """Start the clock of ``kind`` on ``recommendation`` from ``start`` (default today, not
    counted). Idempotent: an open deadline of that kind is returned as it is."""
    existing = (InternalDeadline.objects.running()
                .filter(recommendation=recommendation, kind=kind).first())
    if existing is not None:
        return existing
    rule = PeriodRule.objects.get(code=INTERNAL_DEADLINE_RULES[kind])
    start = start or timezone.localdate()
    due = compute_due_date(rule, start)
    deadline = InternalDeadline.objects.create(
        recommendation=recommendation, kind=kind, start=start,
        responsible=responsible or recommendation.case.handler, due_date=due.due_date,
        due_provisional=due.provisional, due_explanation=due.as_dict())
    audit_record(actor=actor, action="internal_deadline_open", target=deadline, kind=kind,
                 due_date=deadline.due_date.isoformat())
    return deadline


@transaction.atomic
def internal_deadline_close(*, actor: User | None, recommendation: Recommendation,
                            kind: str) -> InternalDeadline | None:
    """Stop the clock of the open ``kind`` deadline on ``recommendation``, if there is one."""
    deadline = (InternalDeadline.objects.select_for_update()
                .running().filter(recommendation=recommendation, kind=kind).first())
    if deadline is None:
        return None
    deadline.closed_at = timezone.now()
    deadline.closed_by = actor
    deadline.save(update_fields=["closed_at", "closed_by"])
    audit_record(actor=actor, action="internal_deadline_close", target=deadline, kind=kind,
                 late=deadline.due_date < timezone.localdate())
    return deadline
