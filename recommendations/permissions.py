"""Who may see which instrument: the one place every page, PDF download and API asks."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from cases.permissions import cases_visible_to
from supervision.choices import Role
from supervision.models import User

from .choices import VISIBLE_TO_AGENCY, FollowUpKind
from .models import FollowUp, Recommendation, Reply

#: Staff of a higher procuratorate who may act on a 跟进监督 request.
FOLLOW_UP_ROLES = frozenset({Role.PROCURATOR, Role.SUPERVISOR, Role.APPROVER, Role.CHIEF})


def recommendations_visible_to(user: User) -> QuerySet[Recommendation]:
    """Instruments ``user`` may see. A liaison sees only what was issued to their own agency;
    procuratorate staff see the instruments of the cases they may see, and those on which
    their procuratorate was asked to follow up (跟进监督)."""
    qs = Recommendation.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.role == Role.LIAISON:
        return qs.filter(agency_id=user.agency_id, status__in=VISIBLE_TO_AGENCY)
    visible = Q(case__in=cases_visible_to(user).values("pk"))
    if user.role in FOLLOW_UP_ROLES and user.procuratorate_id:
        # 跟进监督 (seed 000 §7): a higher procuratorate asked to follow up sees that
        # instrument — not the case file — and records its own action on it.
        visible |= Q(pk__in=FollowUp.objects.filter(
            kind=FollowUpKind.HIGHER_PROCURATORATE,
            higher_procuratorate_id=user.procuratorate_id).values("recommendation_id"))
    return qs.filter(visible)


def get_recommendation_for_user(user: User, pk: int) -> Recommendation:
    """The instrument ``pk`` if ``user`` may see it, else 404."""
    try:
        return recommendations_visible_to(user).select_related(
            "case", "case__procuratorate", "case__handler", "instrument_type",
            "instrument_type__period_rule", "agency", "drafted_by", "approved_by",
        ).get(pk=pk)
    except Recommendation.DoesNotExist as exc:
        raise Http404 from exc


def get_reply_for_user(user: User, pk: int) -> Reply:
    """The reply ``pk`` if ``user`` may see its instrument, else 404."""
    try:
        return Reply.objects.select_related("recommendation").get(
            pk=pk, recommendation__in=recommendations_visible_to(user).values("pk"))
    except Reply.DoesNotExist as exc:
        raise Http404 from exc
