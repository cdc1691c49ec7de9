"""The case state machine, in one table (on ``supervision.statemachine``): 受理 → 审查 → 监督中 →
结案, with the review outcomes 不支持监督 and 终结审查.

Every status change of a case goes through this table: a person's through :func:`enforce`
(``cases.services.case_transition``), the one the software draws — a served instrument puts its
case under supervision — through :func:`enforce_system`. An action not allowed from the current
state is refused with a clear error.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy

from supervision.models import User
from supervision.statemachine import (
    SYSTEM,
    ActorKind,
    Messages,
    Transition,
    TransitionNotAllowed,
    TransitionTable,
)

from .choices import CaseStatus as S
from .models import SupervisionCase
from .permissions import can_decide_case

__all__ = [
    "ACTION_LABELS", "DECIDER", "FINISHING_ACTIONS", "TABLE", "TRANSITIONS",
    "TransitionNotAllowed", "allowed_actions", "check_transition", "enforce", "enforce_system",
]

#: The handling procurator and the procuratorate's approvers
#: (``cases.permissions.can_decide_case``).
DECIDER = "decider"

TABLE = TransitionTable(
    [
        # The procurator starts reviewing an accepted clue (审查).
        Transition("review", {S.ACCEPTED}, {S.REVIEWING}, {DECIDER}, gettext_lazy("开始审查")),
        # Supervision starts: a procurator decides to supervise, or an instrument is served
        # (recommendations.services.service moves the case along, whoever served it).
        Transition("supervise", {S.ACCEPTED, S.REVIEWING}, {S.SUPERVISING}, {DECIDER, SYSTEM},
                   gettext_lazy("进入监督")),
        # Review concludes that the application is not supported (不支持监督申请决定).
        Transition("not_support", {S.REVIEWING}, {S.NOT_SUPPORTED}, {DECIDER},
                   gettext_lazy("不支持监督")),
        # Review ends without a decision on the merits (撤回申请, 已经纠正 …: 终结审查).
        Transition("terminate", {S.ACCEPTED, S.REVIEWING}, {S.TERMINATED}, {DECIDER},
                   gettext_lazy("终结审查")),
        # The supervision is done (结案): only when no instrument is still waiting for an answer
        # (checked by the service).
        Transition("close", {S.SUPERVISING}, {S.CLOSED}, {DECIDER}, gettext_lazy("结案")),
    ],
    states=dict(S.choices),
    actor_kinds=[ActorKind(DECIDER, gettext_lazy("只有承办检察官或本院审批人可以变更案件状态。"))],
    messages=Messages(
        wrong_state=gettext_lazy("案件当前状态为“%(state)s”，不能执行“%(action)s”。"),
        unknown_action=gettext_lazy("未知的案件操作。"),
    ),
)

#: action -> Transition (sources, targets, actors, label), in the order the case page offers them.
TRANSITIONS = TABLE

#: Button labels, in the order the case page offers them.
ACTION_LABELS = {action: t.label for action, t in TABLE.items()}

#: Actions that finish the case: they need a date and a written reason.
FINISHING_ACTIONS = frozenset({"not_support", "terminate", "close"})


def actor_kinds(user: User, case: SupervisionCase) -> frozenset[str]:
    """The kinds ``user`` is of on ``case``, in the table's terms."""
    return frozenset({DECIDER}) if can_decide_case(user, case) else frozenset()


def check_transition(action: str, current: str) -> str:
    """Return the state ``action`` leads to from ``current``, or raise TransitionNotAllowed
    (the state only; :func:`enforce` checks the person too)."""
    return TABLE.check(action, current)


def allowed_actions(current: str) -> list[str]:
    """The actions that may start from ``current``, in page order."""
    return TABLE.allowed(current)


def enforce(action: str, actor: User, case: SupervisionCase) -> str:
    """Check who (``PermissionDenied``) and from which state (``TransitionNotAllowed``), and
    return the state ``action`` leads to. The gate of every status change a person makes."""
    kinds = actor_kinds(actor, case)
    if not kinds:  # every person's action on a case is the decider's: refused before the rest
        raise PermissionDenied(str(TABLE.actor_kinds[DECIDER].refusal))
    return TABLE.enforce(action, case.status, kinds)


def enforce_system(action: str, case: SupervisionCase) -> str:
    """The gate of a status change the software draws from another action (actor kind
    ``system``): the state ``action`` leads to, or ``TransitionNotAllowed``."""
    return TABLE.enforce_system(action, case.status)
