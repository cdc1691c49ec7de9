"""Who sees and handles hearings and the register of people's supervisors.

* A hearing belongs to its case: whoever may see the case sees its hearings
  (``cases.permissions.case_visibility_q``: the procuratorate's staff, a supervisor's subtree,
  an assistant's own cases, a case shared with them); whoever may work on the case
  (``can_work_on_case``) prepares and records it. Liaisons, observers and administrators see
  none: 404 by every route.
* The register of people's supervisors of a procuratorate is read by the staff of that
  procuratorate and of those below it (whose hearings may invite them), and by supervisors
  above it; it is kept by the procuratorate's department heads and chief.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from cases.permissions import can_work_on_case, case_visibility_q
from supervision.choices import APPROVER_ROLES, Role
from supervision.models import Procuratorate, User

from .models import Hearing, HearingParticipant, PeopleSupervisor

#: Staff who read the register of their own procuratorate and the ones above it.
REGISTER_READER_ROLES = frozenset({Role.PROCURATOR, Role.ASSISTANT, Role.APPROVER, Role.CHIEF,
                                   Role.SUPERVISOR})
#: Staff who may open the hearing list (each sees the hearings of the cases they may see).
HEARING_LIST_ROLES = REGISTER_READER_ROLES


# --- hearings ------------------------------------------------------------------------------

def hearings_visible_to(user: User) -> QuerySet[Hearing]:
    """The hearings of the cases ``user`` may see (the hearing's own ``procuratorate`` copy
    serves the scope)."""
    condition = case_visibility_q(user, "case__", procuratorate="procuratorate")
    qs = Hearing.objects.all()
    return qs.filter(condition) if condition is not None else qs.none()


def get_hearing_for_user(user: User, pk: int) -> Hearing:
    """The hearing ``pk`` if ``user`` may see its case, else 404 (never 403)."""
    try:
        return hearings_visible_to(user).select_related(
            "case", "case__procuratorate", "case__handler", "procuratorate", "presiding",
            "concluded_by").get(pk=pk)
    except Hearing.DoesNotExist as exc:
        raise Http404 from exc


def can_handle_hearing(user: User, hearing: Hearing) -> bool:
    """May ``user`` prepare and record the hearing (participants, notices, the record, the
    opinions)? Whoever may work on its case."""
    return can_work_on_case(user, hearing.case)


def can_decide_hearing(user: User, hearing: Hearing) -> bool:
    """May ``user`` conclude or cancel it? Whoever may work on the case, but not an assistant
    (who prepares but does not decide, as on the case itself)."""
    return user.role != Role.ASSISTANT and can_work_on_case(user, hearing.case)


def hearing_to_handle(user: User, pk: int) -> Hearing:
    """The hearing, if ``user`` may see it (else 404) and handle it (else 404 as well: a
    reader has no business with its write URLs)."""
    hearing = get_hearing_for_user(user, pk)
    if not can_handle_hearing(user, hearing):
        raise Http404
    return hearing


def get_participant(hearing: Hearing, pk: int) -> HearingParticipant:
    """A participant of ``hearing`` (404 for another hearing's)."""
    try:
        return hearing.participants.select_related("people_supervisor").get(pk=pk)
    except HearingParticipant.DoesNotExist as exc:
        raise Http404 from exc


# --- the register --------------------------------------------------------------------------

def ancestor_ids(procuratorate: Procuratorate) -> list[int]:
    """The procuratorate and those above it, from its materialised path (no query)."""
    return [int(part) for part in procuratorate.path.strip("/").split("/") if part]


def register_scope_q(user: User, field: str = "procuratorate") -> Q | None:
    """Which registers ``user`` reads: their procuratorate's and those above it; a supervisor
    also every one below theirs. None: none."""
    if (not user.is_authenticated or not user.is_active or user.role not in REGISTER_READER_ROLES
            or user.procuratorate_id is None):
        return None
    condition = Q(**{f"{field}_id__in": ancestor_ids(user.procuratorate)})
    if user.role == Role.SUPERVISOR:
        condition |= Q(**{f"{field}__path__startswith": user.procuratorate.path})
    return condition


def supervisors_visible_to(user: User) -> QuerySet[PeopleSupervisor]:
    condition = register_scope_q(user)
    qs = PeopleSupervisor.objects.all()
    return qs.filter(condition) if condition is not None else qs.none()


def get_supervisor_for_user(user: User, pk: int) -> PeopleSupervisor:
    try:
        return supervisors_visible_to(user).select_related("procuratorate").get(pk=pk)
    except PeopleSupervisor.DoesNotExist as exc:
        raise Http404 from exc


def can_keep_register(user: User, procuratorate_id: int | None) -> bool:
    """The department heads and the chief of ``procuratorate_id`` keep its register."""
    return (user.is_authenticated and user.is_active and user.role in APPROVER_ROLES
            and procuratorate_id is not None and user.procuratorate_id == procuratorate_id)


def may_keep_a_register(user: User) -> bool:
    return can_keep_register(user, user.procuratorate_id)


def invitable_supervisors(procuratorate: Procuratorate) -> QuerySet[PeopleSupervisor]:
    """The register a hearing of ``procuratorate`` may invite from: its own and its higher
    procuratorates' (people's supervisors selected by a city's judicial administration serve
    the city's procuratorate and the basic ones below it)."""
    return PeopleSupervisor.objects.filter(procuratorate_id__in=ancestor_ids(procuratorate))
