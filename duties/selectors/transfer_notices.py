"""Reads of the transfer notices flow (seed 003 §9): the intake queue and its counts, the
liaison's lists, who at the procuratorate handles 行刑衔接, and the figures of the statistics."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from cases.models import SupervisionCase
from supervision.choices import Role
from supervision.models import User

from ..models import TransferNotice, TransferNoticeStatus
from ..permissions.transfer_notices import liaison_notices, staff_notices

#: The intake queue's tabs: what waits for the procuratorate, what waits for the police, all.
PENDING, POLICE_OVERDUE, AWAITING_POLICE, ALL = "pending", "overdue", "awaiting", "all"


def waiting_q(today: datetime.date | None = None) -> Q:
    """Waiting for the procuratorate: not yet received (签收), or the police unit let its
    period pass without a decision and no supervision case is open yet (立案监督)."""
    return (Q(status=TransferNoticeStatus.FILED)
            | (TransferNotice.overdue_q(today) & ~Q(status=TransferNoticeStatus.CASE_OPENED)))


def staff_pending(user: User) -> QuerySet[TransferNotice]:
    """The registered Flow's ``staff_pending``: what waits for ``user``'s procuratorate."""
    return staff_notices(user).filter(waiting_q())


def agency_pending(user: User) -> QuerySet[TransferNotice]:
    """What waits for the liaison's agency: as the police unit, a decision to record."""
    if user.agency_id is None:
        return TransferNotice.objects.none()
    return liaison_notices(user).filter(police_agency_id=user.agency_id,
                                        police_decided_on__isnull=True)


def queue_rows(queryset: QuerySet[TransferNotice]) -> QuerySet[TransferNotice]:
    """A page of the intake queue: the names each row shows, newest first."""
    return queryset.select_related("agency", "police_agency", "case").order_by("-filed_at", "-pk")


def tab_filter(tab: str, today: datetime.date) -> Q:
    return {
        PENDING: waiting_q(today),
        POLICE_OVERDUE: TransferNotice.overdue_q(today),
        AWAITING_POLICE: TransferNotice.running_q(),
        ALL: Q(),
    }[tab]


def tab_counts(queryset: QuerySet[TransferNotice], today: datetime.date) -> dict[str, int]:
    """Each tab's count over the (filtered) queue, in one aggregate query."""
    return queryset.aggregate(**{tab: Count("pk", filter=tab_filter(tab, today))
                                 for tab in (PENDING, POLICE_OVERDUE, AWAITING_POLICE)},
                              **{ALL: Count("pk")})


def liaison_rows(user: User) -> QuerySet[TransferNotice]:
    """The liaison's list: filed by their agency or sent to it, newest first."""
    return (liaison_notices(user).select_related("agency", "police_agency", "procuratorate")
            .order_by("-filed_at", "-pk"))


def intake_staff(procuratorate_id: int) -> list[User]:
    """Who at the procuratorate hears of a transfer notice: the procurators and department
    heads of the departments that handle criminal supervision there (those with a criminal
    case — 行刑衔接 is criminal work), or, where none has one yet, of the whole procuratorate.
    Active accounts, with their notification preference; one query."""
    staff = User.objects.filter(procuratorate_id=procuratorate_id, is_active=True,
                                role__in=(Role.PROCURATOR, Role.APPROVER))
    criminal = SupervisionCase.objects.filter(procuratorate_id=procuratorate_id,
                                              kind__code="criminal",
                                              department_id=OuterRef("department_id"))
    has_criminal = SupervisionCase.objects.filter(procuratorate_id=procuratorate_id,
                                                  kind__code="criminal",
                                                  department__isnull=False)
    return list(staff.filter(Q(Exists(criminal)) | ~Q(Exists(has_criminal)))
                .select_related("notification_preference").order_by("pk"))


def police_decided_between(start: datetime.date, end: datetime.date) -> QuerySet[TransferNotice]:
    return TransferNotice.objects.filter(police_decided_on__gte=start, police_decided_on__lte=end)


def filed_between(start: datetime.date, end: datetime.date) -> QuerySet[TransferNotice]:
    """Notices filed in the period (Beijing dates, both included)."""
    tz = timezone.get_current_timezone()
    lower = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    upper = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return TransferNotice.objects.filter(filed_at__gte=lower, filed_at__lt=upper)
