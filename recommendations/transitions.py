"""The instrument state machine (DOMAIN.md §4), in one table on ``supervision.statemachine``:
who may do what from which state.

Every service that acts on an instrument calls :func:`enforce` with its action: it checks the
actor against the action's actor kinds (a refusal is ``PermissionDenied``) and the current
state against the action's sources (a refusal is :class:`TransitionNotAllowed`), and returns
the state the action leads to. A step the software takes inside another action — serving an
instrument that needs no reply closes it; issuing the lead of a similar-case batch issues its
siblings — is a row too, of the ``system`` actor kind, passed with :func:`enforce_system`.
Nothing acts on an instrument around this table.

Actions whose target is empty keep the state (an extension, a follow-up step); actions with
several targets let the service choose one by the outcome it records (an evaluation closes the
instrument, opens the verification of rectification, or leads to follow-up).

This module imports no service: who the kinds are is answered here and in
``recommendations.permissions``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.permissions import can_work_on_case
from supervision.choices import APPROVER_ROLES, Role
from supervision.models import User
from supervision.statemachine import (
    SYSTEM,
    ActorKind,
    Messages,
    Transition,
    TransitionNotAllowed,
    TransitionTable,
)

from .choices import ApprovalLevel, FollowUpKind
from .choices import InstrumentStatus as S
from .models import Recommendation
from .permissions import can_decide_extension

__all__ = [
    "APPROVER", "COMMITTEE", "DECIDER", "HIGHER", "ISSUER", "LIAISON", "SYSTEM", "TABLE",
    "TRANSITIONS", "WORKER", "Transition", "TransitionNotAllowed", "action_allowed",
    "actor_kinds", "allowed_actions", "approval_stage", "approver_refusal", "check_transition",
    "committee_refusal", "enforce", "enforce_system", "follow_up_open", "may_act",
]

# --- Who: actor kinds (docs/instruments.md) -------------------------------------------------

#: A procurator or assistant who may work on the case (``cases.permissions.can_work_on_case``).
WORKER = "worker"
#: Who may approve at the level the instrument waits at (``approval_stage``): the department
#: head of the case's department or the chief at the first level, the chief at the chief's,
#: nobody at the committee's (the chief records its decision); never the drafter.
APPROVER = "approver"
#: The chief of the case's procuratorate, recording the procuratorial committee's decision
#: on an instrument that waits for it.
COMMITTEE = "committee"
#: A procurator, department head or chief of the case's procuratorate.
ISSUER = "issuer"
#: Handler, head of the case's department, chief (``permissions.can_decide_extension``).
DECIDER = "decider"
#: A liaison of the addressee.
LIAISON = "liaison"
#: Staff of a procuratorate named in a 跟进监督 request on the instrument.
HIGHER = "higher"

#: The states of a served instrument.
_SERVED = {S.AWAITING_REPLY, S.UNDER_REVIEW, S.REPLIED, S.RECTIFICATION_PENDING, S.FOLLOW_UP,
           S.CLOSED}

#: action -> Transition. The lifecycle of DOMAIN.md §4; see ``docs/instruments.md``.
TABLE = TransitionTable(
    [
        # 修改草稿: a draft, or one the approver returned (退回修改 leads back to draft).
        Transition("edit", {S.DRAFT}, set(), {WORKER}, gettext_lazy("修改草稿")),
        Transition("submit", {S.DRAFT}, {S.PENDING_APPROVAL}, {WORKER}, gettext_lazy("提请审批")),
        # 审批同意: at the last level of the type's chain the instrument is approved; below it,
        # it stays pending and goes on to the next level (services.approval).
        Transition("approve", {S.PENDING_APPROVAL}, {S.PENDING_APPROVAL, S.APPROVED},
                   {APPROVER}, gettext_lazy("审批同意")),
        Transition("return", {S.PENDING_APPROVAL}, {S.DRAFT}, {APPROVER}, gettext_lazy("退回修改")),
        # 检察委员会决定: 同意 approves; 修改后同意 and 不同意 return it to the drafter.
        Transition("record_committee_decision", {S.PENDING_APPROVAL}, {S.APPROVED, S.DRAFT},
                   {COMMITTEE}, gettext_lazy("记录检察委员会决定")),
        Transition("issue", {S.APPROVED}, {S.ISSUED}, {ISSUER}, gettext_lazy("签发")),
        # 类案检察建议: issuing the lead issues one copy of the approved draft per further
        # addressee, in the same transaction (services.drafting._fan_out).
        Transition("issue_with_lead", {S.APPROVED}, {S.ISSUED}, {SYSTEM},
                   gettext_lazy("随类案主文书签发")),
        # A number once issued is never handed out again: voiding keeps it on a VoidedNumber row.
        Transition("void", {S.ISSUED}, {S.VOIDED}, {ISSUER}, gettext_lazy("作废")),
        Transition("serve", {S.ISSUED}, {S.AWAITING_REPLY}, {WORKER}, gettext_lazy("登记送达")),
        # 电子送达: the liaison's acknowledgement in the portal is the service (DEADLINES.md).
        Transition("acknowledge", {S.ISSUED}, {S.AWAITING_REPLY}, {LIAISON},
                   gettext_lazy("签收")),
        # An instrument that needs no written answer is finished by its service (serve or
        # acknowledge: services.service._start_clock).
        Transition("close_on_service", {S.ISSUED}, {S.CLOSED}, {SYSTEM},
                   gettext_lazy("送达即办结")),
        Transition("upload_receipt", _SERVED, set(), {WORKER}, gettext_lazy("上传送达回证")),
        Transition("extend", {S.AWAITING_REPLY}, set(), {DECIDER}, gettext_lazy("延长回复期限")),
        Transition("request_extension", {S.AWAITING_REPLY}, set(), {LIAISON},
                   gettext_lazy("申请延期")),
        Transition("decide_extension", {S.AWAITING_REPLY}, set(), {DECIDER},
                   gettext_lazy("决定延期申请")),
        # 异议/复议 (seed 002 §13) and 复查 (刑事诉讼规则 art. 554): the agency asks within the
        # period.
        Transition("request_review", {S.AWAITING_REPLY}, {S.UNDER_REVIEW}, {LIAISON},
                   gettext_lazy("提出异议/申请复查")),
        Transition("reject_review", {S.UNDER_REVIEW}, {S.AWAITING_REPLY}, {DECIDER},
                   gettext_lazy("维持原文书")),
        Transition("uphold_review", {S.UNDER_REVIEW}, {S.WITHDRAWN}, {DECIDER},
                   gettext_lazy("异议成立，撤回文书")),
        Transition("reply", {S.AWAITING_REPLY}, {S.REPLIED}, {LIAISON}, gettext_lazy("书面回复")),
        # 补充回复: a later reply linked to the one before; the state stays (the procuratorate
        # is evaluating, verifying rectification or following up).
        Transition("supplement", {S.REPLIED, S.RECTIFICATION_PENDING, S.FOLLOW_UP}, set(),
                   {LIAISON}, gettext_lazy("补充回复")),
        Transition("evaluate", {S.REPLIED}, {S.CLOSED, S.RECTIFICATION_PENDING, S.FOLLOW_UP},
                   {WORKER}, gettext_lazy("评估回复")),
        # 回头看 / 跟踪回访: rectification confirmed (closed) or not (follow-up).
        Transition("verify", {S.RECTIFICATION_PENDING}, {S.CLOSED, S.FOLLOW_UP}, {WORKER},
                   gettext_lazy("核查整改情况")),
        # 催告, 跟进监督, 通报上级机关/主管部门, 报告人大常委会, 提起行政公益诉讼 (seed 000 §8;
        # 刑事诉讼规则 art. 553). From awaiting_reply only once overdue (:func:`follow_up_open`).
        Transition("follow_up", {S.AWAITING_REPLY, S.FOLLOW_UP}, set(), {WORKER},
                   gettext_lazy("跟进")),
        # The higher procuratorate records its own action on a 跟进监督 request (seed 000 §7).
        Transition("higher_action", {S.AWAITING_REPLY, S.FOLLOW_UP, S.CLOSED}, set(), {HIGHER},
                   gettext_lazy("上级院跟进监督")),
        Transition("close", {S.FOLLOW_UP}, {S.CLOSED}, {DECIDER}, gettext_lazy("办结")),
    ],
    states=dict(S.choices),
    actor_kinds=[
        ActorKind(WORKER, gettext_lazy("只有承办本案的检察官或检察官助理可以执行此操作。")),
        ActorKind(APPROVER, gettext_lazy(
            "只有本院部门负责人或检察长可以审批，且不能审批自己拟制的文书。")),
        ActorKind(COMMITTEE, gettext_lazy("只有本院检察长可以记录检察委员会的决定。")),
        ActorKind(ISSUER, gettext_lazy("只有本院检察官或审批人可以签发或作废文书。")),
        ActorKind(DECIDER, gettext_lazy("只有承办检察官、部门负责人或检察长可以作出此决定。")),
        ActorKind(LIAISON, gettext_lazy("只有主送单位的联络员可以执行此操作。")),
        ActorKind(HIGHER, gettext_lazy("只有收到跟进监督请求的上级院可以记录跟进监督情况。")),
    ],
    messages=Messages(
        wrong_state=gettext_lazy("文书当前状态为“%(state)s”，不能执行“%(action)s”。"),
        wrong_target=gettext_lazy("“%(action)s”不能使文书进入“%(state)s”。"),
    ),
)

#: The table as a mapping action -> Transition (sources, targets, actors, label).
TRANSITIONS = TABLE


def approval_stage(rec: Recommendation) -> str:
    """The level ``rec`` waits at (``ApprovalLevel``); the first one when none is recorded."""
    return rec.approval_stage or ApprovalLevel.DEPARTMENT


def approver_refusal(user: User, rec: Recommendation) -> str:
    """Why ``user`` may not approve (or return) ``rec`` at the level it waits at ('' if they
    may), saying who must act next: at the first level the procuratorate's department head
    (部门负责人, their own department) or chief (检察长); at the chief's level the chief only;
    at the committee's nobody — the chief records the committee's decision. Never the
    drafter."""
    if user.role not in APPROVER_ROLES or user.procuratorate_id != rec.case.procuratorate_id:
        return _("只有本院部门负责人或检察长可以审批。")
    if user.pk == rec.drafted_by_id:
        return _("不能审批自己拟制的文书。")
    stage = approval_stage(rec)
    if stage == ApprovalLevel.COMMITTEE:
        return _("该文书须经检察委员会讨论决定，由检察长在会后记录检察委员会的决定。")
    if stage == ApprovalLevel.CHIEF and user.role != Role.CHIEF:
        return _("部门负责人已审核同意，该文书正等待检察长审批。")
    if user.role == Role.APPROVER and user.department_id != rec.case.department_id:
        return _("部门负责人只能审批本部门的文书。")
    return ""


def committee_refusal(user: User, rec: Recommendation) -> str:
    """Why ``user`` may not record the procuratorial committee's decision on ``rec`` ('' if
    they may): only the chief of the case's procuratorate, and — while it is pending — only
    once the chief's level has passed it to the committee."""
    if user.role != Role.CHIEF or user.procuratorate_id != rec.case.procuratorate_id:
        return _("只有本院检察长可以记录检察委员会的决定。")
    stage = approval_stage(rec)
    if rec.status == S.PENDING_APPROVAL and stage != ApprovalLevel.COMMITTEE:
        if stage == ApprovalLevel.CHIEF:
            return _("该文书尚未提请检察委员会讨论：须先经检察长审批同意。")
        return _("该文书尚未提请检察委员会讨论：须先经部门负责人、检察长审批同意。")
    return ""


