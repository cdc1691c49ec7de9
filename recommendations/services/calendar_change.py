"""Changing the legal calendar, and recomputing every open due date it affects.

When the State Council publishes a year's holiday notice (or corrects one), the system
administrator replaces that year's exceptions (``CalendarDay``) and marks the year published
(``CalendarYear``). Every open deadline — an instrument awaiting its reply, an open deadline of
the procuratorate — whose due date falls in that year or later is counted again on the new
calendar (:meth:`DueDate.recomputed`: the raw ends stay, the holiday shifts and the provisional
flags are redone), so provisional dates of a newly published year become final.

:func:`preview_calendar_change` says what would move *before* anything is saved;
:func:`calendar_change_apply` does the same computation inside the writing transaction (rows
locked) and refuses if the result differs from the preview the administrator confirmed
(``fingerprint``), so what was shown is what is saved.
"""

from __future__ import annotations

import datetime
import hashlib
import importlib
import json
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agencies.models import LiaisonMembership
from supervision.calendar import Exceptions, LegalCalendar
from supervision.choices import Role
from supervision.deadlines import DueDate
from supervision.models import CalendarDay, CalendarYear, User
from supervision.services.notifications import notify
from supervision.services.audit import audit_record

from recommendations.choices import InstrumentStatus
from recommendations.models import InternalDeadline, Recommendation
from recommendations.services.notices import link_for


@dataclass(frozen=True)
class CalendarChange:
    """A year's complete set of exceptions to the Monday–Friday week, as the notice gives it."""

    year: int
    days: Exceptions
    published: bool = True
    source: str = ""


@dataclass(frozen=True)
class Move:
    """One open deadline whose due date (or provisional flag) the change alters."""

    recommendation_id: int
    number: str
    agency: str
    kind: str  # "reply" or an InternalDeadlineKind
    deadline_id: int | None
    old_due: datetime.date
    new_due: datetime.date
    old_provisional: bool
    new_provisional: bool


@dataclass
class CalendarPreview:
    change: CalendarChange
    #: (date, old (is_workday, name) or None, new (is_workday, name) or None)
    day_changes: list[tuple[datetime.date, tuple | None, tuple | None]] = field(
        default_factory=list)
    was_published: bool = False
    moves: list[Move] = field(default_factory=list)
    #: Rows whose stored explanation changes (every move, and holiday renames that move nothing).
    updates: list[tuple[object, DueDate]] = field(default_factory=list, repr=False)

    @property
    def fingerprint(self) -> str:
        """A digest of what the change does (days and moves), compared at apply time."""
        data = {
            "year": self.change.year, "published": self.change.published,
            "days": [[d.isoformat(), old, new] for d, old, new in self.day_changes],
            "moves": [[m.kind, m.recommendation_id, m.deadline_id, m.old_due.isoformat(),
                       m.new_due.isoformat(), m.old_provisional, m.new_provisional]
                      for m in self.moves],
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:32]


def preview_calendar_change(change: CalendarChange, *, lock: bool = False) -> CalendarPreview:
    """What ``change`` would do: the days that differ and every open deadline that moves.
    Reads only (``lock`` takes row locks when called from the applying transaction)."""
    current = LegalCalendar.load()
    proposed = current.with_year(change.year, change.days, published=change.published)
    old_days = current.year_exceptions(change.year)
    new_days = {d: tuple(v) for d, v in sorted(change.days.items()) if d.year == change.year}
    preview = CalendarPreview(change=change, was_published=change.year in current.published_years)
    for day in sorted(set(old_days) | set(new_days)):
        old, new = old_days.get(day), new_days.get(day)
        if old != new:
            preview.day_changes.append((day, old, new))
    if not preview.day_changes and preview.was_published == change.published:
        return preview
    since = datetime.date(change.year, 1, 1)
    replies = Recommendation.objects.filter(status=InstrumentStatus.AWAITING_REPLY,
                                            due_date__gte=since).select_related("agency")
    internal = InternalDeadline.objects.filter(closed_at__isnull=True, due_date__gte=since
                                               ).select_related("recommendation__agency")
    if lock:
        replies = replies.select_for_update(of=("self",))
        internal = internal.select_for_update(of=("self",))
    for rec in replies.order_by("due_date", "pk"):
        _consider(preview, rec, rec, "reply", None, proposed)
    for deadline in internal.order_by("due_date", "pk"):
        _consider(preview, deadline, deadline.recommendation, deadline.kind, deadline.pk, proposed)
    return preview


def _consider(preview: CalendarPreview, row, rec: Recommendation, kind: str,
              deadline_id: int | None, calendar: LegalCalendar) -> None:
    if not row.due_explanation:
        return
    old = DueDate.from_dict(row.due_explanation)
    new = old.recomputed(calendar)
    if new.as_dict() == old.as_dict():
        return
    preview.updates.append((row, new))
    if (new.effective_due, new.effective_provisional) != (row.due_date, row.due_provisional):
        preview.moves.append(Move(
            recommendation_id=rec.pk, number=rec.number or "", agency=rec.agency.name, kind=kind,
            deadline_id=deadline_id, old_due=row.due_date, new_due=new.effective_due,
            old_provisional=row.due_provisional, new_provisional=new.effective_provisional))


