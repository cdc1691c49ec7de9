"""The life of an attendance, in one table (on ``supervision.statemachine``): 已收到通知 → 已列席
→ 已记录结果, or 已收到通知 → 未列席 / 已取消.

Who: the chief — or the deputy chief the chief entrusted (法发〔2010〕4号 第一条) — attends and
records the opinion given; the department heads and whoever works on the linked case prepare
(the agenda, the materials, the draft opinion); any of them records the committee's decision and
the follow-up. Only the chief entrusts a deputy.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from supervision.models import User
from supervision.statemachine import ActorKind, Messages, Transition, TransitionTable

from .choices import AttendanceStatus as S
from .models import Attendance
from .permissions import can_attend, can_prepare, is_chief_of

#: The department heads, the chief, and whoever works on the linked case. (Named so that it
#: sorts first: a refusal of an action open to both kinds gives this kind's message.)
PREPARER = "arranger"
#: The chief, or the deputy chief the chief entrusted.
ATTENDER = "attender"
#: The chief alone.
CHIEF = "chief"

BOTH = {PREPARER, ATTENDER}

TABLE = TransitionTable(
    [
        Transition("edit", {S.NOTIFIED}, set(), BOTH, gettext_lazy("修改通知和准备情况")),
        Transition("entrust", {S.NOTIFIED}, set(), {CHIEF}, gettext_lazy("委托副检察长列席")),
        Transition("attend", {S.NOTIFIED}, {S.ATTENDED}, {ATTENDER},
                   gettext_lazy("登记列席情况")),
        Transition("decide", {S.ATTENDED}, {S.CONCLUDED}, BOTH,
                   gettext_lazy("登记审判委员会决定")),
        Transition("follow_up", {S.CONCLUDED}, set(), BOTH, gettext_lazy("登记后续监督")),
        Transition("absent", {S.NOTIFIED}, {S.ABSENT}, {ATTENDER}, gettext_lazy("登记未列席")),
        Transition("cancel", {S.NOTIFIED}, {S.CANCELLED}, BOTH, gettext_lazy("登记会议取消")),
    ],
    states=dict(S.choices),
    actor_kinds=[
        ActorKind(PREPARER, gettext_lazy(
            "只有本院检察长、受委托的副检察长、部门负责人或关联案件的承办人员可以办理。")),
        ActorKind(ATTENDER, gettext_lazy("只有检察长或受检察长委托的副检察长可以办理。")),
        ActorKind(CHIEF, gettext_lazy("只有检察长可以委托副检察长列席。")),
    ],
    messages=Messages(
        wrong_state=gettext_lazy("列席记录当前状态为“%(state)s”，不能%(action)s。"),
        unknown_action=gettext_lazy("未知的列席审委会操作。"),
    ),
)

ACTION_LABELS = {action: t.label for action, t in TABLE.items()}


def actor_kinds(user: User, attendance: Attendance) -> frozenset[str]:
    kinds = set()
    if can_prepare(user, attendance):
        kinds.add(PREPARER)
    if can_attend(user, attendance):
        kinds.add(ATTENDER)
    if is_chief_of(user, attendance.procuratorate_id):
        kinds.add(CHIEF)
    return frozenset(kinds)


def enforce(action: str, actor: User, attendance: Attendance) -> str:
    """Check who, then from which state; return the state ``action`` leads to."""
    return TABLE.enforce(action, attendance.status, actor_kinds(actor, attendance))


def allowed_actions(user: User, attendance: Attendance) -> list[str]:
    return TABLE.allowed(attendance.status, actor_kinds(user, attendance))
