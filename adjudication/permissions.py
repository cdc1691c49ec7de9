"""Who sees and handles the records of attendance at the court's adjudication committee.

* The chief and the department heads of the procuratorate see all of its attendances;
  supervisors see those of their procuratorate and every one below it; an attendance linked to
  a supervision case is also seen by whoever may see that case (its handler, the assistant
  assigned to it, a procurator of the procuratorate, a procurator it is shared with:
  ``cases.permissions.case_visibility_q``). Liaisons — the court's own included — observers
  and administrators see none: 404 by every route.
* The chief, and the deputy chief the chief entrusted, attend and record the opinion; the
  department heads and whoever works on the linked case prepare; the rules of each step are in
  ``transitions.py``.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from cases.models import SupervisionCase
from cases.permissions import can_work_on_case, case_visibility_q
from supervision.choices import APPROVER_ROLES, Role
from supervision.models import User

from .models import Attendance

#: Staff who may open the list (each sees the attendances the rules above give them).
LIST_ROLES = frozenset({Role.PROCURATOR, Role.ASSISTANT, Role.APPROVER, Role.CHIEF,
                        Role.SUPERVISOR})


def _active_staff(user: User) -> bool:
    return (user.is_authenticated and user.is_active and user.role in LIST_ROLES
            and user.procuratorate_id is not None)


def attendance_visibility_q(user: User) -> Q | None:
    """One condition on :class:`Attendance` for what ``user`` sees (None: nothing)."""
    if not _active_staff(user):
        return None
    condition = None
    if user.role in APPROVER_ROLES:
        condition = Q(procuratorate_id=user.procuratorate_id)
    elif user.role == Role.SUPERVISOR:
        condition = Q(procuratorate__path__startswith=user.procuratorate.path)
    by_case = case_visibility_q(user, "case__")
    if by_case is not None:
        by_case = Q(case__isnull=False) & by_case
        condition = by_case if condition is None else condition | by_case
    return condition


def attendances_visible_to(user: User) -> QuerySet[Attendance]:
    condition = attendance_visibility_q(user)
    qs = Attendance.objects.all()
    return qs.filter(condition) if condition is not None else qs.none()


def get_attendance_for_user(user: User, pk: int) -> Attendance:
    """The attendance ``pk`` if ``user`` may see it, else 404 (never 403)."""
    try:
        return attendances_visible_to(user).select_related(
            "procuratorate", "court", "case", "case__handler", "deputy", "entrusted_by",
            "attendee", "decision_recorded_by", "follow_up_instrument", "created_by").get(pk=pk)
    except Attendance.DoesNotExist as exc:
        raise Http404 from exc


def is_chief_of(user: User, procuratorate_id: int) -> bool:
    return (user.is_authenticated and user.is_active and user.role == Role.CHIEF
            and user.procuratorate_id == procuratorate_id)


def is_head_of(user: User, procuratorate_id: int) -> bool:
    """A department head or the chief of ``procuratorate_id``."""
    return (user.is_authenticated and user.is_active and user.role in APPROVER_ROLES
            and user.procuratorate_id == procuratorate_id)


def may_record_notice(user: User, case: SupervisionCase | None = None) -> bool:
    """Who records a court's notice: the chief and the department heads of a procuratorate;
    for a notice about one of its cases, also whoever works on that case."""
    if case is not None and can_work_on_case(user, case):
        return True
    return _active_staff(user) and is_head_of(user, user.procuratorate_id)


def can_prepare(user: User, attendance: Attendance) -> bool:
    """The department heads and the chief of the procuratorate, and whoever works on the
    linked case (its handler drafts the opinion)."""
    return is_head_of(user, attendance.procuratorate_id) or (
        attendance.case_id is not None and can_work_on_case(user, attendance.case))


def can_attend(user: User, attendance: Attendance) -> bool:
    """The chief of the procuratorate, or the deputy chief the chief entrusted."""
    return is_chief_of(user, attendance.procuratorate_id) or (
        attendance.deputy_id is not None and user.pk == attendance.deputy_id
        and user.is_active and user.procuratorate_id == attendance.procuratorate_id)


def attendance_to_handle(user: User, pk: int) -> Attendance:
    """The attendance, if ``user`` may see it (else 404) and take part in it (else 404 too:
    a reader has no business with its write URLs)."""
    attendance = get_attendance_for_user(user, pk)
    if not (can_prepare(user, attendance) or can_attend(user, attendance)):
        raise Http404
    return attendance