def _issuer(user: User, rec: Recommendation) -> bool:
    return (user.role in {Role.PROCURATOR, *APPROVER_ROLES}
            and user.procuratorate_id == rec.case.procuratorate_id)


def _liaison(user: User, rec: Recommendation) -> bool:
    return user.role == Role.LIAISON and user.agency_id == rec.agency_id


def _higher(user: User, rec: Recommendation) -> bool:
    """Staff of a higher procuratorate asked to follow up (跟进监督) on this instrument (one
    query, for procuratorate staff only)."""
    return (user.role in {Role.PROCURATOR, Role.SUPERVISOR, *APPROVER_ROLES}
            and user.procuratorate_id is not None
            and rec.follow_ups.filter(kind=FollowUpKind.HIGHER_PROCURATORATE,
                                      higher_procuratorate_id=user.procuratorate_id).exists())


#: How a person is found to be of each kind on an instrument. No person is ever ``system``.
_IS: dict[str, Callable[[User, Recommendation], bool]] = {
    WORKER: lambda user, rec: can_work_on_case(user, rec.case),
    APPROVER: lambda user, rec: not approver_refusal(user, rec),
    COMMITTEE: lambda user, rec: not committee_refusal(user, rec),
    ISSUER: _issuer,
    DECIDER: can_decide_extension,
    LIAISON: _liaison,
    HIGHER: _higher,
}


