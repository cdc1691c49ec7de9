"""Changing the legal calendar, and recomputing every open due date it affects.

When the State Council publishes a year's holiday notice (or corrects one), the system
administrator replaces that year's exceptions (``CalendarDay``) and marks the year published
(``CalendarYear``). Every running deadline of every model with one (:func:`deadline_models`:
an instrument awaiting its reply, an open deadline of the procuratorate, a clue transfer
waiting for feedback …) whose due date falls in that year or later is counted again on the new
calendar (:meth:`DueDate.recomputed`: the raw ends stay, the holiday shifts and the provisional
flags are redone), so provisional dates of a newly published year become final.

The core knows no app: each model names its rows in the preview
(:meth:`Deadline.deadline_preview_label`) and says who is told when a due date moves
(:meth:`Deadline.deadline_moved_notices`).

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
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from supervision.calendar import Exceptions, LegalCalendar
from supervision.choices import Role
from supervision.deadlines import DueDate
from supervision.models import CalendarDay, CalendarYear, User
from supervision.models.deadline import Deadline, deadline_models
from supervision.services.audit import audit_record
from supervision.services.notifications import notify


@dataclass(frozen=True)
class CalendarChange:
    """A year's complete set of exceptions to the Monday–Friday week, as the notice gives it."""

    year: int
    days: Exceptions
    published: bool = True
    source: str = ""


@dataclass(frozen=True)
class Move:
    """One running deadline whose due date (or provisional flag) the change alters.

    ``model`` (``app_label.model_name``) and ``pk`` name the row; ``number``, ``party``,
    ``kind`` and ``kind_label`` are what its model says of it in the preview; the owning
    app's own ids (``refs``: e.g. ``recommendation_id``) read as attributes too.
    """

    model: str
    pk: int
    number: str
    party: str
    kind: str
    kind_label: Any
    old_due: datetime.date
    new_due: datetime.date
    old_provisional: bool
    new_provisional: bool
    refs: tuple[tuple[str, int | None], ...] = ()

    def __getattr__(self, name: str) -> Any:
        for key, value in self.__dict__.get("refs", ()):
            if key == name:
                return value
        raise AttributeError(f"{type(self).__name__} of {self.__dict__.get('model')} has no {name!r}")


@dataclass
class CalendarPreview:
    change: CalendarChange
    #: (date, old (is_workday, name) or None, new (is_workday, name) or None)
    day_changes: list[tuple[datetime.date, tuple | None, tuple | None]] = field(
        default_factory=list)
    was_published: bool = False
    moves: list[Move] = field(default_factory=list)
    #: Rows whose stored explanation changes (every move, and holiday renames that move nothing).
    updates: list[tuple[Deadline, DueDate]] = field(default_factory=list, repr=False)

    @property
    def fingerprint(self) -> str:
        """A digest of what the change does (days and moves), compared at apply time."""
        data = {
            "year": self.change.year, "published": self.change.published,
            "days": [[d.isoformat(), old, new] for d, old, new in self.day_changes],
            "moves": [[m.model, m.pk, m.kind, m.old_due.isoformat(), m.new_due.isoformat(),
                       m.old_provisional, m.new_provisional] for m in self.moves],
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:32]


def preview_calendar_change(change: CalendarChange, *, lock: bool = False) -> CalendarPreview:
    """What ``change`` would do: the days that differ and every running deadline that moves.
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
    for model in deadline_models():
        rows = model.objects.due_from(since).select_related(*model.DEADLINE_PREVIEW_RELATED)
        if lock:
            rows = rows.select_for_update(of=("self",))
        for row in rows.order_by("due_date", "pk"):
            _consider(preview, row, proposed)
    return preview


def _consider(preview: CalendarPreview, row: Deadline, calendar: LegalCalendar) -> None:
    if not row.due_explanation:
        return
    old = DueDate.from_dict(row.due_explanation)
    new = old.recomputed(calendar)
    if new.as_dict() == old.as_dict():
        return
    preview.updates.append((row, new))
    if (new.effective_due, new.effective_provisional) != (row.due_date, row.due_provisional):
        label = row.deadline_preview_label()
        preview.moves.append(Move(
            model=row._meta.label_lower, pk=row.pk, number=label.number, party=label.party,
            kind=label.kind, kind_label=label.kind_label, refs=label.refs,
            old_due=row.due_date, new_due=new.effective_due,
            old_provisional=row.due_provisional, new_provisional=new.effective_provisional))


@transaction.atomic
def calendar_change_apply(*, actor: User, change: CalendarChange,
                          expected_fingerprint: str | None = None) -> CalendarPreview:
    """Save ``change`` and recompute every affected running deadline, in one transaction. With
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
    by_model: dict[type[Deadline], list[Deadline]] = {}
    now = timezone.now()
    for row, due in preview.updates:
        row.due_date, row.due_provisional = due.effective_due, due.effective_provisional
        row.due_explanation = due.as_dict()
        row.clock_changed_at = now  # the sweep looks at the moved rows again
        by_model.setdefault(type(row), []).append(row)
    for model, rows in by_model.items():
        model.objects.bulk_update(
            rows, ["due_date", "due_provisional", "due_explanation", "clock_changed_at"],
            batch_size=500)
        model.deadline_rows_rewritten(rows)


def _tell_moves(preview: CalendarPreview) -> None:
    """Tell the people concerned that a due date moved (not when only the provisional flag
    changed); each model says who they are (:meth:`Deadline.deadline_moved_notices`)."""
    moved: dict[str, list[Move]] = {}
    for move in preview.moves:
        if move.old_due != move.new_due:
            moved.setdefault(move.model, []).append(move)
    for model in deadline_models():
        if model._meta.label_lower in moved:
            for notice in model.deadline_moved_notices(moved[model._meta.label_lower]):
                notify(notice.recipients, notice.code, notice.params, link=notice.link)


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
