"""The deadline sweep and the delivery of its events.

The sweep watches every model with a legal deadline (``SWEPT``): instruments awaiting a reply,
the procuratorate's open deadlines, clue transfers waiting for feedback and the people's
congress's deliberation opinions waiting for the written reply. Events:

- reminders ``DEADLINE_REMINDER_DAYS`` before the due date (7, 1, 0): each fires once in its
  window (7 fires when 1 < days left ≤ 7 …), so a worker stopped on the day catches up; a
  clue transfer's reach the case's staff and, when the receiving organ is in the directory,
  its liaisons (who give the feedback in the portal);
- the overdue notice from the day after the due date on;
- escalation steps at ``DEADLINE_ESCALATION_DAYS`` days overdue (15, 30, 60) for the agency's
  reply only: suggest 催告 to the procurator, then notify the agency's superior or competent
  authority, then the higher procuratorate (刑事诉讼规则 art. 553: urge, then report upward).

**Its cost follows what is newly due, not the stored backlog.** A watermark
(:class:`~recommendations.models.SweepWatermark`) records the day of the previous sweep and when
it started. A row can newly need an event in two ways only: the days passed its threshold
(its due date entered the event's window since the watermark's day: a range on the model's
partial due-date index, empty when the sweep runs again the same day), or it was written (its
clock started, stopped or moved: ``clock_changed_at`` since the previous run started, less
``DEADLINE_SWEEP_OVERLAP``, on the model's partial index of that column). An idle sweep reads
the watermark and one empty index range per model. Without a watermark, for an earlier day, or with
other reminder or escalation days, the sweep looks at every running row, as the first did.

**Set-based and exactly once.** Each event is one ``INSERT … SELECT … ON CONFLICT DO
NOTHING`` in the database — no row travels through Python — with an anti-join on the unique
key's index; the unique keys (instrument, internal deadline, transfer or opinion; kind, offset,
due date)
make each event happen once however many sweeps run, concurrently or not, and the watermark
row is locked for the sweep's transaction.

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
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.models import DateTimeField, Exists, F, OuterRef, Q, Value
from django.utils import timezone
from django.utils.translation import override

from agencies.selectors import agency_liaisons
from cases.models import ClueTransfer, SupervisionCase
from congress.models import DeliberationOpinion
from recommendations.choices import DeadlineEventKind as K
from recommendations.models import (
    DeadlineEvent,
    InternalDeadline,
    Recommendation,
    SweepWatermark,
)
from recommendations.services.notices import link_for
from supervision.choices import APPROVER_ROLES, Role
from supervision.models import User
from supervision.models.deadline import Deadline, deadline_models
from supervision.services.notifications import notify

logger = logging.getLogger(__name__)


#: The deadline models the sweep watches with a ``DeadlineEvent`` column of their own naming
#: the row. Every other model of ``deadline_models()`` is watched through the generic
#: protocol of :class:`~supervision.models.deadline.Deadline` (``SWEEP_PREFIX``,
#: ``sweep_recipients`` …), its events naming the row by ``subject_type`` and ``subject_id``:
#: a higher layer's deadline (the agencies' duties) is swept without this module importing it.
SWEPT: dict[type, str] = {
    Recommendation: "recommendation",
    InternalDeadline: "deadline",
    ClueTransfer: "transfer",
    DeliberationOpinion: "opinion",
}


def generic_models() -> list[type[Deadline]]:
    """The deadline models watched through the generic protocol (not in :data:`SWEPT`)."""
    return [model for model in deadline_models() if model not in SWEPT]


def watched_models() -> list[type[Deadline]]:
    """Every deadline model the sweep watches (``tests`` checks none is left out)."""
    return [*SWEPT, *generic_models()]


def subject_row(event: DeadlineEvent) -> Deadline | None:
    """The row of a generic event (``subject_type``/``subject_id``), with what its sweep
    methods read; None if it is gone."""
    try:
        model = apps.get_model(event.subject_type)
    except LookupError:  # the model is gone (its app removed): nothing to tell, nothing to do
        return None
    return (model.objects.select_related(*model.SWEEP_RELATED)
            .filter(pk=event.subject_id).first())


#: The watermark row of this sweep.
WATERMARK = "deadlines"


@dataclass(frozen=True)
class SweptEvent:
    """One kind of event: its kind and offset, the models it concerns, and ``reach(day)``,
    the latest due date whose threshold ``day`` has reached (a reminder ``o`` days ahead:
    ``day + o``; the overdue notice: ``day - 1``; an escalation at ``a`` days: ``day - a``).
    ``window(day)`` is the rows that should have the event on ``day``: due on or before
    ``reach(day)``, and for a reminder after the next reminder's reach."""

    kind: str
    offset: int
    models: tuple[type[Deadline], ...]
    reach: Callable[[datetime.date], datetime.date]
    after: Callable[[datetime.date], datetime.date] | None = None

    def window(self, day: datetime.date) -> Q:
        condition = Q(due_date__lte=self.reach(day))
        return condition & Q(due_date__gt=self.after(day)) if self.after else condition


