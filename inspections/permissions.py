"""Who sees and works on inspections.

* Seen by the staff of the inspecting procuratorate (procurators, assistants, department heads,
  the chief) and by the supervisors (case management, higher procuratorates) of it and above
  it — whoever sees that procuratorate's cases by scope. Liaisons, observers and administrators
  see none: 404 by every route.
* Worked on (findings, rectification) by the team — its leader and members — and by the
  procuratorate's department heads and chief; an assistant on the team records but does not
  turn a finding into a case or an instrument (a case is registered by a procurator,
  ``cases.services.registration.CASE_REGISTRAR_ROLES``), nor verify rectification.
* Concluded and cancelled by the leader, or a department head or the chief of the procuratorate.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from supervision.choices import APPROVER_ROLES, Role
from supervision.models import User

from .models import Finding, Inspection

#: The staff roles that open the inspection list (each sees their scope).
LIST_ROLES = frozenset({Role.PROCURATOR, Role.ASSISTANT, Role.APPROVER, Role.CHIEF,
                        Role.SUPERVISOR})
#: Staff who may plan an inspection for their procuratorate.
PLANNER_ROLES = frozenset({Role.PROCURATOR, Role.APPROVER, Role.CHIEF})
#: Who may lead a team: 检察官, 部门负责人, 检察长.
LEADER_ROLES = PLANNER_ROLES
#: Who may be a member of a team.
MEMBER_ROLES = frozenset({Role.PROCURATOR, Role.ASSISTANT, Role.APPROVER, Role.CHIEF})


def scope_q(user: User, field: str = "procuratorate") -> Q | None:
    """The inspections ``user`` sees, as a condition on ``field``: their own procuratorate's
    (staff), a supervisor's subtree. None: none."""
    if (not user.is_authenticated or not user.is_active or user.procuratorate_id is None
            or user.role not in LIST_ROLES):
        return None
    if user.role == Role.SUPERVISOR:
        return Q(**{f"{field}__path__startswith": user.procuratorate.path})
    return Q(**{f"{field}_id": user.procuratorate_id})


def inspections_visible_to(user: User) -> QuerySet[Inspection]:
    condition = scope_q(user)
    qs = Inspection.objects.all()
    return qs.filter(condition) if condition is not None else qs.none()


def get_inspection_for_user(user: User, pk: int) -> Inspection:
    """The inspection ``pk`` if ``user`` may see it, else 404 (never 403)."""
    try:
        return inspections_visible_to(user).select_related(
            "procuratorate", "institution", "leader", "concluded_by").get(pk=pk)
    except Inspection.DoesNotExist as exc:
        raise Http404 from exc


def _staff_of(user: User, inspection: Inspection) -> bool:
    return (user.is_authenticated and user.is_active and user.role in MEMBER_ROLES
            and user.procuratorate_id == inspection.procuratorate_id)


def is_on_team(user: User, inspection: Inspection) -> bool:
    """The leader or a member (one query for a member)."""
    if user.pk == inspection.leader_id:
        return True
    return inspection.members.filter(pk=user.pk).exists()


def can_work_on(user: User, inspection: Inspection) -> bool:
    """The team, or a department head or the chief of the procuratorate."""
    if not _staff_of(user, inspection):
        return False
    return user.role in APPROVER_ROLES or is_on_team(user, inspection)


def can_decide(user: User, inspection: Inspection) -> bool:
    """Conclude or cancel: the leader, a department head or the chief."""
    return _staff_of(user, inspection) and (
        user.role in APPROVER_ROLES or user.pk == inspection.leader_id)


def inspection_to_work_on(user: User, pk: int) -> Inspection:
    """The inspection if ``user`` may see it and work on it; else 404 (a reader has no
    business with its write URLs)."""
    inspection = get_inspection_for_user(user, pk)
    if not can_work_on(user, inspection):
        raise Http404
    return inspection


def get_finding(inspection: Inspection, pk: int) -> Finding:
    """A finding of ``inspection`` (404 for another inspection's)."""
    try:
        return inspection.findings.select_related(
            "case", "recommendation", "verified_by", "disposed_by").get(pk=pk)
    except Finding.DoesNotExist as exc:
        raise Http404 from exc


def may_plan(user: User) -> bool:
    return (user.is_authenticated and user.is_active and user.role in PLANNER_ROLES
            and user.procuratorate_id is not None)
