"""What ``seed_demo`` prints: the demo logins and what the database holds now."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import override

from cases.models import SupervisionCase
from demo.scenarios import ACCOUNTS, PASSWORD
from recommendations.choices import InstrumentStatus
from recommendations.models import Recommendation
from supervision.choices import Role
from supervision.models import Notification, SupervisionKind, User


@dataclass(frozen=True)
class DemoLogin:
    username: str
    display_name: str
    role: str
    role_label: str
    unit: str


@dataclass
class DemoSummary:
    created: bool
    today: datetime.date
    password: str = PASSWORD
    logins: list[DemoLogin] = field(default_factory=list)
    cases: int = 0
    cases_by_kind: dict[str, int] = field(default_factory=dict)
    instruments_by_status: dict[str, int] = field(default_factory=dict)
    due_today: int = 0
    due_within_7_days: int = 0
    overdue: int = 0
    notifications: int = 0
    seconds: float = 0.0


def build_summary(*, created: bool, today: datetime.date, seconds: float = 0.0) -> DemoSummary:
    """What the database holds now: logins of the demo accounts, cases, instruments."""
    summary = DemoSummary(created=created, today=today, seconds=seconds)
    users = {u.username: u for u in User.objects.filter(username__in=[a.username for a in ACCOUNTS])
             .select_related("procuratorate", "department", "agency")}
    with override("zh-hans"):
        for account in ACCOUNTS:
            user = users.get(account.username)
            if user is not None:
                summary.logins.append(DemoLogin(user.username, user.display_name, user.role,
                                                str(Role(user.role).label), unit_of(user)))
        kinds = {k.pk: k.name for k in SupervisionKind.objects.all()}
    counts = Counter(SupervisionCase.objects.values_list("kind_id", flat=True))
    summary.cases = sum(counts.values())
    summary.cases_by_kind = {name: counts.get(pk, 0) for pk, name in kinds.items()}
    by_status = Counter(Recommendation.objects.values_list("status", flat=True))
    summary.instruments_by_status = {s.value: by_status.get(s.value, 0) for s in InstrumentStatus}
    awaiting = Recommendation.objects.running().filter(due_date__isnull=False)
    summary.due_today = awaiting.filter(due_date=today).count()
    summary.due_within_7_days = awaiting.filter(
        due_date__gt=today, due_date__lte=today + datetime.timedelta(days=7)).count()
    summary.overdue = awaiting.filter(due_date__lt=today).count()
    summary.notifications = Notification.objects.count()
    return summary


def unit_of(user: User) -> str:
    """The unit shown next to a login: agency for liaisons, else procuratorate and department."""
    if user.agency_id:
        return user.agency.name
    if user.procuratorate_id:
        unit = user.procuratorate.name
        return f"{unit} {user.department.name}" if user.department_id else unit
    return "—"
