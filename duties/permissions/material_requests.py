"""Who sees which material request (issue 19), on the two rules of :mod:`duties.permissions`.

* Staff: a request is case material, so it follows its case (``cases.permissions``: the case's
  procuratorate, a supervisor's subtree, an assistant's own cases, a case shared with them),
  filtered on the request's own copy of the procuratorate.
* A liaison: the requests made of the agency they act for now (``duties.permissions.agency_q``).

Anything else answers 404, by every route (page, API, download)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from cases.permissions import can_work_on_case, case_visibility_q
from supervision.models import User

from ..models import MaterialRequest, MaterialRequestFile
from . import agency_q


def staff_visible(user: User) -> QuerySet[MaterialRequest]:
    """The requests ``user`` sees as the procuratorate's staff (none for a liaison)."""
    if not user.is_authenticated or user.role == "liaison":
        return MaterialRequest.objects.none()
    condition = case_visibility_q(user, "case__", procuratorate="procuratorate")
    return (MaterialRequest.objects.filter(condition) if condition is not None
            else MaterialRequest.objects.none())


def agency_visible(user: User) -> QuerySet[MaterialRequest]:
    """The requests made of the liaison's current agency (none for anyone else)."""
    condition = agency_q(user)
    return (MaterialRequest.objects.filter(condition) if condition is not None
            else MaterialRequest.objects.none())


def visible_to(user: User) -> QuerySet[MaterialRequest]:
    """Either of the two: what the API lists (a user is staff or a liaison, never both)."""
    if getattr(user, "role", None) == "liaison":
        return agency_visible(user)
    return staff_visible(user)


def get_request_for_staff(user: User, pk: int) -> MaterialRequest:
    try:
        return staff_visible(user).select_related(
            "case", "agency", "measure", "procuratorate", "sent_by", "answered_by",
            "reviewed_by", "follow_up_of").get(pk=pk)
    except MaterialRequest.DoesNotExist as exc:
        raise Http404 from exc


def get_request_for_agency(user: User, pk: int) -> MaterialRequest:
    try:
        return agency_visible(user).select_related(
            "agency", "procuratorate", "answered_by").get(pk=pk)
    except MaterialRequest.DoesNotExist as exc:
        raise Http404 from exc


def get_request_file(request: MaterialRequest, pk: int) -> MaterialRequestFile:
    """A file of a request the user already may see (the agency reads the notice sent to it
    and its own answer's files: every file of the request); another's file is 404."""
    try:
        return request.files.get(pk=pk)
    except MaterialRequestFile.DoesNotExist as exc:
        raise Http404 from exc


def can_act(user: User, request: MaterialRequest) -> bool:
    """May ``user`` accept, follow up or withdraw ``request`` (works on its case)?"""
    return can_work_on_case(user, request.case)
