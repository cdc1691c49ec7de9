"""Scope rules shared by every resource: which procuratorates a user's work covers.

Evaluated in SQL (the materialised ``Procuratorate.path``), never by walking the tree in Python.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from .choices import APPROVER_ROLES, Role
from .models import Procuratorate, User

#: Staff who work on the cases of their own procuratorate.
OWN_PROCURATORATE_ROLES = {Role.PROCURATOR, Role.APPROVER, Role.CHIEF}


def procuratorate_scope(user: User, field: str = "procuratorate") -> Q | None:
    """A Q limiting ``<field>`` to the procuratorates whose case content ``user`` may see,
    or None when the user sees no case content at all (liaisons, observers, administrators)."""
    if not user.is_authenticated or not user.is_active or user.procuratorate_id is None:
        return None
    if user.role == Role.SUPERVISOR:
        return Q(**{f"{field}__path__startswith": user.procuratorate.path})
    if user.role in OWN_PROCURATORATE_ROLES:
        return Q(**{f"{field}_id": user.procuratorate_id})
    return None


#: Set on the user :class:`supervision.auth.UserBackend` loads at the start of a request: its
#: visibility facts (and its procuratorate's) were read with it, in the same query.
FACTS_READ_WITH_USER = "_visibility_facts_read_with_user"


@dataclass(frozen=True)
class VisibilityFacts:
    """Whether the exceptions to the scope rules can apply to a user at all. Each is a
    maintained fact (``User.has_shared_cases``, ``Procuratorate.has_follow_up_requests``)
    written by the service that grants the exception, in its transaction; while one is False
    the visibility querysets leave that exception out of the SQL, so the scope stays a plain
    filter an index serves (an ``OR`` with a subquery makes the planner scan every case)."""

    shared_cases: bool
    follow_up_requests: bool
    #: Not an exception but a widening: the user is of their procuratorate's juvenile
    #: department (``Department.juvenile``), so its juvenile cases need no narrower condition.
    juvenile_department: bool = False


def visibility_facts(user: User) -> VisibilityFacts:
    """The facts of ``user``, without a query for the user of the request (read with it by
    :class:`supervision.auth.UserBackend`). Any other user object may have been loaded before
    a share or a follow-up request changed them, and trusting it would hide rows: its facts
    are read again, one query."""
    if getattr(user, FACTS_READ_WITH_USER, False):
        unit, department = user.procuratorate, user.department
        return VisibilityFacts(user.has_shared_cases,
                               unit is not None and unit.has_follow_up_requests,
                               department is not None and department.juvenile)
    shared, follow_ups, juvenile = User.objects.filter(pk=user.pk).values_list(
        "has_shared_cases", "procuratorate__has_follow_up_requests", "department__juvenile").get()
    return VisibilityFacts(shared, bool(follow_ups), bool(juvenile))


#: Who sees deadline dashboards and statistics: the subtree for the first, their own
#: procuratorate for the second.
SUBTREE_DASHBOARD_ROLES = frozenset({Role.SUPERVISOR, Role.OBSERVER})
OWN_DASHBOARD_ROLES = frozenset(OWN_PROCURATORATE_ROLES | {Role.ASSISTANT})
DASHBOARD_ROLES = SUBTREE_DASHBOARD_ROLES | OWN_DASHBOARD_ROLES


def dashboard_scope(user: User, field: str = "procuratorate") -> Q | None:
    """Scope for deadline dashboards and statistics: supervisors and observers see their
    subtree, procurators, assistants, approvers and chiefs their procuratorate."""
    if not user.is_authenticated or user.procuratorate_id is None:
        return None
    if user.role in SUBTREE_DASHBOARD_ROLES:
        return Q(**{f"{field}__path__startswith": user.procuratorate.path})
    if user.role in OWN_DASHBOARD_ROLES:
        return Q(**{f"{field}_id": user.procuratorate_id})
    return None


def dashboard_procuratorates(user: User) -> QuerySet[Procuratorate]:
    """The procuratorates :func:`dashboard_scope` covers (a list's 检察院 filter offers these)."""
    scope = dashboard_scope(user, field="procuratorate")
    if scope is None:
        return Procuratorate.objects.none()
    if user.role in SUBTREE_DASHBOARD_ROLES:
        return Procuratorate.objects.filter(path__startswith=user.procuratorate.path)
    return Procuratorate.objects.filter(pk=user.procuratorate_id)


#: Procuratorate staff who work with case content (pages under /cases/ and /instruments/).
STAFF_ROLES = {Role.PROCURATOR, Role.ASSISTANT, Role.APPROVER, Role.CHIEF, Role.SUPERVISOR}

#: Staff who invite (and deactivate) the liaisons of the agencies their procuratorate
#: supervises; the system administrator may do it for every agency.
INVITER_ROLES = {Role.PROCURATOR, *APPROVER_ROLES}

#: The liaison portal is the liaisons' alone; anyone else gets 404.
LIAISON_ROLES = frozenset({Role.LIAISON})


def require_role(user: User, roles: set[str] | frozenset[str]) -> None:
    """404 — not 403 — for a role that has no business in this part of the product, so that a
    page's existence is not told to those who may not use it."""
    from django.http import Http404

    if not user.is_authenticated or user.role not in roles:
        raise Http404


def may_connect_systems(user) -> bool:
    """May ``user`` connect another system — subscribe it to webhooks (``integrations``)? An
    agency's liaison (for the agency's instruments), or a procuratorate's staff member or
    system account (within what they may see)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.role == Role.LIAISON:
        return user.agency_id is not None
    return user.role in STAFF_ROLES and user.procuratorate_id is not None
