"""Who sees and who acts on transfer notices (seed 003 §9), on the two rules of
:mod:`duties.permissions`:

* the procuratorate's staff see the notices addressed to a procuratorate of their scope
  (procurators, department heads and the chief their own; a supervisor the subtree); the
  procurators, department heads and chief of the addressed procuratorate act on them
  (签收, 立案监督);
* a liaison sees the notices their agency filed (an administrative organ) and those whose
  transferred case went to it (the police unit: "asked of" it) — nothing else, by any route.

What a user may not see answers 404.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from agencies.choices import AgencyType
from supervision.choices import Role
from supervision.models import User
from supervision.permissions import OWN_PROCURATORATE_ROLES

from ..models import TransferNotice
from . import agency_q, staff_q

#: Staff of the addressed procuratorate who receive a notice and open a case from it (the
#: roles that register cases: ``cases.services.registration.CASE_REGISTRAR_ROLES``).
ACTING_ROLES = frozenset(OWN_PROCURATORATE_ROLES)


def notices_visible_to(user: User) -> QuerySet[TransferNotice]:
    """The notices ``user`` may see (none for anyone else)."""
    staff = staff_q(user)
    if staff is not None:
        return TransferNotice.objects.filter(staff)
    filed = agency_q(user)
    if filed is not None:
        return TransferNotice.objects.filter(filed | agency_q(user, "police_agency"))
    return TransferNotice.objects.none()


def staff_notices(user: User) -> QuerySet[TransferNotice]:
    """The notices of the intake queue: staff only (a liaison's are none here)."""
    scope = staff_q(user)
    return TransferNotice.objects.filter(scope) if scope is not None else TransferNotice.objects.none()


def liaison_notices(user: User) -> QuerySet[TransferNotice]:
    """The notices of the liaison's portal: filed by their agency or sent to it as police."""
    filed = agency_q(user)
    if filed is None:
        return TransferNotice.objects.none()
    return TransferNotice.objects.filter(filed | agency_q(user, "police_agency"))


def get_notice_for_staff(user: User, pk: int) -> TransferNotice:
    notice = staff_notices(user).select_related(
        "agency", "police_agency", "procuratorate", "filed_by", "received_by", "case",
        "police_recorded_by").filter(pk=pk).first()
    if notice is None:
        raise Http404
    return notice


def get_notice_for_liaison(user: User, pk: int) -> TransferNotice:
    notice = liaison_notices(user).select_related(
        "agency", "police_agency", "procuratorate", "filed_by", "police_recorded_by").filter(
        pk=pk).first()
    if notice is None:
        raise Http404
    return notice


def get_notice_for_user(user: User, pk: int) -> TransferNotice:
    """The notice for whoever may see it, staff or liaison; 404 otherwise."""
    if user.is_authenticated and user.role == Role.LIAISON:
        return get_notice_for_liaison(user, pk)
    return get_notice_for_staff(user, pk)


def may_file(user: User) -> bool:
    """A liaison acting now for an administrative organ (行政执法机关) files notices."""
    agency = getattr(user, "agency", None) if user.is_authenticated else None
    return (user.is_authenticated and user.is_active and user.role == Role.LIAISON
            and agency is not None and agency.agency_type == AgencyType.ADMINISTRATIVE)


def is_filing_liaison(user: User, notice: TransferNotice) -> bool:
    return (user.is_authenticated and user.role == Role.LIAISON
            and user.agency_id is not None and user.agency_id == notice.agency_id)


def is_police_liaison(user: User, notice: TransferNotice) -> bool:
    """A liaison acting now for the police unit the case was transferred to."""
    return (user.is_authenticated and user.role == Role.LIAISON and notice.police_agency_id is not None
            and user.agency_id == notice.police_agency_id)


def is_acting_staff(user: User, notice: TransferNotice) -> bool:
    """Staff of the addressed procuratorate who receive the notice and open a case from it."""
    return (user.is_authenticated and user.is_active and user.role in ACTING_ROLES
            and user.procuratorate_id == notice.procuratorate_id)

