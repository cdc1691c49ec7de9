"""Who may see which instrument: the one place every page, PDF download and API asks."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from cases.permissions import cases_visible_to
from supervision.choices import Role
from supervision.models import User

from .choices import VISIBLE_TO_AGENCY
from .models import Recommendation, Reply


def recommendations_visible_to(user: User) -> QuerySet[Recommendation]:
    """Instruments ``user`` may see. A liaison sees only what was issued to their own agency;
    procuratorate staff see the instruments of the cases they may see."""
    qs = Recommendation.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.role == Role.LIAISON:
        return qs.filter(agency_id=user.agency_id, status__in=VISIBLE_TO_AGENCY)
    return qs.filter(case__in=cases_visible_to(user).values("pk"))


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
