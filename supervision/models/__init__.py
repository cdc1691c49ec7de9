"""Shared core models, one module per concern; imported from here as ``supervision.models``."""

from .audit import AuditEntry
from .calendar import CalendarDay, CalendarYear, PeriodRule
from .notifications import CalendarFeed, EmailDelivery, Notification, NotificationPreference
from .org import Department, Procuratorate, User
from .selfcheck import SelfCheckReport
from .taxonomy import Matter, SupervisionKind

__all__ = [
    "Procuratorate",
    "Department",
    "User",
    "SupervisionKind",
    "Matter",
    "PeriodRule",
    "CalendarDay",
    "CalendarYear",
    "AuditEntry",
    "Notification",
    "NotificationPreference",
    "EmailDelivery",
    "CalendarFeed",
    "SelfCheckReport",
]
