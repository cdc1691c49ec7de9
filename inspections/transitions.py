"""The life of an inspection and of each finding, in two tables (on
``supervision.statemachine``).

Inspection: 计划 → 进行中 → 已结束 (the written feedback sent to the institution), or 计划 /
进行中 → 已撤销. Finding: 待处理 → 已转办 (a case, or an instrument on a case) / 已口头纠正 →
整改中 → 已整改 / 未整改 (verified by a procurator: 整改核查).

Every write goes through :func:`enforce`: who first (``PermissionDenied``), then from which
state (``TransitionNotAllowed``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy

from supervision.choices import Role
from supervision.models import User
from supervision.statemachine import ActorKind, Messages, Transition, TransitionTable

from .choices import FindingStatus as F
from .choices import InspectionStatus as S
from .models import Finding, Inspection
from .permissions import can_decide, can_work_on

#: The team (and the procuratorate's department heads and chief): record.
WORKER = "worker"
#: A worker who is not an assistant: turns a finding into a case or instrument, verifies.
PROCURATOR = "procurator"
#: The leader, a department head or the chief: conclude, cancel.
DECIDER = "decider"

_KINDS = [
    ActorKind(WORKER, gettext_lazy("只有检察组成员或本院部门负责人、检察长可以办理巡回检察事项。")),
    ActorKind(PROCURATOR, gettext_lazy("检察官助理不能将问题转为案件或文书，也不能核查整改结果。")),
    ActorKind(DECIDER, gettext_lazy("只有检察组组长或本院部门负责人、检察长可以作出该决定。")),
]

TABLE = TransitionTable(
    [
        Transition("edit", {S.PLANNED, S.IN_PROGRESS}, set(), {WORKER},
                   gettext_lazy("修改巡回检察")),
        Transition("start", {S.PLANNED}, {S.IN_PROGRESS}, {WORKER}, gettext_lazy("开始检察")),
        Transition("add_finding", {S.IN_PROGRESS}, set(), {WORKER}, gettext_lazy("登记发现的问题")),
        Transition("conclude", {S.IN_PROGRESS}, {S.CONCLUDED}, {DECIDER},
                   gettext_lazy("结束检察并反馈")),
        Transition("cancel", {S.PLANNED, S.IN_PROGRESS}, {S.CANCELLED}, {DECIDER},
                   gettext_lazy("撤销巡回检察")),
    ],
    states=dict(S.choices),
    actor_kinds=_KINDS,
    messages=Messages(
        wrong_state=gettext_lazy("巡回检察当前状态为“%(state)s”，不能%(action)s。"),
        unknown_action=gettext_lazy("未知的巡回检察操作。"),
    ),
)

FINDING_TABLE = TransitionTable(
    [
        Transition("edit", {F.PENDING}, set(), {WORKER}, gettext_lazy("修改问题")),
        Transition("convert_case", {F.PENDING}, {F.CONVERTED}, {PROCURATOR},
                   gettext_lazy("转为监督案件")),
        Transition("convert_instrument", {F.PENDING}, {F.CONVERTED}, {PROCURATOR},
                   gettext_lazy("制发监督文书")),
        Transition("correct_on_spot", {F.PENDING}, {F.ORAL}, {WORKER},
                   gettext_lazy("登记口头纠正")),
        Transition("rectifying", {F.CONVERTED, F.ORAL}, {F.RECTIFYING}, {WORKER},
                   gettext_lazy("登记整改措施")),
        Transition("verify", {F.CONVERTED, F.ORAL, F.RECTIFYING},
                   {F.RECTIFIED, F.NOT_RECTIFIED}, {PROCURATOR}, gettext_lazy("核查整改结果")),
    ],
    states=dict(F.choices),
    actor_kinds=_KINDS,
    messages=Messages(
        wrong_state=gettext_lazy("该问题当前状态为“%(state)s”，不能%(action)s。"),
        unknown_action=gettext_lazy("未知的问题处理操作。"),
    ),
)

ACTION_LABELS = {action: t.label for action, t in TABLE.items()}
FINDING_LABELS = {action: t.label for action, t in FINDING_TABLE.items()}


def actor_kinds(user: User, inspection: Inspection) -> frozenset[str]:
    kinds = set()
    if can_work_on(user, inspection):
        kinds.add(WORKER)
        if user.role != Role.ASSISTANT:
            kinds.add(PROCURATOR)
    if can_decide(user, inspection):
        kinds.add(DECIDER)
    return frozenset(kinds)


def enforce(action: str, actor: User, inspection: Inspection) -> str:
    """Check who, then from which state; return the state ``action`` leads to."""
    return TABLE.enforce(action, inspection.status, actor_kinds(actor, inspection))


def enforce_finding(action: str, actor: User, finding: Finding, target: str | None = None) -> str:
    """As :func:`enforce`, for a finding; whoever is not of the team is told so first (not
    the assistant's refusal of the procurator-only steps)."""
    kinds = actor_kinds(actor, finding.inspection)
    if WORKER not in kinds:
        raise PermissionDenied(str(TABLE.actor_kinds[WORKER].refusal))
    return FINDING_TABLE.enforce(action, finding.status, kinds, target)


def allowed_actions(user: User, inspection: Inspection) -> list[str]:
    return TABLE.allowed(inspection.status, actor_kinds(user, inspection))


def allowed_finding_actions(kinds: frozenset[str], finding: Finding) -> list[str]:
    return FINDING_TABLE.allowed(finding.status, kinds)
