"""Who sees which clue transfer in the clue feedback flow (issue 19).

* The procuratorate's staff: the transfers of the cases they may see (the case page's own
  rule, ``cases.permissions.case_visibility_q``): the queue, the transfer's page and the API
  answer exactly what the case page would show.
* A liaison: the transfers addressed to the agency they act for now
  (``ClueTransfer.recipient_agency``, :func:`duties.permissions.agency_q`) — what was asked of
  it, nothing else, by any route; anything else answers 404.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from cases.models import Attachment, ClueTransfer
from cases.permissions import case_visibility_q
from supervision.choices import Role
from supervision.models import User

from . import agency_q


def staff_transfers(user: User) -> QuerySet[ClueTransfer]:
    """Transfers whose case ``user`` (procuratorate staff) may see; none for anyone else."""
    if not user.is_authenticated or not user.is_active or user.role == Role.LIAISON:
        return ClueTransfer.objects.none()
    condition = case_visibility_q(user, "case__")
    return (ClueTransfer.objects.filter(condition) if condition is not None
            else ClueTransfer.objects.none())


def agency_transfers(user: User) -> QuerySet[ClueTransfer]:
    """Transfers addressed to the agency the liaison acts for now; none for anyone else."""
    condition = agency_q(user, "recipient_agency")
    return (ClueTransfer.objects.filter(condition) if condition is not None
            else ClueTransfer.objects.none())


def get_staff_transfer(user: User, pk: int) -> ClueTransfer:
    return get_object_or_404(staff_transfers(user).select_related(
        "case__procuratorate", "case__handler", "transferred_by", "reply_recorded_by",
        "reply_read_by", "recipient_agency"), pk=pk)


def get_agency_transfer(user: User, pk: int) -> ClueTransfer:
    return get_object_or_404(agency_transfers(user).select_related(
        "case__procuratorate", "reply_recorded_by"), pk=pk)


def agency_transfer_files(transfer: ClueTransfer) -> QuerySet[Attachment]:
    """The files the receiving organ may read: the letter and material sent with the
    transfer, and its own feedback's files — never the rest of the case file."""
    return transfer.attachments.select_related("uploaded_by").order_by("uploaded_at", "pk")


def get_agency_transfer_file(user: User, pk: int, file_pk: int) -> Attachment:
    transfer = get_agency_transfer(user, pk)
    try:
        return agency_transfer_files(transfer).get(pk=file_pk)
    except Attachment.DoesNotExist as exc:
        raise Http404 from exc
