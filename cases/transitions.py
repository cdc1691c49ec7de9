"""The case state machine, in one table: 受理 → 审查 → 监督中 → 结案, with the review outcomes
不支持监督 and 终结审查.

Every status change of a case goes through :func:`check_transition`; an action not allowed
from the current state is refused with a clear error.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _, gettext_lazy

from .choices import CaseStatus as S

#: action -> (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    # The procurator starts reviewing an accepted clue (审查).
    "review": (frozenset({S.ACCEPTED}), S.REVIEWING),
    # Supervision starts: a procurator decides to supervise, or an instrument is served
    # (recommendations.services.recommendation_serve moves the case along).
    "supervise": (frozenset({S.ACCEPTED, S.REVIEWING}), S.SUPERVISING),
    # Review concludes that the application is not supported (不支持监督申请决定).
    "not_support": (frozenset({S.REVIEWING}), S.NOT_SUPPORTED),
    # Review ends without a decision on the merits (撤回申请, 已经纠正 …: 终结审查).
    "terminate": (frozenset({S.ACCEPTED, S.REVIEWING}), S.TERMINATED),
    # The supervision is done (结案): only when no instrument is still waiting for an answer.
    "close": (frozenset({S.SUPERVISING}), S.CLOSED),
}

#: Button labels, in the order the case page offers them.
ACTION_LABELS = {
    "review": gettext_lazy("开始审查"),
    "supervise": gettext_lazy("进入监督"),
    "not_support": gettext_lazy("不支持监督"),
    "terminate": gettext_lazy("终结审查"),
    "close": gettext_lazy("结案"),
}

#: Actions that finish the case: they need a date and a written reason.
FINISHING_ACTIONS = frozenset({"not_support", "terminate", "close"})


class TransitionNotAllowed(ValidationError):
    """Raised when an action is attempted from a state it cannot start from."""


def check_transition(action: str, current: str) -> str:
    """Return the state ``action`` leads to from ``current``, or raise TransitionNotAllowed."""
    if action not in TRANSITIONS:
        raise TransitionNotAllowed(_("未知的案件操作。"))
    sources, target = TRANSITIONS[action]
    if current not in sources:
        raise TransitionNotAllowed(
            _("案件当前状态为“%(state)s”，不能执行“%(action)s”。") % {
                "state": S(current).label, "action": ACTION_LABELS[action]})
    return target


def allowed_actions(current: str) -> list[str]:
    """The actions that may start from ``current``, in page order."""
    return [action for action, (sources, _target) in TRANSITIONS.items() if current in sources]