def _days(n: int) -> Callable[[datetime.date], datetime.date]:
    return lambda day: day + datetime.timedelta(days=n)


def swept_events() -> list[SweptEvent]:
    """Every event of the settings' reminder and escalation days. Reminder ``o`` covers
    ``p < days left ≤ o`` (``p`` the next smaller offset; the smallest, due today or later),
    so a reminder missed on its day (worker stopped) still goes out, once, while it makes
    sense."""
    offsets = sorted(set(settings.DEADLINE_REMINDER_DAYS))
    models = tuple(watched_models())
    events = [SweptEvent(K.REMINDER, offset, models, _days(offset),
                         _days(offsets[i - 1]) if i else _days(-1))
              for i, offset in enumerate(offsets)]
    events.append(SweptEvent(K.OVERDUE, 1, models, _days(-1)))
    events += [SweptEvent(K.ESCALATION, step, (Recommendation,), _days(-age))
               for step, age in enumerate(settings.DEADLINE_ESCALATION_DAYS, start=1)]
    return events


def _windows_key() -> str:
    """The settings the windows were computed with; other settings mean a full sweep."""
    return (f"r{','.join(map(str, sorted(set(settings.DEADLINE_REMINDER_DAYS))))}"
            f";e{','.join(map(str, settings.DEADLINE_ESCALATION_DAYS))}")


def _insert(model: type[Deadline], event: SweptEvent, condition: Q, *,
            anti_join: bool = True) -> int:
    """``INSERT INTO deadline events … SELECT`` the running rows of ``model`` matching
    ``condition`` that have no such event for their current due date (an anti-join on the
    unique key's index; left out with ``anti_join=False`` where no row can have one yet), and
    ``ON CONFLICT DO NOTHING`` all the same; returns how many rows were inserted."""
    column = SWEPT.get(model)
    # A generic subject is named by its model's label and its id (``subject_row``).
    subject = ({f"{column}_id": F("pk")} if column is not None
               else {"subject_type": Value(model._meta.label_lower), "subject_id": F("pk")})
    rows = model.objects.running().order_by().filter(condition)
    if anti_join:
        same = ({column: OuterRef("pk")} if column is not None
                else {"subject_type": model._meta.label_lower, "subject_id": OuterRef("pk")})
        already = DeadlineEvent.objects.filter(**same, kind=event.kind,
                                               offset_days=event.offset,
                                               due_date=OuterRef("due_date"))
        if column == "recommendation":  # the reply deadline, not one of the instrument's own
            already = already.filter(deadline__isnull=True)
        rows = rows.filter(~Exists(already))
    values = {**subject, "kind": Value(event.kind),
              "offset_days": Value(event.offset), "due_date": F("due_date"),
              "created_at": Value(timezone.now(), output_field=DateTimeField())}
    if column == "deadline":  # an internal deadline's event names its instrument too
        values["recommendation_id"] = F("recommendation_id")
    rows = (rows.annotate(**{f"ev_{name}": expr for name, expr in values.items()})
            .values(*(f"ev_{name}" for name in values)))
    sql, params = rows.query.sql_with_params()
    quote = connection.ops.quote_name
    columns = ", ".join(quote(DeadlineEvent._meta.get_field(name).column) for name in values)
    picked = ", ".join(f"rows.{quote('ev_' + name)}" for name in values)
    # ``WHERE true``: SQLite would otherwise read ``ON CONFLICT`` as a join's ``ON``.
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(DeadlineEvent._meta.db_table)} ({columns}) "
                       f"SELECT {picked} FROM ({sql}) rows WHERE true ON CONFLICT DO NOTHING",
                       params)
        return max(cursor.rowcount, 0)


def sweep_deadlines(today: datetime.date | None = None) -> int:
    """Insert the events (reminders, overdue notices, escalations) newly due ``today``, to be
    delivered by :func:`deliver_event`; returns how many were inserted."""
    today = today or timezone.localdate()
    started = timezone.now()
    key = _windows_key()
    inserted = 0
    with transaction.atomic():
        mark = SweepWatermark.objects.select_for_update().filter(name=WATERMARK).first()
        incremental = mark is not None and mark.windows == key and mark.swept_on <= today
        if incremental:
            since = mark.started_at - datetime.timedelta(seconds=settings.DEADLINE_SWEEP_OVERLAP)
            changed = {model: model.objects.running().filter(clock_changed_at__gte=since).exists()
                       for model in watched_models()}
        for event in swept_events():
            window = event.window(today)
            for model in event.models:
                if not incremental:
                    inserted += _insert(model, event, window)
                    continue
                previous = event.reach(mark.swept_on)
                if event.reach(today) > previous:  # the days passed the threshold
                    # beyond the previous reach: no sweep up to the watermark's day can have
                    # given these rows this event for their due date (one for a later day,
                    # replayed, is caught by ON CONFLICT)
                    inserted += _insert(model, event, window & Q(due_date__gt=previous),
                                        anti_join=False)
                if changed[model]:  # written since the previous run
                    inserted += _insert(model, event, window & Q(clock_changed_at__gte=since))
        if mark is None or today >= mark.swept_on:
            SweepWatermark.objects.bulk_create(
                [SweepWatermark(name=WATERMARK, swept_on=today, started_at=started, windows=key)],
                update_conflicts=True, unique_fields=["name"],
                update_fields=["swept_on", "started_at", "windows"])
    return inserted


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
            "recommendation__agency", "deadline", "transfer__case__procuratorate",
            "opinion__report").get(pk=event_id)
        if event.subject_id is not None:
            _deliver_generic(event, timezone.localdate())
            return True
        plan = plan_message(event, timezone.localdate())
        if plan is not None:
            recipients, code, params = plan
            rec = event.recommendation
            if event.transfer_id is not None:
                _deliver_transfer(event, recipients, code, params)
                return True
            link = (event.opinion.get_absolute_url() if event.opinion_id is not None
                    else {u.pk: link_for(rec, u) for u in recipients})
            notify(recipients, code, params, event=event, link=link)
    return True


