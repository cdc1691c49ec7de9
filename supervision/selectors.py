"""Reads the core's own pages need: a user's notifications, the legal calendar's years on
file, the self-check reports."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from supervision.calendar import LegalCalendar
from supervision.models import CalendarYear, Notification, SelfCheckReport, User

#: The notifications page lists a user's newest notifications, at most this many.
#: The calendar page offers the most recent years on file, at most this many.
CALENDAR_YEARS_SHOWN = 6
#: The self-check page lists the newest reports, at most this many.
SELFCHECK_REPORTS_SHOWN = 30


def active_user_named(username: str) -> User | None:
    """The active account whose login name is ``username``, or None."""
    return User.objects.filter(username=username, is_active=True).first()


def notifications_of(user: User) -> QuerySet[Notification]:
    """``user``'s notifications, for the page's keyset pagination (newest first by id:
    ``notification_recipient_pk_idx``)."""
    return user.notifications.all()


@dataclass(frozen=True)
class CalendarYearOnFile:
    """What is stored for one year of the legal calendar."""

    #: The year's exceptions (date → (is_workday, name)); empty when none is entered.
    days: dict[datetime.date, tuple[bool, str]]
    #: The year's published State Council notice, or None when it is not marked published.
    published: CalendarYear | None


def calendar_year_on_file(year: int) -> CalendarYearOnFile:
    """The stored exceptions of ``year`` and its published-notice row, for the calendar form."""
    today = timezone.localdate()
    days = LegalCalendar.load(today, today).year_exceptions(year)
    return CalendarYearOnFile(days=days,
                              published=CalendarYear.objects.filter(year=year).first())


def calendar_years_recent() -> list[int]:
    """The latest years whose notice is on file, newest first (at most
    ``CALENDAR_YEARS_SHOWN``)."""
    return list(CalendarYear.objects.order_by("-year")
                .values_list("year", flat=True)[:CALENDAR_YEARS_SHOWN])


def selfcheck_reports_recent() -> list[SelfCheckReport]:
    """The newest self-check reports (the model's order) with who triggered each, at most
    ``SELFCHECK_REPORTS_SHOWN``."""
    return list(SelfCheckReport.objects.select_related("triggered_by")[:SELFCHECK_REPORTS_SHOWN])


# --- Two-factor and the login lockout (issue 15) ------------------------------------------
#: The security page lists at most this many accounts for a search.
SECURITY_ACCOUNTS_SHOWN = 50


def recovery_codes_left(user: User) -> int:
    """How many of ``user``'s recovery codes are still unused."""
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def lockouts_active() -> list[AccessAttempt]:
    """The login lockouts in force (django-axes): a username from one address with
    ``AXES_FAILURE_LIMIT`` failures inside the cool-off, newest first."""
    since = timezone.now() - get_cool_off()
    return list(AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
                                             attempt_time__gte=since)
                .order_by("-attempt_time", "-pk"))


def accounts_for_security(query: str) -> list[User]:
    """Accounts whose login name or name contains ``query`` (all when empty), in login-name
    order, each with ``enrolled`` (a confirmed authenticator) — at most
    ``SECURITY_ACCOUNTS_SHOWN``."""
    accounts = User.objects.annotate(enrolled=Exists(
        TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)))
    # django-guardian's row for anonymous visitors is no one's account.
    accounts = accounts.exclude(username=getattr(settings, "ANONYMOUS_USER_NAME", "AnonymousUser"))
    if query:
        accounts = accounts.filter(Q(username__icontains=query) | Q(display_name__icontains=query))
    return list(accounts.order_by("username")[:SECURITY_ACCOUNTS_SHOWN])
