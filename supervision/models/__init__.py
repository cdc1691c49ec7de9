"""Shared core models, one module per concern; imported from here as ``supervision.models``."""

from .api_tokens import ApiToken, ApiTokenScope
from .audit import AuditArchive, AuditChainHead, AuditEntry
from .calendar import CalendarDay, CalendarYear, PeriodRule
from .notifications import CalendarFeed, EmailDelivery, Notification, NotificationPreference
from .org import Department, Procuratorate, User
from .selfcheck import SelfCheckReport
from .submissions import FormSubmission
from .taxonomy import Matter, SupervisionKind

__all__ = [
    "ApiToken",
    "ApiTokenScope",
    "AuditArchive",
    "AuditChainHead",
    "AuditEntry",
    "CalendarDay",
    "CalendarFeed",
    "CalendarYear",
    "Department",
    "EmailDelivery",
    "FormSubmission",
    "Matter",
    "Notification",
    "NotificationPreference",
    "PeriodRule",
    "Procuratorate",
    "SelfCheckReport",
    "SupervisionKind",
    "User",
]
