"""Who reads and writes the reports to the people's congress and its opinions.

- The procuratorate's own staff (procurators, assistants, department heads, the chief, its case
  management / supervisors) read every report of their procuratorate, drafts included; all but
  assistants draft and edit them, and record the congress's opinions and the replies to them.
- Only the chief (检察长) of the report's procuratorate approves a report, never its author:
  the report speaks for the procuratorate to the congress.
- Supervisors read the approved and released reports of every procuratorate below theirs.
- The congress observer reads the released reports of the procuratorates they observe and the
  opinions on them — never a draft (seed 002 §18: the congress supervises what was reported).

Anything else answers 404, as everywhere in the product.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from supervision.choices import Role
from supervision.models import User

from .models import CongressReport, DeliberationOpinion, ReportStatus

#: Draft, edit and submit reports; record opinions and replies.
WRITER_ROLES = frozenset({Role.PROCURATOR, Role.APPROVER, Role.CHIEF, Role.SUPERVISOR})
#: Read the reports of their own procuratorate, drafts included.
OWN_READER_ROLES = WRITER_ROLES | {Role.ASSISTANT}
#: Approve a report (not its author).
APPROVER_ROLE = Role.CHIEF
#: What readers outside the writing procuratorate may see.
FINISHED = (ReportStatus.APPROVED, ReportStatus.RELEASED)


def reports_visible_to(user: User) -> QuerySet[CongressReport]:
    reports = CongressReport.objects.all()
    if not user.is_authenticated or not user.is_active or user.procuratorate_id is None:
        return reports.none()
    subtree = Q(procuratorate__path__startswith=user.procuratorate.path)
    if user.role == Role.OBSERVER:
        return reports.filter(subtree, status=ReportStatus.RELEASED)
    if user.role == Role.SUPERVISOR:
        return reports.filter(Q(procuratorate_id=user.procuratorate_id)
                              | subtree & Q(status__in=FINISHED))
    if user.role in OWN_READER_ROLES:
        return reports.filter(procuratorate_id=user.procuratorate_id)
    return reports.none()


def get_report_for_user(user: User, pk: int) -> CongressReport:
    report = reports_visible_to(user).select_related("procuratorate", "author").filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


def can_write(user: User, report: CongressReport) -> bool:
    """Whether ``user`` works on ``report`` for its procuratorate (editing needs the report
    editable too; recording opinions needs it released)."""
    return (user.is_active and user.role in WRITER_ROLES
            and user.procuratorate_id == report.procuratorate_id)


def can_approve(user: User, report: CongressReport) -> bool:
    return (user.is_active and user.role == APPROVER_ROLE
            and user.procuratorate_id == report.procuratorate_id
            and user.pk != report.author_id)


def opinions_visible_to(user: User) -> QuerySet[DeliberationOpinion]:
    return DeliberationOpinion.objects.filter(report__in=reports_visible_to(user).values("pk"))


def get_opinion_for_user(user: User, pk: int, report: CongressReport | None = None
                         ) -> DeliberationOpinion:
    opinions = opinions_visible_to(user).select_related("report", "responsible")
    if report is not None:
        opinions = opinions.filter(report=report)
    opinion = opinions.filter(pk=pk).first()
    if opinion is None:
        raise Http404
    return opinion
