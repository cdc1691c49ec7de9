"""The deadline sweep and the delivery of its events.

The sweep is set-based: for each event it selects, through the partial index on
``due_date`` of instruments awaiting a reply, the instruments that reached that point and have
no such event yet, and inserts the events with ``ignore_conflicts`` — the unique key
(instrument, kind, offset, due date) makes each happen exactly once however many sweeps run,
concurrently or not. Delivery claims one event with a conditional UPDATE in the same
transaction that writes its notifications (Healthchecks' ``sendalerts`` pattern): a worker
killed mid-delivery rolls back and the retried task delivers it, once.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _, override

from supervision.choices import APPROVER_ROLES
from supervision.models import Notification, User

from .choices import DeadlineEventKind, InstrumentStatus
from .models import DeadlineEvent, Recommendation


def _awaiting() -> QuerySet[Recommendation]:
    return Recommendation.objects.filter(status=InstrumentStatus.AWAITING_REPLY,
                                         due_date__isnull=False)


def _insert_events(candidates: QuerySet[Recommendation], kind: str, offset: int) -> int:
    """Insert one event per candidate that has none of this kind and offset for its current
    due date; returns how many candidates there were (inserted or raced)."""
    already = DeadlineEvent.objects.filter(
        recommendation=OuterRef("pk"), kind=kind, offset_days=offset, due_date=OuterRef("due_date"))
    rows = list(candidates.filter(~Exists(already)).values_list("pk", "due_date"))
    DeadlineEvent.objects.bulk_create(
        [DeadlineEvent(recommendation_id=pk, kind=kind, offset_days=offset, due_date=due)
         for pk, due in rows],
        ignore_conflicts=True,
    )
    return len(rows)


def sweep_deadlines(today: datetime.date | None = None) -> int:
    """Write the outbox rows for every reminder and overdue notice that is due ``today``.

    Reminders fire on the day ``offset`` days before the due date (settings
    ``DEADLINE_REMINDER_DAYS``); the overdue notice fires on any day after the due date, so a
    worker that was stopped catches up when it returns.
    """
    today = today or timezone.localdate()
    found = 0
    with transaction.atomic():
        for offset in settings.DEADLINE_REMINDER_DAYS:
            found += _insert_events(
                _awaiting().filter(due_date=today + datetime.timedelta(days=offset)),
                DeadlineEventKind.REMINDER, offset)
        found += _insert_events(_awaiting().filter(due_date__lt=today), DeadlineEventKind.OVERDUE, 1)
    return found


def pending_event_ids(limit: int = 500) -> list[int]:
    return list(DeadlineEvent.objects.filter(delivered_at__isnull=True)
                .order_by("created_at", "pk").values_list("pk", flat=True)[:limit])


def _recipients(rec: Recommendation, kind: str) -> list[User]:
    """Who hears of an event: the handling procurator and assistant; for an overdue notice
    also the approvers of the department and the agency's liaisons."""
    people = {rec.case.handler}
    if rec.case.assistant_id:
        people.add(rec.case.assistant)
    if kind == DeadlineEventKind.OVERDUE:
        people.update(User.objects.filter(
            role__in=APPROVER_ROLES, procuratorate_id=rec.case.procuratorate_id, is_active=True,
            department_id=rec.case.department_id))
    people.update(rec.agency.liaisons.filter(is_active=True))
    return sorted((p for p in people if p.is_active), key=lambda p: p.pk)


def _message(event: DeadlineEvent, rec: Recommendation) -> str:
    params = {"number": rec.number, "agency": rec.agency.name, "due": event.due_date.isoformat(),
              "days": event.offset_days}
    if event.kind == DeadlineEventKind.OVERDUE:
        return _("%(number)s（%(agency)s）已逾期：回复期限 %(due)s 已过。") % params
    if event.offset_days == 0:
        return _("%(number)s（%(agency)s）今天到期（%(due)s）。") % params
    return _("%(number)s（%(agency)s）将于 %(days)s 日后到期（%(due)s）。") % params


def deliver_event(event_id: int) -> bool:
    """Deliver one outbox event as in-app notifications; True if this call delivered it,
    False if it was already delivered (by an earlier try or another worker)."""
    with transaction.atomic():
        claimed = DeadlineEvent.objects.filter(pk=event_id, delivered_at__isnull=True).update(
            delivered_at=timezone.now())
        if claimed != 1:
            return False
        event = DeadlineEvent.objects.select_related(
            "recommendation__case__handler", "recommendation__case__assistant",
            "recommendation__agency").get(pk=event_id)
        rec = event.recommendation
        with override(settings.LANGUAGE_CODE):
            message = _message(event, rec)
        Notification.objects.bulk_create([
            Notification(recipient=user, event=event, message=message,
                         link=(f"/portal/{rec.pk}/" if user.is_liaison else rec.get_absolute_url()))
            for user in _recipients(rec, event.kind)
        ])
    return True
