"""The deadline columns and queries shared by every model that has a legal deadline.

One abstract model, :class:`Deadline`, carries the stored due date, its provisional flag and its
explanation (computed by :mod:`supervision.deadlines`); each concrete model says in one
condition, ``CLOCK_RUNNING``, when its clock runs (an instrument awaiting the agency's reply, an
open deadline of the procuratorate, a clue transfer waiting for feedback). Every read of
"running", "overdue" or "due soon" — the sweep, the calendar recompute, the dashboard, the
inbox, the filters — goes through :class:`DeadlineQuerySet` or the matching ``*_q`` condition,
so the rule is written once. Overdue is derived, never stored: the clock runs and the due date
is before today (the last day ends at 24:00, 民法典 art. 203).

Each concrete model also declares a partial index on ``due_date`` whose condition is its
``CLOCK_RUNNING``: the queries below filter on exactly that condition, so the planner can
serve them from the index.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .audit import TracksChanges

if TYPE_CHECKING:
    from supervision.services.calendar_change import Move


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


class DeadlineQuerySet(models.QuerySet):
    """Running, overdue and due-soon rows of a :class:`Deadline` model."""

    def running(self) -> DeadlineQuerySet:
        """Rows whose clock runs (matches the model's partial index on ``due_date``)."""
        return self.filter(self.model.running_q())

    def overdue(self, today: datetime.date | None = None) -> DeadlineQuerySet:
        """Running rows whose due date has passed."""
        return self.filter(self.model.overdue_q(today))

    def due_within(self, days: int, today: datetime.date | None = None) -> DeadlineQuerySet:
        """Running rows due from today to ``days`` days ahead, both included."""
        return self.filter(self.model.due_within_q(days, today))

    def due_from(self, since: datetime.date) -> DeadlineQuerySet:
        """Running rows due on or after ``since`` (what a calendar change can move)."""
        return self.running().filter(due_date__gte=since)


@dataclass(frozen=True)
class DeadlineLabel:
    """How the calendar preview names one deadline row (:meth:`Deadline.deadline_preview_label`)."""

    #: The document number (文号), or the case number where the row has none of its own.
    number: str
    #: The agency or organ the deadline concerns.
    party: str
    #: A stable code of the deadline's kind ("reply", an internal deadline's kind, "transfer").
    kind: str
    #: What the preview's "期限" column says (a lazy translation).
    kind_label: Any
    #: The owning app's own ids of the row (``recommendation_id`` …), read on the ``Move``.
    refs: tuple[tuple[str, int | None], ...] = ()


@dataclass(frozen=True)
class DeadlineNotice:
    """One notification to send (``supervision.services.notifications.notify``)."""

    recipients: Sequence[Any]
    code: str
    params: Mapping[str, Any]
    #: One URL, or user pk → URL when recipients open different pages.
    link: Mapping[int, str] | str = ""


class Deadline(TracksChanges, models.Model):
    """Abstract: a stored, explained legal deadline (see the module docstring).

    A subclass sets ``CLOCK_RUNNING`` to a condition made of plain equality and ``__isnull``
    lookups on its own columns, so that the same rule can be read both in SQL
    (:meth:`running_q`) and on a loaded row (:meth:`is_running`) without a second copy.

    What the core cannot know of a subclass — how a row is named in the calendar preview, who
    is told when its due date moves — it provides through :attr:`DEADLINE_PREVIEW_RELATED`,
    :meth:`deadline_preview_label` and :meth:`deadline_moved_notices`; the recompute
    (``supervision.services.calendar_change``) uses nothing else, so it handles every model
    of :func:`deadline_models`.
    """

    #: When this model's clock runs; set by every concrete subclass.
    CLOCK_RUNNING: ClassVar[Q]
    #: The recipients' word for this deadline in notices ("回复期限", "反馈期限" …).
    DEADLINE_LABEL: ClassVar[Any] = _("期限")

    due_date = models.DateField(_("期限"))
    due_provisional = models.BooleanField(_("期限为暂定"), default=False)
    due_explanation = models.JSONField(_("期限说明"), default=dict, blank=True)
    #: When the row was last written (its clock may have started, stopped or moved). Besides
    #: the rows whose thresholds the passing days crossed, the deadline sweep looks again only
    #: at the running rows changed since its previous run (each model's partial index on this
    #: column), so an idle sweep reads nothing. Set by :meth:`save`; a bulk write of the clock
    #: (the calendar recompute) sets it itself.
    clock_changed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self.clock_changed_at = timezone.now()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "clock_changed_at"}
        super().save(*args, **kwargs)

    # --- the rule in SQL -------------------------------------------------------------------
    @classmethod
    def running_q(cls, prefix: str = "") -> Q:
        """``CLOCK_RUNNING``, optionally seen through a relation (``prefix="recommendations__"``)."""
        if not prefix:
            return cls.CLOCK_RUNNING
        return Q(*[(prefix + lookup, value) for lookup, value in _lookups(cls.CLOCK_RUNNING)])

    @classmethod
    def overdue_q(cls, today: datetime.date | None = None, prefix: str = "") -> Q:
        return cls.running_q(prefix) & cls.past_due_q(today, prefix)

    @classmethod
    def due_within_q(cls, days: int, today: datetime.date | None = None,
                     prefix: str = "") -> Q:
        return cls.running_q(prefix) & cls.due_window_q(days, today, prefix)

    # The date halves of the two rules above, for rows already known to be running (an
    # aggregate's ``FILTER`` over ``running()``): naming only ``due_date`` keeps a count
    # answerable from an index of (scope, due date) alone — a column of the partial index's
    # condition named again would send the planner back to the table.
    @classmethod
    def past_due_q(cls, today: datetime.date | None = None, prefix: str = "") -> Q:
        return Q(**{f"{prefix}due_date__lt": _today(today)})

    @classmethod
    def due_window_q(cls, days: int, today: datetime.date | None = None,
                     prefix: str = "") -> Q:
        today = _today(today)
        return Q(**{f"{prefix}due_date__gte": today,
                    f"{prefix}due_date__lte": today + datetime.timedelta(days=days)})

    # --- the same rule on a loaded row -----------------------------------------------------
    def is_running(self) -> bool:
        for lookup, value in _lookups(self.CLOCK_RUNNING):
            field, _sep, op = lookup.partition("__")
            current = getattr(self, field)
            if op == "isnull":
                if (current is None) != bool(value):
                    return False
            elif current != value:
                return False
        return True

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return (self.is_running() and self.due_date is not None
                and self.due_date < _today(today))

    def days_left(self, today: datetime.date | None = None) -> int | None:
        """Days until the due date (negative once overdue); None without a due date."""
        return None if self.due_date is None else (self.due_date - _today(today)).days

    @property
    def due_basis_verified(self) -> bool:
        """Whether the legal basis of the rule behind the due date has been checked
        (``PeriodRule.verified`` when the date was computed). For the procuratorate's staff
        only ("期限依据待核实" beside the date); an agency never sees it."""
        return bool((self.due_explanation or {}).get("verified", True))

    def due_explanation_text(self) -> str:
        """The due date's explanation in the active language (start, period, legal basis,
        shift, extensions), in users' words (:meth:`supervision.deadlines.DueDate.explain`)."""
        from supervision.deadlines import DueDate

        return DueDate.from_dict(self.due_explanation).explain() if self.due_explanation else ""

    # --- what the calendar recompute asks of each model ------------------------------------
    #: ``select_related`` paths :meth:`deadline_preview_label` reads (loaded with the rows).
    DEADLINE_PREVIEW_RELATED: ClassVar[tuple[str, ...]] = ()

    def deadline_preview_label(self) -> DeadlineLabel:
        """How the calendar preview names this row; no query beyond
        :attr:`DEADLINE_PREVIEW_RELATED`."""
        raise NotImplementedError(f"{type(self).__name__} must name its rows in the preview")

    @classmethod
    def deadline_moved_notices(cls, moves: Sequence[Move]) -> list[DeadlineNotice]:
        """The notifications telling the people concerned that the due dates of ``moves``
        (rows of this model whose date changed) moved: a fixed number of queries, none per
        row."""
        raise NotImplementedError(f"{cls.__name__} must say who hears of a moved due date")

    # --- what the deadline sweep asks of a model it watches generically ------------------
    # (``recommendations.services.sweep``: every deadline model without an event column of
    # its own. Reminders before the due date and the overdue notice; escalation steps are the
    # instruments' alone.)

    #: The notification codes of the reminders: ``<prefix>.reminder`` (params and ``days``),
    #: ``<prefix>.due_today`` and ``<prefix>.overdue`` (params), each registered with
    #: ``supervision.services.notifications.register_messages``; ``due`` is added to the
    #: params.
    SWEEP_PREFIX: ClassVar[str] = ""
    #: ``select_related`` paths the methods below read (loaded with the row).
    SWEEP_RELATED: ClassVar[tuple[str, ...]] = ()

    def sweep_recipients(self, *, overdue: bool) -> list:
        """Who hears of a reminder (``overdue=False``) or of the overdue notice (the
        approvers may be added then). Active users only; one query."""
        raise NotImplementedError(f"{type(self).__name__} must say who is reminded")

    def sweep_params(self) -> dict[str, Any]:
        """The message's params (plain strings and numbers), without ``due``."""
        raise NotImplementedError(f"{type(self).__name__} must give its reminder's params")

    def sweep_link(self, user) -> str:
        """The page ``user`` opens from the notification (an agency's liaison and the
        procuratorate's staff open different ones)."""
        return self.get_absolute_url()

    def sweep_overdue(self, event) -> None:
        """What the overdue notice does besides telling, in the delivering transaction, once
        (a material request counts as a refusal to cooperate). Nothing by default."""

    @classmethod
    def deadline_rows_rewritten(cls, rows: Sequence[Deadline]) -> None:
        """Called after the calendar recompute rewrote ``rows`` (date, flag, explanation) with
        ``bulk_update``, which sends no signal and skips ``save()``: what a model keeps in step
        with its rows (a revision, a cache) is updated here. Nothing by default."""


def _lookups(condition: Q) -> list[tuple[str, Any]]:
    """The ``(lookup, value)`` pairs of a flat AND condition; anything else is refused, so a
    ``CLOCK_RUNNING`` that :meth:`Deadline.is_running` could not read fails loudly."""
    if condition.connector != Q.AND or condition.negated:
        raise TypeError("CLOCK_RUNNING must be a plain AND of lookups")
    pairs = []
    for child in condition.children:
        if isinstance(child, Q):
            pairs += _lookups(child)
            continue
        lookup, value = child
        if "__" in lookup and not lookup.endswith("__isnull"):
            raise TypeError(f"CLOCK_RUNNING lookup {lookup!r}: only equality and __isnull")
        pairs.append((lookup, value))
    return pairs


def deadline_models() -> list[type[Deadline]]:
    """Every installed concrete model with a legal deadline (what the recompute and the sweep
    must know; ``tests`` checks that no model stores a due date outside this list)."""
    from django.apps import apps

    return [m for m in apps.get_models() if issubclass(m, Deadline)]
