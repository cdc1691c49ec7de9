"""Who sees and handles public-interest suits.

A suit belongs to its case: whoever may see the case sees the suit
(``cases.permissions.case_visibility_q``: the procuratorate's staff, a supervisor's subtree,
an assistant's own cases, a case shared with them); whoever may work on the case records its
steps; the chief procurator of the case's procuratorate decides to sue (提起公益诉讼由检察长
决定: 《人民检察院公益诉讼办案规则》). Liaisons, observers and administrators see none: 404.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from cases.permissions import can_work_on_case, case_visibility_q
from supervision.choices import APPROVER_ROLES, Role
from supervision.models import User

from .models import PublicInterestSuit

#: Staff who may open the suit list (each sees the suits of the cases they may see).
SUIT_LIST_ROLES = frozenset({Role.PROCURATOR, Role.ASSISTANT, Role.APPROVER, Role.CHIEF,
                             Role.SUPERVISOR})


def suits_visible_to(user: User) -> QuerySet[PublicInterestSuit]:
    condition = case_visibility_q(user, "case__", procuratorate="procuratorate")
    qs = PublicInterestSuit.objects.all()
    return qs.filter(condition) if condition is not None else qs.none()


def get_suit_for_user(user: User, pk: int) -> PublicInterestSuit:
    """The suit ``pk`` if ``user`` may see its case, else 404 (never 403)."""
    try:
        return suits_visible_to(user).select_related(
            "case", "case__procuratorate", "case__handler", "case__assistant", "court",
            "decided_by", "procuratorate").get(pk=pk)
    except PublicInterestSuit.DoesNotExist as exc:
        raise Http404 from exc


def can_handle_suit(user: User, suit: PublicInterestSuit) -> bool:
    """Whoever may work on the suit's case records its steps."""
    return can_work_on_case(user, suit.case)


def can_decide_suit(user: User, suit: PublicInterestSuit) -> bool:
    """Department heads and the chief of the case's procuratorate (终结审查)."""
    return (user.role in APPROVER_ROLES and user.procuratorate_id == suit.case.procuratorate_id
            and user.is_active)


def is_chief_of(user: User, suit: PublicInterestSuit) -> bool:
    """The chief procurator of the case's procuratorate: decides to sue."""
    return (user.role == Role.CHIEF and user.is_active
            and user.procuratorate_id == suit.case.procuratorate_id)


def suit_to_handle(user: User, pk: int) -> PublicInterestSuit:
    """The suit, if ``user`` may see it (else 404) and handle it (else 404 as well)."""
    suit = get_suit_for_user(user, pk)
    if not can_handle_suit(user, suit):
        raise Http404
    return suit
