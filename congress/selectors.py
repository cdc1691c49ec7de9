"""Reads of the congress app other layers need."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from supervision.choices import Role
from supervision.models import User

from .models import DeliberationOpinion


def opinion_deadlines_for(user: User) -> QuerySet[DeliberationOpinion]:
    """Deliberation opinions still waiting for the written reply that ``user`` answers for:
    those they are responsible for and, for a chief, every one of their procuratorate (the chief
    answers to the congress). For the calendar feed."""
    qs = DeliberationOpinion.objects.running()
    if not user.is_active or user.role in (Role.LIAISON, Role.OBSERVER):
        return qs.none()
    condition = Q(responsible_id=user.pk)
    if user.role == Role.CHIEF and user.procuratorate_id is not None:
        condition |= Q(procuratorate_id=user.procuratorate_id)
    return qs.filter(condition)
