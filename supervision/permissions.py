"""Scope rules shared by every resource: which procuratorates a user's work covers.

Evaluated in SQL (the materialised ``Procuratorate.path``), never by walking the tree in Python.
"""

from __future__ import annotations

from django.db.models import Q

from .choices import APPROVER_ROLES, Role
from .models import User

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