@transaction.atomic
def calendar_change_apply(*, actor: User, change: CalendarChange,
                          expected_fingerprint: str | None = None) -> CalendarPreview:
    """Save ``change`` and recompute every affected open deadline, in one transaction. With
    ``expected_fingerprint`` (from the preview the administrator saw) it refuses when the
    outcome would differ — the data changed in between — so the preview is what is saved."""
    if actor.role != Role.SYSADMIN and not actor.is_superuser:
        raise PermissionDenied(_("只有系统管理员可以修改法定节假日安排。"))
    preview = preview_calendar_change(change, lock=True)
    if expected_fingerprint is not None and preview.fingerprint != expected_fingerprint:
        raise ValidationError(_("预览之后数据已发生变化，请重新预览后再保存。"))
    year = change.year
    CalendarDay.objects.filter(date__year=year).delete()
    CalendarDay.objects.bulk_create([
        CalendarDay(date=day, is_workday=workday, name=name[:40])
        for day, (workday, name) in sorted(change.days.items()) if day.year == year])
    if change.published:
        CalendarYear.objects.update_or_create(year=year, defaults={"source": change.source[:200]})
    else:
        CalendarYear.objects.filter(year=year).delete()
    _save_updates(preview)
    audit_record(actor=actor, action="calendar_year_set", target=CalendarYear(pk=year, year=year),
                 published=change.published, days=len(preview.day_changes),
                 moved=len(preview.moves), fingerprint=preview.fingerprint)
    _tell_moves(preview)
    return preview


def _save_updates(preview: CalendarPreview) -> None:
    replies, internal = [], []
    for row, due in preview.updates:
        row.due_date, row.due_provisional = due.effective_due, due.effective_provisional
        row.due_explanation = due.as_dict()
        (internal if isinstance(row, InternalDeadline) else replies).append(row)
    fields = ["due_date", "due_provisional", "due_explanation"]
    Recommendation.objects.bulk_update(replies, fields, batch_size=500)
    InternalDeadline.objects.bulk_update(internal, fields, batch_size=500)


def _tell_moves(preview: CalendarPreview) -> None:
    """Tell the people concerned that a due date moved: the handling procurator, and for a
    reply deadline the agency's liaisons (in-app, and e-mail for those who want it)."""
    moved = [m for m in preview.moves if m.old_due != m.new_due]
    if not moved:
        return
    recs = {r.pk: r for r in Recommendation.objects.filter(
        pk__in={m.recommendation_id for m in moved}).select_related(
        "case__handler__notification_preference", "agency")}
    liaisons: dict[int, list[User]] = {}
    for membership in (LiaisonMembership.objects.filter(
            agency_id__in={r.agency_id for r in recs.values()}, is_active=True,
            user__is_active=True, user__role=Role.LIAISON)
            .select_related("user__notification_preference").order_by("user_id")):
        liaisons.setdefault(membership.agency_id, []).append(membership.user)
    for move in moved:
        rec = recs[move.recommendation_id]
        people = [rec.case.handler] + (liaisons.get(rec.agency_id, []) if move.kind == "reply"
                                       else [])
        links = {u.pk: link_for(rec, u) for u in people}
        notify(people, "calendar.moved", {"number": move.number, "old": move.old_due.isoformat(),
                                          "new": move.new_due.isoformat()}, link=links)


def parse_days(text: str, year: int) -> dict[datetime.date, tuple[bool, str]]:
    """Read the administrator's lines ``YYYY-MM-DD 休|班 [名称]`` (休: a holiday or rest day;
    班: a working day, e.g. 调休上班) into exceptions of ``year``; ValidationError names the
    bad lines."""
    days: dict[datetime.date, tuple[bool, str]] = {}
    errors = []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = line.split(maxsplit=2)
        if not parts or parts[0].startswith("#"):
            continue
        try:
            day = datetime.date.fromisoformat(parts[0])
            flag = parts[1] if len(parts) > 1 else ""
            if flag not in {"休", "班", "off", "work"} or day.year != year or day in days:
                raise ValueError
        except ValueError:
            errors.append(_("第 %(n)s 行“%(line)s”无效：应为“%(year)s 年内的日期 休|班 名称”，且日期不重复。")
                          % {"n": number, "line": line.strip()[:40], "year": year})
            continue
        days[day] = (flag in {"班", "work"}, parts[2].strip()[:40] if len(parts) > 2 else "")
    if errors:
        raise ValidationError(errors)
    return days


def format_days(days: Exceptions) -> str:
    """The inverse of :func:`parse_days`, for the form."""
    return "\n".join(f"{d.isoformat()} {'班' if workday else '休'} {name}".rstrip()
                     for d, (workday, name) in sorted(days.items()))


def package_days(year: int) -> dict[datetime.date, tuple[bool, str]] | None:
    """The exceptions of ``year`` from the installed ``chinesecalendar`` package (the same
    reading as migration 0003), or None when the package does not cover the year yet."""
    import chinese_calendar

    loader = importlib.import_module("supervision.migrations.0003_legal_calendar")
    try:
        chinese_calendar.is_workday(datetime.date(year, 1, 1))
    except NotImplementedError:
        return None
    days = {}
    day = datetime.date(year, 1, 1)
    while day.year == year:
        workday = chinese_calendar.is_workday(day)
        if workday != (day.weekday() < 5):
            name = loader.name_zh(chinese_calendar.get_holiday_detail(day)[1])
            days[day] = (workday, (f"{name}调休上班" if name else "调休上班") if workday else name)
        day += datetime.timedelta(days=1)
    return days
