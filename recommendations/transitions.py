"""The instrument state machine (DOMAIN.md §4), in one table.

Every service that changes ``Recommendation.status`` goes through :func:`check_transition`,
so a transition not listed here is refused with a clear error, never silently ignored.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .choices import InstrumentStatus as S

#: action -> (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "submit": (frozenset({S.DRAFT}), S.PENDING_APPROVAL),
    "approve": (frozenset({S.PENDING_APPROVAL}), S.APPROVED),
    "return": (frozenset({S.PENDING_APPROVAL}), S.DRAFT),
    "issue": (frozenset({S.APPROVED}), S.ISSUED),
    "serve": (frozenset({S.ISSUED}), S.AWAITING_REPLY),
    "reply": (frozenset({S.AWAITING_REPLY}), S.REPLIED),
    "close": (frozenset({S.REPLIED, S.RECTIFICATION_PENDING}), S.CLOSED),
}


class TransitionNotAllowed(ValidationError):
    """Raised when an action is attempted from a state it cannot start from."""


def check_transition(action: str, current: str) -> str:
    """Return the state ``action`` leads to from ``current``, or raise TransitionNotAllowed."""
    sources, target = TRANSITIONS[action]
    if current not in sources:
        raise TransitionNotAllowed(
            _("文书当前状态为“%(state)s”，不能执行此操作。") % {"state": S(current).label}
        )
    return target
