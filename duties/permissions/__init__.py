"""Who sees what of the agencies' duties: one module a flow, built on the two rules here.

* The procuratorate's staff see a row addressed to (or raised by) a procuratorate in their
  case scope (``supervision.permissions.procuratorate_scope``: their own procuratorate;
  a supervisor the subtree).
* An agency's liaison sees only the rows of the agency they act for now (``user.agency_id``):
  what it sent, or what was asked of it. Nothing else, by any route: what a user may not see
  answers 404.
"""

from __future__ import annotations

from django.db.models import Q

from supervision.choices import Role
from supervision.models import User
from supervision.permissions import procuratorate_scope


def staff_q(user: User, field: str = "procuratorate") -> Q | None:
    """The condition on ``<field>`` for procuratorate staff, or None (sees none)."""
    if not user.is_authenticated or not user.is_active or user.role == Role.LIAISON:
        return None
    return procuratorate_scope(user, field)


def agency_q(user: User, field: str = "agency") -> Q | None:
    """The condition on ``<field>`` for a liaison (the agency they act for now), or None."""
    if (not user.is_authenticated or not user.is_active or user.role != Role.LIAISON
            or user.agency_id is None):
        return None
    return Q(**{f"{field}_id": user.agency_id})
