"""The deadline sweep and the delivery of its events.

The sweep watches every model with a legal deadline (``SWEPT``): instruments awaiting a reply,
the procuratorate's open deadlines and clue transfers waiting for feedback. It is set-based:
for each event it selects, through the model's ``DeadlineQuerySet`` (``running()``,
``overdue()``) and so through its partial index on the due date (``rec_awaiting_due_idx``,
``internal_deadline_open_idx``, ``transfer_awaiting_due_idx``), the rows that reached that
point and have no such event yet, and inserts the events with ``ignore_conflicts`` — the unique
keys (instrument, internal deadline or transfer; kind, offset, due date) make each happen
exactly once however many sweeps run, concurrently or not. Events:

- reminders ``DEADLINE_REMINDER_DAYS`` before the due date (7, 1, 0): each fires once in its
  window (7 fires when 1 < days left ≤ 7 …), so a worker stopped on the day catches up;
- the overdue notice from the day after the due date on;
- escalation steps at ``DEADLINE_ESCALATION_DAYS`` days overdue (15, 30, 60) for the agency's
  reply only: suggest 催告 to the procurator, then notify the agency's superior or competent
  authority, then the higher procuratorate (刑事诉讼规则 art. 553: urge, then report upward).

Delivery claims one event with a conditional UPDATE in the same transaction that writes its
notifications and e-mail outbox rows (Healthchecks' ``sendalerts`` pattern): a worker killed
mid-delivery rolls back and a later try delivers it, once. An event that became stale before
delivery (the reply or the feedback arrived, the due date was extended or moved) is marked
delivered without a message.
"""

from __future__ import annotations

import datetime
import logging
import time

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import override

from agencies.selectors import agency_liaisons
from cases.models import ClueTransfer, SupervisionCase
from recommendations.choices import DeadlineEventKind as K
from recommendations.models import DeadlineEvent, InternalDeadline, Recommendation
from recommendations.services.notices import link_for
from supervision.choices import APPROVER_ROLES, Role
from supervision.models import User
from supervision.models.deadline import Deadline
from supervision.services.notifications import notify

logger = logging.getLogger(__name__)


#: The deadline models the sweep watches, each with the ``DeadlineEvent`` column naming its row
#: (``tests`` checks that every model of ``deadline_models()`` is here).
SWEPT: dict[type, str] = {
    Recommendation: "recommendation",
    InternalDeadline: "deadline",
    ClueTransfer: "transfer",
}


def _running(model: type) -> QuerySet:
    """Rows of ``model`` whose clock runs, through its partial index (no ordering: the model's
    default would add a sort to every sweep query)."""
    return model.objects.running().order_by()


def _overdue(model: type, today: datetime.date) -> QuerySet:
    return model.objects.overdue(today).order_by()


def reminder_windows(today: datetime.date) -> list[tuple[int, Q]]:
    """``(offset, due-date condition)`` per reminder: offset 7 covers 1 < days left ≤ 7, so a
    reminder missed on its day (worker stopped) still goes out, once, while it makes sense."""
    offsets = sorted(set(settings.DEADLINE_REMINDER_DAYS))
    windows = []
    for i, offset in enumerate(offsets):
        lower = offsets[i - 1] if i else None
        condition = Q(due_date__lte=today + datetime.timedelta(days=offset))
        condition &= (Q(due_date__gt=today + datetime.timedelta(days=lower)) if lower is not None
                      else Q(due_date__gte=today))
        windows.append((offset, condition))
    return windows


def _insert(candidates: QuerySet, kind: str, offset: int) -> int:
    """Insert one event per candidate that has none of this kind and offset for its current
    due date (anti-join on the unique key's index); returns how many were attempted."""
    column = SWEPT[candidates.model]
    already = DeadlineEvent.objects.filter(**{column: OuterRef("pk")}, kind=kind,
                                           offset_days=offset, due_date=OuterRef("due_date"))
    if column == "recommendation":  # the reply deadline, not one of the instrument's own
        already = already.filter(deadline__isnull=True)
    owner = ("recommendation_id",) if column == "deadline" else ()
    rows = list(candidates.filter(~Exists(already)).values_list("pk", "due_date", *owner))
    DeadlineEvent.objects.bulk_create(
        [DeadlineEvent(**{f"{column}_id": pk}, **({"recommendation_id": rest[0]} if rest else {}),
                       kind=kind, offset_days=offset, due_date=due)
         for pk, due, *rest in rows],
        ignore_conflicts=True,
    )
    return len(rows)


def sweep_deadlines(today: datetime.date | None = None) -> int:
    """Write the outbox rows of every reminder, overdue notice and escalation due ``today``;
    returns how many were found (a concurrent sweep may have inserted some of them)."""
    today = today or timezone.localdate()
    found = 0
    with transaction.atomic():
        for model in SWEPT:
            for offset, window in reminder_windows(today):
                found += _insert(_running(model).filter(window), K.REMINDER, offset)
            found += _insert(_overdue(model, today), K.OVERDUE, 1)
        for step, age in enumerate(settings.DEADLINE_ESCALATION_DAYS, start=1):
            reached = today - datetime.timedelta(days=age)
            found += _insert(_running(Recommendation).filter(due_date__lte=reached),
                             K.ESCALATION, step)
    return found


