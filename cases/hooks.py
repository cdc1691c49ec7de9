"""Hooks through which the layers above ``cases`` take part in a case's life.

``cases`` imports no higher layer (``tests/test_architecture.py``). Where a case must react to
what hangs off it — its instruments, above all — the higher layer registers a hook here, as
each app registers its self-checks with ``supervision.services.selfcheck``:
``recommendations`` does it in ``RecommendationsConfig.ready()`` (``recommendations/case_hooks.py``).

Six registries, each a list of small callables, called in registration order:

* **close guards** — a case is finished (结案, 不支持监督, 终结审查) only when no guard objects:
  ``guard(case) -> message | None``, called in the finishing transaction, the case row locked;
* **timeline sources** — more audit entries on the case's timeline (a condition on
  ``AuditEntry``, folded into the timeline's one query, with the labels of the actions it
  brings) and rows of their own (the sweep's deadline events);
* **next-action sources** — candidates for the most urgent open step, from rows the case page
  has already loaded (no query);
* **overdue conditions** — what makes a case one "with something overdue" in the case list's
  filter: a condition on ``SupervisionCase``, built on the shared Deadline API
  (``supervision.models.deadline``);
* **case page sections** — a higher layer's panel on the case page (the hearings'): a template
  and the context it needs for one viewer, or nothing for a viewer who may not see it;
* **sealed-record listeners** — what a higher layer does when a juvenile case's record is
  sealed (the public page's typical cases withdrawn: ``publication``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from supervision.hooks import Hook

if TYPE_CHECKING:
    from django.db.models import Expression
    from django.utils.functional import Promise

    from .models import SupervisionCase

# --- close guards ------------------------------------------------------------------------

#: ``guard(case) -> message | None``: the message refusing to finish the case, or None.
CloseGuard = Callable[["SupervisionCase"], "str | None"]
close_guards: Hook[CloseGuard] = Hook()


def close_refusals(case: SupervisionCase) -> list[str]:
    """Why ``case`` may not be finished now: one message per objecting guard (empty: it may)."""
    return [message for guard in close_guards if (message := guard(case))]


# --- timeline sources --------------------------------------------------------------------

#: One line of the case timeline, as the case page renders it:
#: ``{"when", "who", "what", "detail", "action"}``.
TimelineItem = dict[str, Any]


def _no_detail(action: str, data: dict[str, Any]) -> str:
    return ""


def _no_items(case: SupervisionCase) -> list[TimelineItem]:
    return []


@dataclass(frozen=True)
class TimelineSource:
    #: The rows of the source whose audit entries belong to the case, as
    #: :func:`cases.selectors.audit_targets` gives them (``(target_type, pk as text)`` pairs,
    #: unordered): the timeline reads every source's targets in one ``UNION ALL`` query, then
    #: the audit entries of all of them in one more, from the target index.
    audit_targets: Callable[[SupervisionCase], QuerySet]
    #: The timeline's wording of the audit actions the source brings; unlabelled actions are
    #: left out (bookkeeping, or steps the procuratorate does not see).
    labels: Mapping[str, str | Promise]
    #: The short detail shown after an entry's label, from its action and data ("" for none).
    detail: Callable[[str, dict[str, Any]], str] = _no_detail
    #: Timeline items of the source's own rows (one query at most).
    items: Callable[[SupervisionCase], list[TimelineItem]] = _no_items


timeline_sources: Hook[TimelineSource] = Hook()


# --- next-action sources -----------------------------------------------------------------

@dataclass(frozen=True)
class NextAction:
    """What the handling procurator should do next, and by when (if a period runs)."""

    text: str
    due_date: datetime.date | None = None
    overdue: bool = False
    link: str = ""


class Urgency(IntEnum):
    """How pressing a next-action candidate is: the lowest wins, then the earliest due date,
    then the first offered (registered sources before the case's own rows)."""

    #: An agency's reply is overdue: urge it or escalate (seed 000 §8).
    OVERDUE = 10
    #: The feedback on a transferred clue is overdue: press for it.
    OVERDUE_FEEDBACK = 20
    #: A clock runs: wait for the nearest due date.
    WAITING = 30
    #: A step of the procuratorate's own (evaluate, serve, issue, approve, finish a draft).
    STEP = 40
    #: A refusal to cooperate not yet reported.
    REFUSAL = 50


@dataclass(frozen=True)
class Candidate:
    urgency: Urgency
    action: NextAction

    def key(self) -> tuple[int, datetime.date]:
        return self.urgency, self.action.due_date or datetime.date.max


#: ``source(case, instruments, today) -> candidates``, from the instruments the case page
#: loaded (no query).
NextActionSource = Callable[["SupervisionCase", Sequence[Any], datetime.date],
                            Iterable[Candidate]]
next_action_sources: Hook[NextActionSource] = Hook()


def next_action_candidates(case: SupervisionCase, instruments: Sequence[Any],
                           today: datetime.date) -> list[Candidate]:
    return [c for source in next_action_sources for c in source(case, instruments, today)]


# --- overdue conditions ------------------------------------------------------------------

#: ``condition(today)``: a condition on ``SupervisionCase`` true for a case with something
#: overdue (an ``Exists`` over the overdue rows, built with ``Model.objects.overdue(today)``).
OverdueCondition = Callable[[datetime.date], "Q | Expression"]
overdue_conditions: Hook[OverdueCondition] = Hook()


def overdue_condition(today: datetime.date) -> Q | Expression | None:
    """Every registered condition, OR-ed; None when nothing is registered."""
    conditions = [condition(today) for condition in overdue_conditions]
    if not conditions:
        return None
    combined = conditions[0]
    for condition in conditions[1:]:
        combined = combined | condition
    return combined


# --- case page sections ------------------------------------------------------------------

@dataclass(frozen=True)
class CaseSection:
    """A panel of a higher layer on the case page, after the case's own ones. ``context(case,
    user, can_work)`` gives what ``template`` renders (it is included with ``section`` bound
    to that), or None when ``user`` is not to see the panel; one query at most. ``can_work``:
    whether ``user`` may add to the (open) case, as the page's own panels are told."""

    template: str
    context: Callable[[SupervisionCase, Any, bool], dict[str, Any] | None]


case_sections: Hook[CaseSection] = Hook()


def case_page_sections(case: SupervisionCase, user: Any, can_work: bool) -> list[dict[str, Any]]:
    """The registered sections ``user`` sees on ``case``'s page: ``{"template", "context"}``."""
    shown = []
    for section in case_sections:
        context = section.context(case, user, can_work)
        if context is not None:
            shown.append({"template": section.template, "context": context})
    return shown


# --- sealed-record listeners ---------------------------------------------------------------

#: ``listener(case, actor)``: what a higher layer does when ``case``'s record is sealed
#: (犯罪记录封存, ``cases.services.sealing``), in the sealing transaction — the public page
#: takes the case's typical cases down (``publication``), since it reads only its own frozen
#: columns, never the case.
SealListener = Callable[["SupervisionCase", Any], None]
record_sealed_listeners: Hook[SealListener] = Hook()
