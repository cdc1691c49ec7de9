"""Who may see which instrument — the one place every page, PDF download and API asks — and who
decides on its reply period (the transition table's ``decider``)."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from cases.permissions import case_visibility_q
from supervision.choices import Role
from supervision.models import User
from supervision.permissions import visibility_facts

from .choices import VISIBLE_TO_AGENCY, FollowUpKind
from .models import (
    FollowUp,
    Recommendation,
    RecommendationExtension,
    Reply,
    ReplyItemAnswer,
    ReviewRequest,
)

_Child = TypeVar("_Child", bound=Model)

#: Staff of a higher procuratorate who may act on a 跟进监督 request.
FOLLOW_UP_ROLES = frozenset({Role.PROCURATOR, Role.SUPERVISOR, Role.APPROVER, Role.CHIEF})


def asked_to_follow_up(procuratorate_id: int) -> QuerySet[FollowUp]:
    """The 跟进监督 requests made to a procuratorate (served by ``follow_up_higher_idx``)."""
    return FollowUp.objects.filter(kind=FollowUpKind.HIGHER_PROCURATORATE,
                                   higher_procuratorate_id=procuratorate_id)


def recommendation_visibility_q(user: User, prefix: str = "") -> Q | None:
    """Who sees which instrument, as one condition on the instrument reached through
    ``prefix`` (``""`` for instruments, ``"reply__recommendation__"`` for an answer …).

    A liaison: those issued to their own agency. Procuratorate staff: the instruments of the
    cases they may see — the case scope on the instrument's own copy of the case's
    procuratorate (``procuratorate_id = X``, a subtree's ``path LIKE``), served by
    ``rec_procuratorate_pk_idx`` in keyset order, not ``case IN (subquery)`` — and the ones
    their procuratorate was asked to follow up (跟进监督). Each exception (a shared case, a follow-up request) is
    ORed in only when the user's maintained facts say it can apply
    (:func:`supervision.permissions.visibility_facts`): otherwise the condition is the plain
    scope, which the planner serves from the case indexes. None: no instrument at all."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.role == Role.LIAISON:
        return Q(**{f"{prefix}agency_id": user.agency_id,
                    f"{prefix}status__in": VISIBLE_TO_AGENCY})
    if user.is_superuser:
        return case_visibility_q(user, f"{prefix}case__")  # every case, so every instrument
    facts = visibility_facts(user)
    condition = case_visibility_q(user, f"{prefix}case__", facts,
                                  procuratorate=f"{prefix}procuratorate")
    if user.role in FOLLOW_UP_ROLES and user.procuratorate_id and facts.follow_up_requests:
        # 跟进监督 (seed 000 §7): a higher procuratorate asked to follow up sees that
        # instrument — not the case file — and records its own action on it.
        asked = Q(**{f"{prefix}pk__in": asked_to_follow_up(user.procuratorate_id)
                     .values("recommendation_id")})
        condition = asked if condition is None else condition | asked
    return condition


def recommendations_visible_to(user: User) -> QuerySet[Recommendation]:
    """Instruments ``user`` may see (:func:`recommendation_visibility_q`)."""
    condition = recommendation_visibility_q(user)
    qs = Recommendation.objects.all()
    return qs.filter(condition) if condition is not None else qs.none()


def can_decide_extension(user: User, rec: Recommendation) -> bool:
    """Who decides on an instrument's reply period and on the agency's requests about it
    (延长回复期限, 异议/复查): the handling procurator, the head of the case's department, or the
    chief procurator of the case's procuratorate. The ``decider`` of the transition table."""
    case = rec.case
    if not user.is_active or user.procuratorate_id != case.procuratorate_id:
        return False
    if user.role == Role.CHIEF or user.pk == case.handler_id:
        return True
    return user.role == Role.APPROVER and user.department_id == case.department_id


def get_recommendation_for_user(user: User, pk: int) -> Recommendation:
    """The instrument ``pk`` if ``user`` may see it, else 404."""
    try:
        return recommendations_visible_to(user).select_related(
            "case", "case__procuratorate", "case__handler", "instrument_type",
            "instrument_type__period_rule", "agency", "drafted_by", "approved_by",
        ).get(pk=pk)
    except Recommendation.DoesNotExist as exc:
        raise Http404 from exc


def can_see_internal_deadlines(user: User) -> bool:
    """The procuratorate's own deadlines (本院办理期限) on an instrument ``user`` may see are
    shown to procuratorate staff, never to the agency's liaisons."""
    return user.is_authenticated and user.role != Role.LIAISON


# --- An instrument's child objects: each one ``get_<child>_for_user``, built on -------------
# --- ``recommendations_visible_to``; what the user may not see answers 404, never 403 --------

def _instrument_child_for_user(queryset: QuerySet[_Child], user: User, pk: int,
                               path: str = "recommendation") -> _Child:
    """The row ``pk`` of ``queryset`` if ``user`` may see its instrument (reached by
    ``path``), else 404."""
    condition = recommendation_visibility_q(user, f"{path}__")
    return get_object_or_404(queryset.filter(condition) if condition is not None
                             else queryset.none(), pk=pk)


def get_reply_for_user(user: User, pk: int) -> Reply:
    """The reply ``pk`` if ``user`` may see its instrument, else 404."""
    return _instrument_child_for_user(Reply.objects.select_related("recommendation"), user, pk)


def get_reply_item_answer_for_user(user: User, pk: int) -> ReplyItemAnswer:
    """One item's answer in a reply (with its 证明材料) if ``user`` may see the instrument."""
    return _instrument_child_for_user(ReplyItemAnswer.objects.all(), user, pk,
                                      "reply__recommendation")


def get_extension_for_user(user: User, pk: int) -> RecommendationExtension:
    """An extension of the reply period, asked for or decided, if ``user`` may see the
    instrument."""
    return _instrument_child_for_user(RecommendationExtension.objects.all(), user, pk)


def get_review_request_for_user(user: User, pk: int) -> ReviewRequest:
    """An agency's objection or request for review (异议/复查) if ``user`` may see the
    instrument."""
    return _instrument_child_for_user(ReviewRequest.objects.all(), user, pk)


def get_follow_up_for_user(user: User, pk: int) -> FollowUp:
    """A follow-up (跟进监督) if ``user`` may see the instrument — a higher procuratorate asked
    to follow up sees it through ``recommendations_visible_to`` as well."""
    return _instrument_child_for_user(FollowUp.objects.all(), user, pk)