def pending_event_ids(limit: int = 500) -> list[int]:
    """Undelivered events, oldest first (``deadline_event_pending_idx``)."""
    return list(DeadlineEvent.objects.filter(delivered_at__isnull=True)
                .order_by("created_at", "pk").values_list("pk", flat=True)[:limit])


def deliver_event(event_id: int) -> bool:
    """Deliver one outbox event as in-app notifications (and e-mail outbox rows); True if this
    call delivered it, False if it was already delivered (by an earlier try or another worker)."""
    with transaction.atomic():
        claimed = DeadlineEvent.objects.filter(pk=event_id, delivered_at__isnull=True).update(
            delivered_at=timezone.now())
        if claimed != 1:
            return False
        if settings.DEADLINE_DELIVERY_TEST_DELAY:
            logger.info("deadline event %s: test delay %ss", event_id,
                        settings.DEADLINE_DELIVERY_TEST_DELAY)
            time.sleep(settings.DEADLINE_DELIVERY_TEST_DELAY)
        event = DeadlineEvent.objects.select_related(
            "recommendation__case__procuratorate__parent", "recommendation__case__handler",
            "recommendation__agency", "deadline", "transfer__case").get(pk=event_id)
        plan = plan_message(event, timezone.localdate())
        if plan is not None:
            recipients, code, params = plan
            rec = event.recommendation
            link = (event.transfer.case.get_absolute_url() if rec is None
                    else {u.pk: link_for(rec, u) for u in recipients})
            notify(recipients, code, params, event=event, link=link)
    return True


def plan_message(event: DeadlineEvent, today: datetime.date) -> tuple[list[User], str, dict] | None:
    """Who hears of ``event`` and what it says, or None when it went stale (the reply or the
    feedback came, the due date moved, the internal deadline closed, a reminder's day passed)."""
    days_left = (event.due_date - today).days
    approvers = event.kind == K.OVERDUE
    if event.transfer_id is not None:
        transfer = event.transfer
        if not _still_due(transfer, event):
            return None
        params = {"case": transfer.case.number, "recipient": transfer.recipient,
                  "due": event.due_date.isoformat()}
        return _timed(event, _staff(transfer.case, None, approvers=approvers), "transfer",
                      params, days_left)
    rec = event.recommendation
    params = {"number": rec.number or "", "agency": rec.agency.name,
              "due": event.due_date.isoformat()}
    if event.deadline_id is not None:
        deadline = event.deadline
        if not _still_due(deadline, event):
            return None
        with override("zh-hans"):  # store the msgid (the Chinese label); shown translated
            params["kind"] = str(deadline.get_kind_display())
        people = _staff(rec.case, deadline.responsible_id, approvers=approvers)
        return _timed(event, people, "internal", params, days_left)
    if not _still_due(rec, event):
        return None
    if event.kind == K.ESCALATION:
        return _escalation(event, rec, params, today)
    people = _staff(rec.case, None, approvers=approvers) + _liaisons(rec)
    return _timed(event, people, "deadline", params, days_left)


def _still_due(row: Deadline, event: DeadlineEvent) -> bool:
    """Whether the event still speaks of ``row``: its clock runs, on the same due date."""
    return row.is_running() and row.due_date == event.due_date


def _timed(event: DeadlineEvent, people: list[User], prefix: str, params: dict,
           days_left: int) -> tuple[list[User], str, dict] | None:
    if event.kind == K.OVERDUE:
        return people, f"{prefix}.overdue", params
    if days_left < 0:
        return None  # the overdue notice speaks now
    if days_left == 0:
        return people, f"{prefix}.due_today", params
    return people, f"{prefix}.reminder", {**params, "days": days_left}


def _escalation(event: DeadlineEvent, rec: Recommendation, params: dict,
                today: datetime.date) -> tuple[list[User], str, dict] | None:
    step = event.offset_days
    params = {**params, "age": (today - event.due_date).days}
    if step == 1:
        return _staff(rec.case, None, approvers=False), "deadline.escalation.1", params
    if step == 2:
        params["superior"] = rec.agency.superior_name or "—"
        return _staff(rec.case, None, approvers=True), "deadline.escalation.2", params
    procuratorate = rec.case.procuratorate
    above = procuratorate.parent_id or procuratorate.pk
    supervisors = list(User.objects.filter(role=Role.SUPERVISOR, procuratorate_id=above,
                                           is_active=True)
                       .select_related("notification_preference"))
    params["procuratorate"] = procuratorate.name
    return _staff(rec.case, None, approvers=True) + supervisors, "deadline.escalation.3", params


def _staff(case: SupervisionCase, responsible_id: int | None, *, approvers: bool) -> list[User]:
    """The case's handling procurator (or the deadline's responsible person) and assistant;
    with ``approvers`` also the heads of the case's department. One query."""
    people = (responsible_id or case.handler_id, case.assistant_id)
    condition = Q(pk__in=[pk for pk in people if pk])
    if approvers:
        condition |= Q(role__in=APPROVER_ROLES, procuratorate_id=case.procuratorate_id,
                       department_id=case.department_id)
    return list(User.objects.filter(condition, is_active=True)
                .select_related("notification_preference").order_by("pk"))


def _liaisons(rec: Recommendation) -> list[User]:
    """Every active liaison of the agency, also one acting for another agency right now."""
    return list(agency_liaisons(rec.agency_id))
