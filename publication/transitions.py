"""The life of a typical case or a statistics release, in one table on
``supervision.statemachine``: 提请公开 → 审批公开 | 退回 → (修改后再次提请) … → 撤回.

Who: the proposer (``author``) edits and proposes again; an approver of the same
procuratorate who is not the proposer (``approver``) approves or returns; withdrawing — taking
something off the public page — is open to both, so that whoever notices a problem can act at
once.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from supervision.choices import APPROVER_ROLES, Role
from supervision.models import User
from supervision.statemachine import ActorKind, Messages, Transition, TransitionTable

from .choices import PublicationStatus as S
from .models import Publishable, TypicalCase

AUTHOR = "author"
APPROVER = "approver"

TABLE = TransitionTable(
    [
        Transition("revise", {S.PROPOSED, S.RETURNED}, {S.PROPOSED}, {AUTHOR},
                   gettext_lazy("修改后提请")),
        Transition("approve", {S.PROPOSED}, {S.PUBLISHED}, {APPROVER}, gettext_lazy("审批公开")),
        Transition("return", {S.PROPOSED}, {S.RETURNED}, {APPROVER}, gettext_lazy("退回")),
        Transition("withdraw", {S.PROPOSED, S.RETURNED, S.PUBLISHED}, {S.WITHDRAWN},
                   {AUTHOR, APPROVER}, gettext_lazy("撤回")),
    ],
    states=dict(S.choices),
    actor_kinds=[
        ActorKind(AUTHOR, gettext_lazy("只有提请人可以修改。")),
        ActorKind(APPROVER, gettext_lazy(
            "只有本院部门负责人或检察长可以审批，且不能审批自己提请公开的内容。")),
    ],
    messages=Messages(wrong_state=gettext_lazy("当前状态为“%(state)s”，不能执行“%(action)s”。"),
                      unknown_action=gettext_lazy("未知的操作。")),
)

#: The actions a page posts to (``<action>/`` in the URL), in the order the page offers them.
PAGE_ACTIONS = ("approve", "return", "withdraw")


def approver_refusal(user: User, item: Publishable) -> str:
    """Why ``user`` may not approve ``item`` ('' if they may): a department head or the chief
    of the item's procuratorate, never the proposer; for a typical case a department head only
    of the source case's department (as for instruments, ``recommendations.transitions``)."""
    if (not user.is_active or user.role not in APPROVER_ROLES
            or user.procuratorate_id != item.procuratorate_id):
        return _("只有本院部门负责人或检察长可以审批。")
    if user.pk == item.proposed_by_id:
        return _("不能审批自己提请公开的内容。")
    if (isinstance(item, TypicalCase) and user.role == Role.APPROVER
            and item.case.department_id is not None
            and user.department_id != item.case.department_id):
        return _("部门负责人只能审批本部门案件的典型案例。")
    return ""


def actor_kinds(user: User, item: Publishable) -> frozenset[str]:
    kinds = set()
    if user.is_active and user.pk == item.proposed_by_id:
        kinds.add(AUTHOR)
    if not approver_refusal(user, item):
        kinds.add(APPROVER)
    return frozenset(kinds)


def enforce(action: str, actor: User, item: Publishable) -> str:
    """Who (``PermissionDenied``), then from which state (``TransitionNotAllowed``); the state
    ``action`` leads to. The one gate every publication service passes."""
    kinds = actor_kinds(actor, item)
    if action == "approve" and APPROVER not in kinds:
        raise PermissionDenied(approver_refusal(actor, item) or TABLE.refusal(action))
    return TABLE.enforce(action, item.status, kinds)


def allowed_actions(user: User, item: Publishable) -> list[str]:
    """The actions ``user`` may take on ``item`` now, in table order (for the page's buttons)."""
    return TABLE.allowed(item.status, actor_kinds(user, item))
