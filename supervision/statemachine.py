"""The state-machine base every lifecycle table is built on (cases, instruments).

Why one base: "what a state may become, and who may make it so" is a legal rule, and each rule
lives in exactly one place (ARCHITECTURE.md). The case table and the instrument table had grown
two shapes, two exceptions and two ways of asking "may this happen?", and state changes had
crept around both. Here is the one shape:

* a :class:`Transition` is a row: an action, the states it may start from, the states it may
  lead to (none: the state stays), the actor kinds who may take it, and its label;
* an :class:`ActorKind` is a name ("worker", "liaison" …) and what a person who is not of that
  kind is told. :data:`SYSTEM` is the kind of a *consequence*: a step the software takes inside
  another, allowed action (serving an instrument that needs no reply closes it). No person is
  ever of that kind, so no page offers such a step and no request can take it — yet it is a row
  of the table like any other, visible, tested and audited in the same terms;
* a :class:`TransitionTable` answers every question a page or a service asks: which actions
  start from this state for these kinds (:meth:`~TransitionTable.allowed`), which actions a
  kind may ever take (:meth:`~TransitionTable.actions_for`), and :meth:`~TransitionTable.enforce`
  — who first (``PermissionDenied``), then from which state (:class:`TransitionNotAllowed`) —
  returning the state the action leads to;
* :class:`TransitionNotAllowed` is the one refusal for a wrong state.

The base knows nothing of users, models or apps (the core imports no app): an app resolves
which kinds the acting person is — ``recommendations.transitions`` from a user and an
instrument — and asks the table with those names. That also keeps a table testable without a
database (``supervision/tests/test_statemachine.py``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Final, TypeAlias

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

#: A user-facing text: a string, or a lazy translation resolved in the reader's language.
Label: TypeAlias = str | Promise

#: The actor kind of a consequence the software draws inside another allowed action.
SYSTEM: Final = "system"


class TransitionNotAllowed(ValidationError):
    """The action cannot start from the current state, or cannot lead to the state asked for.

    A ``ValidationError`` because that is how callers show it: views turn ``exc.messages`` into a
    message in the user's language, the API into a 400, tests catch it as either. The wrong
    *person* is a different refusal, ``PermissionDenied`` (a 403)."""


@dataclass(frozen=True)
class ActorKind:
    """Who may act, by name; ``refusal`` is what a person who is not of this kind is told."""

    name: str
    refusal: Label


#: No person is of the system kind; this is what one who tries such a step is told.
SYSTEM_KIND: Final = ActorKind(
    SYSTEM, gettext_lazy("此步骤由系统在相关操作中自动完成，不能单独执行。"))


@dataclass(frozen=True)
class Transition:
    """One row: ``action`` may start from ``sources`` and lead to one of ``targets`` (empty:
    the state stays), taken by an actor of one of the ``actors`` kinds."""

    action: str
    sources: frozenset[str]
    targets: frozenset[str]
    actors: frozenset[str]
    label: Label

    def __post_init__(self) -> None:
        # Rows are written with set literals; stored frozen so a table cannot be changed.
        for name in ("sources", "targets", "actors"):
            object.__setattr__(self, name, frozenset(getattr(self, name)))
        if not self.sources or not self.actors:
            raise ValueError(f"transition {self.action!r} needs sources and actors")

    @property
    def keeps_state(self) -> bool:
        """True for an action that records something without changing the state."""
        return not self.targets


@dataclass(frozen=True)
class Messages:
    """The refusals a table gives, in its own words (the entity named: 案件, 文书 …).

    ``wrong_state`` takes ``%(state)s`` and ``%(action)s``; ``wrong_target`` takes
    ``%(action)s`` and ``%(state)s``. Without ``unknown_action`` an unknown action is a
    programming error (``KeyError``); with it, a refusal (for actions named in a URL)."""

    wrong_state: Label
    wrong_target: Label | None = None
    unknown_action: Label | None = None


class TransitionTable(Mapping[str, Transition]):
    """A lifecycle table: a read-only mapping action -> :class:`Transition`, in table order
    (the order pages offer the actions), with the questions services and pages ask of it.

    Built once at import; a row naming an undeclared state or actor kind, or an action twice,
    fails there rather than at the first request that meets it."""

    def __init__(self, transitions: Iterable[Transition], *, states: Mapping[str, Label],
                 actor_kinds: Iterable[ActorKind], messages: Messages) -> None:
        self.states: Mapping[str, Label] = dict(states)
        self.actor_kinds: Mapping[str, ActorKind] = {
            kind.name: kind for kind in (*actor_kinds, SYSTEM_KIND)}
        self.messages = messages
        rows: dict[str, Transition] = {}
        for t in transitions:
            if t.action in rows:
                raise ValueError(f"action {t.action!r} appears twice")
            unknown_states = (t.sources | t.targets) - self.states.keys()
            unknown_kinds = t.actors - self.actor_kinds.keys()
            if unknown_states or unknown_kinds:
                raise ValueError(f"transition {t.action!r} names unknown states "
                                 f"{sorted(unknown_states)} or actor kinds {sorted(unknown_kinds)}")
            rows[t.action] = t
        self._rows = rows

    # --- Mapping ------------------------------------------------------------------------------

    def __getitem__(self, action: str) -> Transition:
        return self._rows[action]

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    # --- Questions ----------------------------------------------------------------------------

    def allowed(self, state: str, actor_kinds: Collection[str] | None = None) -> list[str]:
        """The actions that may start from ``state``, taken by one of ``actor_kinds`` (any
        actor, if None), in table order."""
        return [a for a, t in self._rows.items() if state in t.sources
                and (actor_kinds is None or not t.actors.isdisjoint(actor_kinds))]

    def actions_for(self, actor_kinds: Collection[str]) -> list[str]:
        """The actions one of ``actor_kinds`` may take from some state, in table order."""
        return [a for a, t in self._rows.items() if not t.actors.isdisjoint(actor_kinds)]

    def kinds_from(self, state: str) -> frozenset[str]:
        """The actor kinds any action starting from ``state`` admits: the only kinds worth
        resolving for a person before asking :meth:`allowed` (resolving one may cost a
        query)."""
        return frozenset().union(*(t.actors for t in self._rows.values() if state in t.sources))

    def may(self, action: str, actor_kinds: Collection[str]) -> bool:
        """Whether one of ``actor_kinds`` may take ``action`` (the state not considered)."""
        return not self._transition(action).actors.isdisjoint(actor_kinds)

    def refusal(self, action: str) -> str:
        """What a person not among the actors of ``action`` is told: the refusal of its first
        (by name) person kind, or the system's when only the system takes it."""
        kinds = sorted(self._transition(action).actors - {SYSTEM}) or [SYSTEM]
        return str(self.actor_kinds[kinds[0]].refusal)

    def label(self, action: str) -> Label:
        return self._transition(action).label

    # --- Gates --------------------------------------------------------------------------------

    def check(self, action: str, state: str, target: str | None = None) -> str:
        """The state ``action`` leads to from ``state`` (``target`` when the action has several,
        ``state`` itself when it keeps the state), or :class:`TransitionNotAllowed`."""
        t = self._transition(action)
        if state not in t.sources:
            raise TransitionNotAllowed(self.messages.wrong_state % {
                "state": self.states.get(state, state), "action": t.label})
        if not t.targets:
            return state
        if target is None:
            if len(t.targets) != 1:
                raise ValueError(f"{action} needs a target among {sorted(t.targets)}")
            (target,) = t.targets
        if target not in t.targets:
            if self.messages.wrong_target is None:
                raise ValueError(f"{action} cannot lead to {target!r}")
            raise TransitionNotAllowed(self.messages.wrong_target % {
                "action": t.label, "state": self.states.get(target, target)})
        return target

    def enforce(self, action: str, state: str, actor_kinds: Collection[str],
                target: str | None = None) -> str:
        """The one gate: who first (``PermissionDenied`` with the action's refusal), then from
        which state (:class:`TransitionNotAllowed`); returns the state ``action`` leads to."""
        if not self.may(action, actor_kinds):
            raise PermissionDenied(self.refusal(action))
        return self.check(action, state, target)

    def enforce_system(self, action: str, state: str, target: str | None = None) -> str:
        """:meth:`enforce` for a consequence the software draws (actor kind :data:`SYSTEM`)."""
        return self.enforce(action, state, {SYSTEM}, target)

    def _transition(self, action: str) -> Transition:
        try:
            return self._rows[action]
        except KeyError:
            if self.messages.unknown_action is None:
                raise
            raise TransitionNotAllowed(str(self.messages.unknown_action)) from None