def actor_kinds(user: User, rec: Recommendation,
                among: Collection[str] | None = None) -> frozenset[str]:
    """The kinds ``user`` is of on ``rec`` (only those ``among`` are asked, if given); none for
    an inactive user."""
    if not getattr(user, "is_active", False):
        return frozenset()
    return frozenset(kind for kind, test in _IS.items()
                     if (among is None or kind in among) and test(user, rec))


def may_act(action: str, user: User, rec: Recommendation) -> bool:
    """Whether ``user`` is among the actors of ``action`` on ``rec`` (state not considered)."""
    return TABLE.may(action, actor_kinds(user, rec, among=TABLE[action].actors))


def action_allowed(action: str, user: User, rec: Recommendation) -> bool:
    """Whether ``user`` may take ``action`` on ``rec`` now (state and person) — what a page
    asks before offering one action."""
    return rec.status in TABLE[action].sources and may_act(action, user, rec)


def allowed_actions(user: User, rec: Recommendation) -> set[str]:
    """The actions ``user`` may take on ``rec`` now (for the page's buttons)."""
    kinds = actor_kinds(user, rec, among=TABLE.kinds_from(rec.status))
    return set(TABLE.allowed(rec.status, kinds))


def check_transition(action: str, current: str, target: str | None = None) -> str:
    """Return the state ``action`` leads to from ``current`` (``target`` when the action has
    several), or raise TransitionNotAllowed."""
    return TABLE.check(action, current, target)


def enforce(action: str, actor: User, rec: Recommendation, target: str | None = None) -> str:
    """Check who (``PermissionDenied``) and from which state (``TransitionNotAllowed``), and
    return the state ``action`` leads to. The one gate every instrument service passes."""
    allowed = TABLE[action].actors
    kinds = actor_kinds(actor, rec, among=allowed)
    if not kinds and APPROVER in allowed and actor.is_active:
        raise PermissionDenied(approver_refusal(actor, rec))  # the precise reason
    if not kinds and COMMITTEE in allowed and actor.is_active:
        raise PermissionDenied(committee_refusal(actor, rec))
    return TABLE.enforce(action, rec.status, kinds, target)


def enforce_system(action: str, rec: Recommendation, target: str | None = None) -> str:
    """The gate of a step the software takes inside another action (actor kind ``system``):
    the state ``action`` leads to from ``rec``'s, or ``TransitionNotAllowed``."""
    return TABLE.enforce_system(action, rec.status, target)


def follow_up_open(rec: Recommendation, today: datetime.date | None = None) -> bool:
    """The data condition on ``follow_up``: from awaiting reply only once the due date has
    passed (overdue is derived); from follow-up at any time."""
    return rec.status != S.AWAITING_REPLY or rec.is_overdue(today)
