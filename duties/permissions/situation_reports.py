"""Who sees and who acts on a major-situation report (重大情况通报).

* Reading: the procuratorate's staff in whose case scope the report's procuratorate lies
  (``duties.permissions.staff_q``: procurators, approvers and the chief of that procuratorate;
  a supervisor above it), and the liaisons of the reporting agency, acting for it now
  (``agency_q``). Nobody else, by any route: 404.
* Acting for the procuratorate (签收, 立案, 办结): its own procurators, approvers and chief — a
  supervisor above reads, the procuratorate concerned acts.
* Filing and supplementing: the agency's liaison (the portal is theirs alone).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from supervision.choices import Role
from supervision.models import User
from supervision.permissions import OWN_PROCURATORATE_ROLES

from ..models import SituationReport
from . import agency_q, staff_q


def reports_visible_to(user: User) -> QuerySet[SituationReport]:
    """The reports ``user`` may read (none for anyone else)."""
    condition = staff_q(user) if user.is_authenticated and user.role != Role.LIAISON \
        else agency_q(user)
    if condition is None:
        return SituationReport.objects.none()
    return SituationReport.objects.filter(condition)


def staff_reports_visible_to(user: User) -> QuerySet[SituationReport]:
    """The procuratorate's view only: the reports ``user`` reads as staff (none for a liaison)."""
    condition = staff_q(user)
    return SituationReport.objects.filter(condition) if condition is not None \
        else SituationReport.objects.none()


def agency_reports_visible_to(user: User) -> QuerySet[SituationReport]:
    """The agency's view only: its reports for one of its liaisons (none for anyone else)."""
    condition = agency_q(user)
    return SituationReport.objects.filter(condition) if condition is not None \
        else SituationReport.objects.none()


def get_report_for_user(user: User, pk: int, *, queryset: QuerySet | None = None) -> SituationReport:
    """The report if ``user`` may read it, else 404."""
    qs = reports_visible_to(user) if queryset is None else queryset
    report = qs.filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


def can_act_for_procuratorate(user: User, report: SituationReport) -> bool:
    """签收, 立案, 办结: the report's own procuratorate's procurators, approvers and chief."""
    return (user.is_authenticated and user.is_active and user.role in OWN_PROCURATORATE_ROLES
            and user.procuratorate_id == report.procuratorate_id)


def can_act_for_agency(user: User, report: SituationReport) -> bool:
    """续报: a liaison acting now for the reporting agency."""
    return (user.is_authenticated and user.is_active and user.role == Role.LIAISON
            and user.agency_id == report.agency_id)
