"""Reads of deadlines "of one's own": what a person must watch — for the daily digest and the
calendar feed. Filtered in SQL by role (no per-row permission checks)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from supervision.choices import Role
from supervision.models import User
from supervision.permissions import dashboard_scope

from .choices import InstrumentStatus
from .models import InternalDeadline, Recommendation


def _case_q(user: User, case: str) -> Q | None:
    """Whose cases ``user`` watches, as a condition on the case reached through ``case``:
    a procurator or assistant their own cases, a department head the department's, a chief
    the procuratorate's, a supervisor the subtree's. None: nothing (liaisons, observers,
    administrators)."""
    if user.role in {Role.PROCURATOR, Role.ASSISTANT}:
        return Q(**{f"{case}__handler": user}) | Q(**{f"{case}__assistant": user})
    if user.role == Role.APPROVER and user.procuratorate_id:
        return Q(**{f"{case}__procuratorate_id": user.procuratorate_id,
                    f"{case}__department_id": user.department_id})
    if user.role in {Role.CHIEF, Role.SUPERVISOR}:
        return dashboard_scope(user, field=f"{case}__procuratorate")
    return None


def reply_deadlines_for(user: User) -> QuerySet[Recommendation]:
    """Instruments awaiting an agency's reply that ``user`` watches (a liaison: those of every
    agency they actively serve, as their deadline notices do — digest and calendar lines name
    the agency)."""
    qs = Recommendation.objects.filter(status=InstrumentStatus.AWAITING_REPLY,
                                       due_date__isnull=False)
    if not user.is_active:
        return qs.none()
    if user.role == Role.LIAISON:
        return qs.filter(agency__memberships__user=user, agency__memberships__is_active=True)
    condition = _case_q(user, "case")
    return qs.filter(condition) if condition is not None else qs.none()


def internal_deadlines_for(user: User) -> QuerySet[InternalDeadline]:
    """Open deadlines of the procuratorate that ``user`` watches (a procurator: those they are
    responsible for, or on their cases when nobody is named). Never shown to agencies."""
    qs = InternalDeadline.objects.filter(closed_at__isnull=True)
    if not user.is_active or user.role == Role.LIAISON:
        return qs.none()
    if user.role in {Role.PROCURATOR, Role.ASSISTANT}:
        return qs.filter(Q(responsible=user) | Q(recommendation__case__assistant=user)
                         | Q(responsible__isnull=True, recommendation__case__handler=user))
    condition = _case_q(user, "recommendation__case")
    return qs.filter(condition) if condition is not None else qs.none()
