"""The life of a quality review, in one table (on ``supervision.statemachine``):
待评查 → 评查中 → 已评定 → 已办结, or 待评查/评查中 → 已撤销.

Every change goes through :func:`enforce` (``quality.services``): who first
(``PermissionDenied``), then from which state (``TransitionNotAllowed``). Recording the
checklist's results starts the review (待评查 → 评查中) and may be repeated until it is graded;
the handler's answer (反馈/异议) keeps the state.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from supervision.models import User
from supervision.statemachine import ActorKind, Messages, Transition, TransitionTable

from .choices import ReviewStatus as S
from .models import Review
from .permissions import can_organise, is_reviewer

#: A reviewer named on the review: records the results and grades.
REVIEWER = "reviewer"
#: The handler of the reviewed case: answers the grade.
HANDLER = "handler"
#: Whoever may organise a review of the case (``permissions.can_organise``): cancels, concludes.
ORGANISER = "organiser"

TABLE = TransitionTable(
    [
        Transition("record", {S.PENDING, S.IN_PROGRESS}, {S.IN_PROGRESS}, {REVIEWER},
                   gettext_lazy("填写评查表")),
        Transition("grade", {S.IN_PROGRESS}, {S.GRADED}, {REVIEWER}, gettext_lazy("评定等次")),
        Transition("feedback", {S.GRADED}, set(), {HANDLER}, gettext_lazy("反馈意见")),
        Transition("conclude", {S.GRADED}, {S.CONCLUDED}, {ORGANISER}, gettext_lazy("办结评查")),
        Transition("cancel", {S.PENDING, S.IN_PROGRESS}, {S.CANCELLED}, {ORGANISER},
                   gettext_lazy("撤销评查")),
    ],
    states=dict(S.choices),
    actor_kinds=[
        ActorKind(REVIEWER, gettext_lazy("只有本次评查的评查人可以填写评查表和评定等次。")),
        ActorKind(HANDLER, gettext_lazy("只有被评查案件的承办检察官可以反馈意见。")),
        ActorKind(ORGANISER, gettext_lazy("只有本院部门负责人、检察长或上级院案件管理部门可以作出该决定。")),
    ],
    messages=Messages(
        wrong_state=gettext_lazy("评查当前状态为“%(state)s”，不能%(action)s。"),
        unknown_action=gettext_lazy("未知的评查操作。"),
    ),
)

ACTION_LABELS = {action: t.label for action, t in TABLE.items()}


def actor_kinds(user: User, review: Review) -> frozenset[str]:
    kinds = set()
    if is_reviewer(user, review):
        kinds.add(REVIEWER)
    if user.is_authenticated and user.pk == review.handler_id:
        kinds.add(HANDLER)
    if can_organise(user, review.case):
        kinds.add(ORGANISER)
    return frozenset(kinds)


def enforce(action: str, actor: User, review: Review) -> str:
    """Check who, then from which state; return the state ``action`` leads to."""
    return TABLE.enforce(action, review.status, actor_kinds(actor, review))


def allowed_actions(user: User, review: Review) -> list[str]:
    """The actions ``user`` may take on ``review`` now, in table order (what the page offers)."""
    return TABLE.allowed(review.status, actor_kinds(user, review))
