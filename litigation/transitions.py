"""The life of a public-interest suit, in one table (on ``supervision.statemachine``):

诉前审查 ─公告→ 公告中 ─(期满，无人起诉)→ ─起诉→ 已起诉 ─开庭→ 已开庭 ─一审裁判→ 一审已裁判
─上诉→ 二审中 ─二审裁判→ 裁判已生效 ─移送执行→ 执行中 ─办结→ 已办结; 公告中 ─(适格主体起诉)→
适格主体已起诉; 诉前审查/公告中 ─终结审查→ 已终结审查.

Every change goes through :func:`enforce` (``litigation.services``): who first
(``PermissionDenied``), then from which state (``TransitionNotAllowed``). The conditions that are
not a state — the announcement period has ended, the pre-litigation recommendation's reply
period has passed, the chief's decision is recorded, the appeal period runs — are checked by
the service after the table said yes.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from supervision.models import User
from supervision.statemachine import ActorKind, Messages, Transition, TransitionTable

from .choices import SuitStatus as S
from .models import PublicInterestSuit
from .permissions import can_decide_suit, can_handle_suit, is_chief_of

#: Whoever may work on the suit's case: records the steps.
HANDLER = "handler"
#: The chief procurator of the case's procuratorate: decides to sue.
CHIEF = "chief"
#: Department heads and the chief: end the examination without suing.
DECIDER = "decider"

BEFORE_COURT = {S.PREPARING, S.ANNOUNCED}

TABLE = TransitionTable(
    [
        Transition("announce", {S.PREPARING}, {S.ANNOUNCED}, {HANDLER},
                   gettext_lazy("发布公告")),
        Transition("record_announcement", {S.ANNOUNCED}, {S.ANNOUNCED, S.SUPERSEDED}, {HANDLER},
                   gettext_lazy("登记公告结果")),
        Transition("decide", BEFORE_COURT, set(), {CHIEF}, gettext_lazy("检察长决定起诉")),
        Transition("file", BEFORE_COURT, {S.FILED}, {HANDLER}, gettext_lazy("提起公益诉讼")),
        Transition("add_session", {S.FILED, S.HEARD, S.APPEALED}, {S.FILED, S.HEARD, S.APPEALED},
                   {HANDLER}, gettext_lazy("登记庭审")),
        Transition("judge", {S.FILED, S.HEARD}, {S.JUDGED, S.EFFECTIVE, S.CLOSED}, {HANDLER},
                   gettext_lazy("登记一审裁判")),
        Transition("appeal", {S.JUDGED}, {S.APPEALED}, {HANDLER}, gettext_lazy("登记上诉")),
        Transition("lapse", {S.JUDGED}, {S.EFFECTIVE}, {HANDLER},
                   gettext_lazy("登记上诉期满、裁判生效")),
        Transition("judge_second", {S.APPEALED}, {S.EFFECTIVE}, {HANDLER},
                   gettext_lazy("登记二审裁判")),
        Transition("enforce", {S.EFFECTIVE}, {S.ENFORCING}, {HANDLER},
                   gettext_lazy("登记移送执行")),
        Transition("close", {S.EFFECTIVE, S.ENFORCING}, {S.CLOSED}, {HANDLER},
                   gettext_lazy("登记履行情况并办结")),
        Transition("withdraw", BEFORE_COURT, {S.WITHDRAWN}, {DECIDER},
                   gettext_lazy("终结审查")),
    ],
    states=dict(S.choices),
    actor_kinds=[
        ActorKind(HANDLER, gettext_lazy("只有办理该案件的人员可以办理公益诉讼事项。")),
        ActorKind(CHIEF, gettext_lazy("提起公益诉讼应当由本院检察长决定。")),
        ActorKind(DECIDER, gettext_lazy("只有本院部门负责人或检察长可以终结审查。")),
    ],
    messages=Messages(
        wrong_state=gettext_lazy("公益诉讼当前阶段为“%(state)s”，不能%(action)s。"),
        wrong_target=gettext_lazy("不能%(action)s至“%(state)s”。"),
        unknown_action=gettext_lazy("未知的公益诉讼操作。"),
    ),
)

ACTION_LABELS = {action: t.label for action, t in TABLE.items()}


def actor_kinds(user: User, suit: PublicInterestSuit) -> frozenset[str]:
    kinds = set()
    if can_handle_suit(user, suit):
        kinds.add(HANDLER)
    if is_chief_of(user, suit):
        kinds.add(CHIEF)
    if can_decide_suit(user, suit):
        kinds.add(DECIDER)
    return frozenset(kinds)


def enforce(action: str, actor: User, suit: PublicInterestSuit, target: str | None = None) -> str:
    """Check who, then from which state (and, given, to which); return the state
    ``action`` leads to."""
    return TABLE.enforce(action, suit.status, actor_kinds(actor, suit), target=target)


def allowed_actions(user: User, suit: PublicInterestSuit) -> list[str]:
    return TABLE.allowed(suit.status, actor_kinds(user, suit))
