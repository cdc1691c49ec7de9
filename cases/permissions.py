"""Who may see which supervision case: the one place every page, API and export asks."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from guardian.shortcuts import get_objects_for_user

from supervision.choices import Role
from supervision.models import User
from supervision.permissions import procuratorate_scope

from .models import SupervisionCase


def cases_visible_to(user: User) -> QuerySet[SupervisionCase]:
    """Cases ``user`` may see: their procuratorate's (or subtree's, for supervisors), the ones
    assigned to an assistant, and any case shared with them by object permission."""
    qs = SupervisionCase.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    condition = procuratorate_scope(user)
    if user.role == Role.ASSISTANT:
        condition = Q(assistant=user) | Q(handler=user)
    shared = get_objects_for_user(
        user, "cases.view_shared_case", klass=SupervisionCase, accept_global_perms=False
    ).values("pk")
    shared_q = Q(pk__in=shared)
    return qs.filter(condition | shared_q if condition is not None else shared_q)


def get_case_for_user(user: User, pk: int) -> SupervisionCase:
    """The case ``pk`` if ``user`` may see it, else 404 (never 403: existence is not told)."""
    try:
        return cases_visible_to(user).select_related(
            "procuratorate", "department", "kind", "matter", "agency", "handler", "assistant"
        ).get(pk=pk)
    except SupervisionCase.DoesNotExist as exc:
        raise Http404 from exc


def can_work_on_case(user: User, case: SupervisionCase) -> bool:
    """May ``user`` add measures and draft instruments on ``case``?"""
    if user.role == Role.ASSISTANT:
        return user.pk in (case.assistant_id, case.handler_id)
    return (user.role in {Role.PROCURATOR, Role.APPROVER, Role.CHIEF}
            and user.procuratorate_id == case.procuratorate_id)
