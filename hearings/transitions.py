"""The life of a hearing, in one table (on ``supervision.statemachine``): 已安排 → 已举行 →
已办结, or 已安排 → 已取消.

Every change to a hearing goes through :func:`enforce` (``hearings.services``): who first
(``PermissionDenied``), then from which state (``TransitionNotAllowed``). Steps that record
something without changing the state (participants, notices, opinions) are rows too, so a
notice cannot be sent for a cancelled hearing nor an opinion recorded before it was held.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from supervision.models import User
from supervision.statemachine import ActorKind, Messages, Transition, TransitionTable

from .choices import HearingStatus as S
from .models import Hearing
from .permissions import can_decide_hearing, can_handle_hearing

#: Whoever may work on the hearing's case (the assistant included): prepares and records.
HANDLER = "handler"
#: The handling procurator, approvers and chief of the case's procuratorate: decide.
DECIDER = "decider"

TABLE = TransitionTable(
    [
        # Before the hearing: change the time, place or matter; invite; notify.
        Transition("edit", {S.SCHEDULED}, set(), {HANDLER}, gettext_lazy("修改听证安排")),
        Transition("add_participant", {S.SCHEDULED}, set(), {HANDLER},
                   gettext_lazy("添加参加人")),
        Transition("remove_participant", {S.SCHEDULED}, set(), {HANDLER},
                   gettext_lazy("移除参加人")),
        Transition("notify", {S.SCHEDULED}, set(), {HANDLER}, gettext_lazy("登记通知")),
        # The hearing took place: when, who attended, the record (听证笔录).
        Transition("hold", {S.SCHEDULED}, {S.HELD}, {HANDLER}, gettext_lazy("登记举行情况")),
        # Each participant's opinion, as given at the hearing.
        Transition("record_opinion", {S.HELD}, set(), {HANDLER}, gettext_lazy("记录意见")),
        # The decision and how the hearing's opinions were used.
        Transition("conclude", {S.HELD}, {S.CONCLUDED}, {DECIDER}, gettext_lazy("登记听证结论")),
        Transition("cancel", {S.SCHEDULED}, {S.CANCELLED}, {DECIDER}, gettext_lazy("取消听证")),
    ],
    states=dict(S.choices),
    actor_kinds=[
        ActorKind(HANDLER, gettext_lazy("只有办理该案件的人员可以办理听证事项。")),
        ActorKind(DECIDER, gettext_lazy("只有承办检察官或本院部门负责人、检察长可以作出该决定。")),
    ],
    messages=Messages(
        wrong_state=gettext_lazy("听证当前状态为“%(state)s”，不能%(action)s。"),
        unknown_action=gettext_lazy("未知的听证操作。"),
    ),
)

ACTION_LABELS = {action: t.label for action, t in TABLE.items()}


def actor_kinds(user: User, hearing: Hearing) -> frozenset[str]:
    kinds = set()
    if can_handle_hearing(user, hearing):
        kinds.add(HANDLER)
        if can_decide_hearing(user, hearing):
            kinds.add(DECIDER)
    return frozenset(kinds)


def enforce(action: str, actor: User, hearing: Hearing) -> str:
    """Check who, then from which state; return the state ``action`` leads to."""
    return TABLE.enforce(action, hearing.status, actor_kinds(actor, hearing))


def allowed_actions(user: User, hearing: Hearing) -> list[str]:
    """The actions ``user`` may take on ``hearing`` now, in table order (what the page offers)."""
    return TABLE.allowed(hearing.status, actor_kinds(user, hearing))
