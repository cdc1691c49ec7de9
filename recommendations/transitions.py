"""The instrument state machine (DOMAIN.md §4), in one table: who may do what from which state.

Every service that acts on an instrument calls :func:`enforce` with its action: it checks the
actor against the action's actor kinds (a refusal is ``PermissionDenied``) and the current
state against the action's sources (a refusal is :class:`TransitionNotAllowed`), and returns
the state the action leads to. Nothing acts on an instrument around this table.

Actions whose target is ``None`` keep the state (an extension, a follow-up step); actions with
several targets let the service choose one by the outcome it records (an evaluation closes the
instrument, opens the verification of rectification, or leads to follow-up).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _, gettext_lazy

from supervision.choices import APPROVER_ROLES, Role

from .choices import InstrumentStatus as S


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    #: The states the action may lead to; empty: the state does not change.
    targets: frozenset[str]
    #: Who may act (keys of ``ACTOR_KINDS``).
    actors: frozenset[str]
    label: str


def _t(sources: set[str], targets: set[str], actors: set[str], label: str) -> Transition:
    return Transition(frozenset(sources), frozenset(targets), frozenset(actors), label)


#: action -> Transition. The lifecycle of DOMAIN.md §4; see ``docs/instruments.md``.
TRANSITIONS: dict[str, Transition] = {
    "submit": _t({S.DRAFT}, {S.PENDING_APPROVAL}, {"worker"}, gettext_lazy("提请审批")),
    "approve": _t({S.PENDING_APPROVAL}, {S.APPROVED}, {"approver"}, gettext_lazy("审批同意")),
    "return": _t({S.PENDING_APPROVAL}, {S.DRAFT}, {"approver"}, gettext_lazy("退回修改")),
    "issue": _t({S.APPROVED}, {S.ISSUED}, {"issuer"}, gettext_lazy("签发")),
    # A number once issued is never handed out again: voiding keeps it on a VoidedNumber row.
    "void": _t({S.ISSUED}, {S.VOIDED}, {"issuer"}, gettext_lazy("作废")),
    "serve": _t({S.ISSUED}, {S.AWAITING_REPLY}, {"worker"}, gettext_lazy("登记送达")),
    # 电子送达: the liaison's acknowledgement in the portal is the service (DEADLINES.md).
    "acknowledge": _t({S.ISSUED}, {S.AWAITING_REPLY}, {"liaison"}, gettext_lazy("签收")),
    "upload_receipt": _t({S.AWAITING_REPLY, S.UNDER_REVIEW, S.REPLIED, S.RECTIFICATION_PENDING,
                          S.FOLLOW_UP, S.CLOSED}, set(), {"worker"}, gettext_lazy("上传送达回证")),
    "extend": _t({S.AWAITING_REPLY}, set(), {"decider"}, gettext_lazy("延长回复期限")),
    "request_extension": _t({S.AWAITING_REPLY}, set(), {"liaison"}, gettext_lazy("申请延期")),
    "decide_extension": _t({S.AWAITING_REPLY}, set(), {"decider"}, gettext_lazy("决定延期申请")),
    # 异议/复议 (seed 002 §13) and 复查 (刑事诉讼规则 art. 554): the agency asks within the period.
    "request_review": _t({S.AWAITING_REPLY}, {S.UNDER_REVIEW}, {"liaison"},
                         gettext_lazy("提出异议/申请复查")),
    "reject_review": _t({S.UNDER_REVIEW}, {S.AWAITING_REPLY}, {"decider"},
                        gettext_lazy("维持原文书")),
    "uphold_review": _t({S.UNDER_REVIEW}, {S.WITHDRAWN}, {"decider"},
                        gettext_lazy("异议成立，撤回文书")),
    "reply": _t({S.AWAITING_REPLY}, {S.REPLIED}, {"liaison"}, gettext_lazy("书面回复")),
    # 补充回复: a later reply linked to the one before; the state stays (the procuratorate is
    # evaluating, verifying rectification or following up).
    "supplement": _t({S.REPLIED, S.RECTIFICATION_PENDING, S.FOLLOW_UP}, set(), {"liaison"},
                     gettext_lazy("补充回复")),
    "evaluate": _t({S.REPLIED}, {S.CLOSED, S.RECTIFICATION_PENDING, S.FOLLOW_UP}, {"worker"},
                   gettext_lazy("评估回复")),
    # 回头看 / 跟踪回访: rectification confirmed (closed) or not (follow-up).
    "verify": _t({S.RECTIFICATION_PENDING}, {S.CLOSED, S.FOLLOW_UP}, {"worker"},
                 gettext_lazy("核查整改情况")),
    # 催告, 跟进监督, 通报上级机关/主管部门, 报告人大常委会, 提起行政公益诉讼 (seed 000 §8; 刑事诉讼规则
    # art. 553). From awaiting_reply only once overdue (checked by the service).
    "follow_up": _t({S.AWAITING_REPLY, S.FOLLOW_UP}, set(), {"worker"}, gettext_lazy("跟进")),
    # The higher procuratorate records its own action on a 跟进监督 request (seed 000 §7).
    "higher_action": _t({S.AWAITING_REPLY, S.FOLLOW_UP, S.CLOSED}, set(), {"higher"},
                        gettext_lazy("上级院跟进监督")),
    "close": _t({S.FOLLOW_UP}, {S.CLOSED}, {"decider"}, gettext_lazy("办结")),
}


class TransitionNotAllowed(ValidationError):
    """Raised when an action is attempted from a state it cannot start from."""


# --- Who: actor kinds ------------------------------------------------------------------------

def _worker(user, rec) -> bool:
    """A procurator or assistant who may work on the case (cases.permissions.can_work_on_case)."""
    from cases.permissions import can_work_on_case

    return can_work_on_case(user, rec.case)


def _approver(user, rec) -> bool:
    """A department head of the case's department or the chief of its procuratorate, never the
    drafter (the approval is a second pair of eyes)."""
    return not approver_refusal(user, rec)


def approver_refusal(user, rec) -> str:
    """Why ``user`` may not approve ``rec`` ('' if they may): only the procuratorate's
    department head (部门负责人, their own department) or chief (检察长, any), never the drafter."""
    if user.role not in APPROVER_ROLES or user.procuratorate_id != rec.case.procuratorate_id:
        return _("只有本院部门负责人或检察长可以审批。")
    if user.pk == rec.drafted_by_id:
        return _("不能审批自己拟制的文书。")
    if user.role == Role.APPROVER and user.department_id != rec.case.department_id:
        return _("部门负责人只能审批本部门的文书。")
    return ""


def _issuer(user, rec) -> bool:
    return (user.role in {Role.PROCURATOR, *APPROVER_ROLES}
            and user.procuratorate_id == rec.case.procuratorate_id)


def _decider(user, rec) -> bool:
    from recommendations.services.extensions import can_decide_extension

    return can_decide_extension(user, rec)


def _liaison(user, rec) -> bool:
    return user.role == Role.LIAISON and user.agency_id == rec.agency_id


def _higher(user, rec) -> bool:
    """Staff of a higher procuratorate asked to follow up (跟进监督) on this instrument."""
    from .choices import FollowUpKind

    return (user.role in {Role.PROCURATOR, Role.SUPERVISOR, *APPROVER_ROLES}
            and user.procuratorate_id is not None
            and rec.follow_ups.filter(kind=FollowUpKind.HIGHER_PROCURATORATE,
                                      higher_procuratorate_id=user.procuratorate_id).exists())


ACTOR_KINDS: dict[str, tuple[Callable, str]] = {
    "worker": (_worker, gettext_lazy("只有承办本案的检察官或检察官助理可以执行此操作。")),
    "approver": (_approver, gettext_lazy("只有本院部门负责人或检察长可以审批，且不能审批自己拟制的文书。")),
    "issuer": (_issuer, gettext_lazy("只有本院检察官或审批人可以签发或作废文书。")),
    "decider": (_decider, gettext_lazy("只有承办检察官、部门负责人或检察长可以作出此决定。")),
    "liaison": (_liaison, gettext_lazy("只有主送单位的联络员可以执行此操作。")),
    "higher": (_higher, gettext_lazy("只有收到跟进监督请求的上级院可以记录跟进监督情况。")),
}


def may_act(action: str, user, rec) -> bool:
    """Whether ``user`` is among the actors of ``action`` on ``rec`` (state not considered)."""
    if not getattr(user, "is_active", False):
        return False
    return any(ACTOR_KINDS[kind][0](user, rec) for kind in TRANSITIONS[action].actors)


def check_transition(action: str, current: str, target: str | None = None) -> str:
    """Return the state ``action`` leads to from ``current`` (``target`` when the action has
    several), or raise TransitionNotAllowed."""
    t = TRANSITIONS[action]
    if current not in t.sources:
        raise TransitionNotAllowed(
            _("文书当前状态为“%(state)s”，不能执行“%(action)s”。") % {
                "state": S(current).label, "action": t.label})
    if not t.targets:
        return current
    if target is None:
        if len(t.targets) != 1:
            raise ValueError(f"{action} needs a target among {sorted(t.targets)}")
        (target,) = t.targets
    if target not in t.targets:
        raise TransitionNotAllowed(_("“%(action)s”不能使文书进入“%(state)s”。") % {
            "action": t.label, "state": S(target).label})
    return target


def enforce(action: str, actor, rec, target: str | None = None) -> str:
    """Check who (``PermissionDenied``) and from which state (``TransitionNotAllowed``), and
    return the state ``action`` leads to. The one gate every instrument service passes."""
    if not may_act(action, actor, rec):
        kind = sorted(TRANSITIONS[action].actors)[0]
        if kind == "approver" and actor.is_active:
            raise PermissionDenied(approver_refusal(actor, rec))
        raise PermissionDenied(str(ACTOR_KINDS[kind][1]))
    return check_transition(action, rec.status, target)


def allowed_actions(user, rec) -> set[str]:
    """The actions ``user`` may take on ``rec`` now (for the page's buttons)."""
    return {a for a, t in TRANSITIONS.items() if rec.status in t.sources and may_act(a, user, rec)}
