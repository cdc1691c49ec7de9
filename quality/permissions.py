"""Who organises, reviews and sees quality reviews.

* **Organiser** (发起、撤销、办结): a department head or the chief of the case's procuratorate,
  or a supervisor (case management) of that procuratorate or one above it — the
  procuratorates that evaluate the quality of the case's handling — but not the case's handler.
* **Reviewer** (评查人): named by the organiser — a procurator, department head or chief of the
  case's procuratorate or one above it who took no part in the case: never its handler or
  assistant, nor the drafter or approver of the reviewed instrument (of any instrument of the
  case, for a review of the case) — :func:`reviewer_conflict` names the conflict.
* **Who sees a review**: its reviewers and organiser, the department heads and chief of the
  case's procuratorate, the supervisors of it and above it, and — once graded — the case's
  handler (the result of the review of their own case). Everyone else: 404 by every route.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from cases.models import SupervisionCase
from recommendations.models import Recommendation
from supervision.choices import APPROVER_ROLES, Role
from supervision.models import Procuratorate, User

from .choices import RESULT_STATES
from .models import Review

#: Staff who may open the review list (each sees the reviews that concern them).
REVIEW_LIST_ROLES = frozenset({Role.PROCURATOR, *APPROVER_ROLES, Role.SUPERVISOR})
#: Roles a reviewer may have: procurators by office (检察官, 部门负责人, 检察长).
REVIEWER_ROLES = frozenset({Role.PROCURATOR, *APPROVER_ROLES})


def ancestor_ids(procuratorate: Procuratorate) -> list[int]:
    """The procuratorate and those above it, from its materialised path (no query)."""
    return [int(part) for part in procuratorate.path.strip("/").split("/") if part]


def _active_staff(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.procuratorate_id is not None)


def reviews_visible_to(user: User) -> QuerySet[Review]:
    """The reviews ``user`` may see (see the module), as one condition on the review's row."""
    if not _active_staff(user) or user.role not in REVIEW_LIST_ROLES:
        return Review.objects.none()
    reviewing = Review.reviewers.through.objects.filter(user_id=user.pk).values("review_id")
    condition = (Q(pk__in=reviewing) | Q(started_by_id=user.pk)
                 | Q(handler_id=user.pk, status__in=RESULT_STATES))
    if user.role in APPROVER_ROLES:
        condition |= Q(procuratorate_id=user.procuratorate_id)
    if user.role == Role.SUPERVISOR:
        condition |= Q(procuratorate__path__startswith=user.procuratorate.path)
    return Review.objects.filter(condition)


def get_review_for_user(user: User, pk: int) -> Review:
    """The review ``pk`` if ``user`` may see it, else 404 (never 403)."""
    try:
        return reviews_visible_to(user).select_related(
            "case", "case__procuratorate", "case__handler", "case__assistant", "recommendation",
            "recommendation__instrument_type", "recommendation__drafted_by",
            "recommendation__approved_by", "procuratorate", "handler", "started_by",
            "graded_by", "concluded_by").get(pk=pk)
    except Review.DoesNotExist as exc:
        raise Http404 from exc


def can_organise(user: User, case: SupervisionCase) -> bool:
    """May ``user`` start (and manage) a review of ``case`` or of its instruments? Never the
    case's own handler (a head of department who handled it decides nothing on its review)."""
    if not _active_staff(user) or user.pk == case.handler_id:
        return False
    if user.role in APPROVER_ROLES:
        return user.procuratorate_id == case.procuratorate_id
    if user.role == Role.SUPERVISOR:
        return user.procuratorate_id in ancestor_ids(case.procuratorate)
    return False


def may_organise_any(user: User) -> bool:
    """Whether ``user``'s role ever organises reviews (the list offers "发起评查")."""
    return _active_staff(user) and user.role in {*APPROVER_ROLES, Role.SUPERVISOR}


def is_reviewer(user: User, review: Review) -> bool:
    if not _active_staff(user):
        return False
    cached = getattr(review, "_reviewer_ids", None)
    if cached is None:
        cached = set(review.reviewers.values_list("pk", flat=True))
        review._reviewer_ids = cached
    return user.pk in cached


def eligible_reviewers(case: SupervisionCase) -> QuerySet[User]:
    """Who may be named reviewer of a review of ``case``, conflicts not yet excluded: the
    active procurators, department heads and chiefs of its procuratorate and those above it."""
    return User.objects.filter(is_active=True, role__in=REVIEWER_ROLES,
                               procuratorate_id__in=ancestor_ids(case.procuratorate))


def _took_part(case: SupervisionCase,
               recommendation: Recommendation | None) -> dict[int, str]:
    """Who took part in what is reviewed, user pk → the part, in the reader's language."""
    parts: dict[int, str] = {}
    instruments = ([recommendation] if recommendation is not None
                   else list(case.recommendations.only("pk", "drafted_by_id", "approved_by_id")))
    for rec in instruments:
        if rec.approved_by_id:
            parts[rec.approved_by_id] = _("监督文书的审批人")
        parts[rec.drafted_by_id] = _("监督文书的拟稿人")
    if case.assistant_id:
        parts[case.assistant_id] = _("本案检察官助理")
    parts[case.handler_id] = _("本案承办检察官")
    return parts


def reviewer_conflict(user: User, case: SupervisionCase,
                      recommendation: Recommendation | None = None) -> str | None:
    """Why ``user`` may not review ``case`` (or its ``recommendation``), or None."""
    part = _took_part(case, recommendation).get(user.pk)
    if part is not None:
        return _("%(name)s是%(part)s，应当回避，不能担任评查人。") % {
            "name": user.display_name or user.username, "part": part}
    if not (user.is_active and user.role in REVIEWER_ROLES
            and user.procuratorate_id in ancestor_ids(case.procuratorate)):
        return _("%(name)s不是本院或上级院的检察官，不能担任评查人。") % {
            "name": user.display_name or user.username}
    return None


def reviewer_choices(case: SupervisionCase,
                     recommendation: Recommendation | None = None) -> QuerySet[User]:
    """The people the organiser may name: eligible and without a conflict (two queries)."""
    return (eligible_reviewers(case).exclude(pk__in=list(_took_part(case, recommendation)))
            .select_related("procuratorate").order_by("procuratorate__path", "role", "pk"))