def _deliver_transfer(event: DeadlineEvent, recipients: list[User], code: str,
                      params: dict) -> None:
    """A clue transfer's reminder or overdue notice: the case's staff open the transfer's
    page; the receiving organ's liaisons (a recipient in the directory) read it in their own
    words (``transfer.agency.*``: the procuratorate and the letter, not the case) and open
    the transfer in the portal, where they give the feedback (issue 19)."""
    transfer = event.transfer
    staff = [u for u in recipients if u.role != Role.LIAISON]
    liaisons = [u for u in recipients if u.role == Role.LIAISON]
    notify(staff, code, params, event=event, link=transfer.get_absolute_url())
    if liaisons:
        agency_params = {"procuratorate": transfer.case.procuratorate.name,
                         "letter": transfer.letter_number or "—", "due": params["due"]}
        if "days" in params:
            agency_params["days"] = params["days"]
        notify(liaisons, code.replace("transfer.", "transfer.agency.", 1), agency_params,
               event=event, link=transfer.get_portal_url())


def _deliver_generic(event: DeadlineEvent, today: datetime.date) -> None:
    """Deliver the event of a generic subject: the message its model plans, each recipient
    opening the page ``sweep_link`` gives them, and on the overdue notice what the model does
    besides telling (``sweep_overdue``), in the claiming transaction: once."""
    row = subject_row(event)
    plan = plan_message(event, today, row=row)
    if plan is None:
        return
    recipients, code, params = plan
    notify(recipients, code, params, event=event,
           link={user.pk: row.sweep_link(user) for user in recipients})
    if event.kind == K.OVERDUE:
        row.sweep_overdue(event)


def plan_message(event: DeadlineEvent, today: datetime.date, *, row: Deadline | None = None
                 ) -> tuple[list[User], str, dict] | None:
    """Who hears of ``event`` and what it says, or None when it went stale (the reply or the
    feedback came, the due date moved, the internal deadline closed, a reminder's day passed).
    ``row``: a generic event's subject, if already loaded."""
    days_left = (event.due_date - today).days
    approvers = event.kind == K.OVERDUE
    if event.subject_id is not None:
        row = row or subject_row(event)
        if row is None or not _still_due(row, event):
            return None
        params = {**row.sweep_params(), "due": event.due_date.isoformat()}
        return _timed(event, row.sweep_recipients(overdue=approvers), row.SWEEP_PREFIX, params,
                      days_left)
    if event.transfer_id is not None:
        transfer = event.transfer
        if not _still_due(transfer, event):
            return None
        params = {"case": transfer.case.number, "recipient": transfer.recipient,
                  "due": event.due_date.isoformat()}
        # The receiving organ's liaisons too, when it is in the directory (issue 19): they
        # give the feedback in the portal (``_deliver_transfer`` words and links it for them).
        organ = (list(agency_liaisons(transfer.recipient_agency_id))
                 if transfer.recipient_agency_id else [])
        return _timed(event, _staff(transfer.case, None, approvers=approvers) + organ,
                      "transfer", params, days_left)
    if event.opinion_id is not None:
        opinion = event.opinion
        if not _still_due(opinion, event):
            return None
        params = {"report": opinion.report.title, "letter": opinion.letter_number or "—",
                  "due": event.due_date.isoformat()}
        return _timed(event, _opinion_people(opinion, approvers=approvers), "opinion", params,
                      days_left)
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


def _opinion_people(opinion: DeliberationOpinion, *, approvers: bool) -> list[User]:
    """The opinion's responsible procurator; once overdue also the procuratorate's chief,
    who answers to the congress. One query."""
    condition = Q(pk=opinion.responsible_id)
    if approvers:
        condition |= Q(role=Role.CHIEF, procuratorate_id=opinion.procuratorate_id)
    return list(User.objects.filter(condition, is_active=True)
                .select_related("notification_preference").order_by("pk"))


def _liaisons(rec: Recommendation) -> list[User]:
    """Every active liaison of the agency, also one acting for another agency right now."""
    return list(agency_liaisons(rec.agency_id))
