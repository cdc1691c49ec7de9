"""Who sees which commutation, parole and temporary-service proposals (issue 19), on the two
rules of :mod:`duties.permissions`: the procuratorate's staff see the proposals sent to a
procuratorate in their scope; an executing organ's liaison sees only those its agency sent.
Anything else answers 404, by every route (page, API list and detail, the files).

Who may act on a proposal is the transition table's (``duties.services.commutation.TABLE``).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from supervision.models import User

from ..models import CommutationProposal
from . import agency_q, staff_q


def staff_proposals(user: User) -> QuerySet[CommutationProposal]:
    """The proposals ``user`` sees as procuratorate staff (none for anyone else)."""
    condition = staff_q(user)
    if condition is None:
        return CommutationProposal.objects.none()
    return CommutationProposal.objects.filter(condition)


def organ_proposals(user: User) -> QuerySet[CommutationProposal]:
    """The proposals the liaison's current agency sent (none for anyone else)."""
    condition = agency_q(user, "organ")
    if condition is None:
        return CommutationProposal.objects.none()
    return CommutationProposal.objects.filter(condition)


def proposals_visible_to(user: User) -> QuerySet[CommutationProposal]:
    """Whatever ``user`` may see: staff their scope's, a liaison their agency's."""
    if staff_q(user) is not None:
        return staff_proposals(user)
    return organ_proposals(user)


def get_staff_proposal(user: User, pk: int) -> CommutationProposal:
    row = (staff_proposals(user).select_related("organ", "court", "procuratorate", "handler",
                                               "case", "correction")
           .filter(pk=pk).first())
    if row is None:
        raise Http404
    return row


def get_organ_proposal(user: User, pk: int) -> CommutationProposal:
    row = organ_proposals(user).select_related("organ", "court", "procuratorate").filter(
        pk=pk).first()
    if row is None:
        raise Http404
    return row
