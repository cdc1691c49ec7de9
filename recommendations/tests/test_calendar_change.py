"""Changing the legal calendar recomputes every affected open due date, and the preview the
administrator confirms is exactly what is saved."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from recommendations.choices import InternalDeadlineKind
from recommendations.models import InstrumentType, InternalDeadline, Recommendation
from recommendations.services import extensions
from recommendations.services.internal_deadlines import internal_deadline_open
from supervision.models import AuditEntry, CalendarDay, CalendarYear, Notification
from supervision.services.calendar_change import (
    CalendarChange,
    calendar_change_apply,
    format_days,
    parse_days,
    preview_calendar_change,
)

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
D = datetime.date

#: A made-up State Council notice for 2027 (the real one is not published yet).
NOTICE_2027 = """
2027-01-01 休 元旦
2027-02-05 休 春节
2027-02-08 休 春节
2027-02-09 休 春节
2027-02-10 休 春节
2027-02-11 休 春节
2027-02-12 休 春节
2027-02-14 班 春节调休上班
2027-02-20 班 春节调休上班
"""


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def open_2027(world):
    """Open deadlines ending in 2027, all provisional today."""
    retrial = InstrumentType.objects.get(code="retrial_recommendation")  # three months
    new_year = world.served(D(2026, 11, 1))                 # raw 2027-01-01 → 01-04
    plain = world.served(D(2026, 11, 5))                    # raw 2027-01-05, a Tuesday
    spring = world.served(D(2026, 11, 8), instrument_type=retrial)  # raw 2027-02-08 → 02-09
    in_2026 = world.served(D(2026, 10, 15))                 # due 2026-12-15: not concerned
    verify = internal_deadline_open(actor=None, recommendation=plain,
                                    kind=InternalDeadlineKind.VERIFICATION, start=D(2026, 11, 23))
    assert (new_year.due_date, plain.due_date, spring.due_date) == (
        D(2027, 1, 4), D(2027, 1, 5), D(2027, 2, 9))
    assert new_year.due_provisional and plain.due_provisional and spring.due_provisional
    assert verify.due_date == D(2027, 2, 23) and verify.due_provisional
    return {"new_year": new_year, "plain": plain, "spring": spring, "in_2026": in_2026,
            "verify": verify}


def change_2027() -> CalendarChange:
    return CalendarChange(year=2027, days=parse_days(NOTICE_2027, 2027), published=True,
                          source="国办发明电〔2026〕（测试）")


def test_publishing_a_year_recomputes_its_provisional_dates_as_previewed(world, open_2027):
    preview = preview_calendar_change(change_2027())
    assert not CalendarYear.objects.filter(year=2027).exists()  # a preview saves nothing
    moves = {(m.kind, m.recommendation_id): m for m in preview.moves}
    spring = moves[("reply", open_2027["spring"].pk)]
    # 8–12 February off, then Saturday 13th, and Sunday 14th is a working day: due that Sunday
    assert (spring.old_due, spring.new_due) == (D(2027, 2, 9), D(2027, 2, 14))
    assert spring.old_provisional and not spring.new_provisional
    new_year = moves[("reply", open_2027["new_year"].pk)]
    assert (new_year.old_due, new_year.new_due, new_year.new_provisional) == (
        D(2027, 1, 4), D(2027, 1, 4), False)  # same date, no longer provisional
    assert ("verification", open_2027["plain"].pk) in moves
    assert open_2027["in_2026"].pk not in {m.recommendation_id for m in preview.moves}

    calendar_change_apply(actor=world.sysadmin, change=change_2027(),
                          expected_fingerprint=preview.fingerprint)

    saved = {r.pk: r for r in Recommendation.objects.all()}
    for move in preview.moves:
        row = (saved[move.recommendation_id] if move.kind == "reply"
               else InternalDeadline.objects.get(pk=move.deadline_id))
        assert (row.due_date, row.due_provisional) == (move.new_due, move.new_provisional)
    assert saved[open_2027["in_2026"].pk].due_date == open_2027["in_2026"].due_date
    spring_rec = saved[open_2027["spring"].pk]
    assert "春节假期顺延至2027年2月14日" in spring_rec.due_explanation_text()
    assert "暂定" not in spring_rec.due_explanation_text()
    assert CalendarYear.objects.get(year=2027).source.startswith("国办发明电")
    assert CalendarDay.objects.filter(date__year=2027).count() == 9
    assert AuditEntry.objects.filter(action="calendar_year_set").exists()
    # the people concerned are told when a date moved (not when only the flag cleared)
    told = Notification.objects.filter(code="calendar.moved")
    assert {n.params["number"] for n in told} == {spring_rec.number}
    assert {n.recipient.username for n in told} == {"procurator", "court_liaison"}
    # and previewing the same change again finds nothing left to do
    assert preview_calendar_change(change_2027()).moves == []


def test_a_correction_in_a_published_year_moves_due_dates_off_the_new_holiday(world):
    rec = world.served(D(2026, 10, 31))  # due 2026-12-31, a Thursday
    assert rec.due_date == D(2026, 12, 31) and not rec.due_provisional
    days = {d: (w, n) for d, w, n in CalendarDay.objects.filter(date__year=2026)
            .values_list("date", "is_workday", "name")}
    days[D(2026, 12, 31)] = (False, "元旦")  # say the notice is corrected
    change = CalendarChange(year=2026, days=days, published=True)
    preview = preview_calendar_change(change)
    assert [(m.recommendation_id, m.new_due) for m in preview.moves] == [(rec.pk, D(2027, 1, 4))]
    assert preview.day_changes == [(D(2026, 12, 31), None, (False, "元旦"))]
    calendar_change_apply(actor=world.sysadmin, change=change)
    rec.refresh_from_db()
    # 4 January 2027 lies in the unpublished year: provisional again
    assert rec.due_date == D(2027, 1, 4) and rec.due_provisional


def test_apply_refuses_when_the_data_changed_after_the_preview(world, open_2027):
    preview = preview_calendar_change(change_2027())
    extensions.recommendation_extend(actor=world.procurator, recommendation=open_2027["plain"],
                                     days=3, reason="x")
    with pytest.raises(ValidationError):
        calendar_change_apply(actor=world.sysadmin, change=change_2027(),
                              expected_fingerprint=preview.fingerprint)
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert Recommendation.objects.get(pk=open_2027["spring"].pk).due_date == D(2027, 2, 9)


def test_only_the_system_administrator_changes_the_calendar(world, open_2027):
    with pytest.raises(PermissionDenied):
        calendar_change_apply(actor=world.supervisor, change=change_2027())


def test_extended_due_dates_are_shifted_again_from_their_raw_end(world, open_2027):
    rec = open_2027["in_2026"]  # due 2026-12-15
    extensions.recommendation_extend(actor=world.procurator, recommendation=rec,
                                     new_due=D(2027, 2, 11), reason="春节前")
    rec.refresh_from_db()
    assert rec.due_date == D(2027, 2, 11) and rec.due_provisional  # a Thursday, provisional
    calendar_change_apply(actor=world.sysadmin, change=change_2027())
    rec.refresh_from_db()
    assert rec.due_date == D(2027, 2, 14) and not rec.due_provisional


def test_parse_and_format_days_round_trip_and_errors():
    days = parse_days(NOTICE_2027, 2027)
    assert days[D(2027, 2, 14)] == (True, "春节调休上班") and len(days) == 9
    assert parse_days(format_days(days), 2027) == days
    with pytest.raises(ValidationError) as error:
        parse_days("2027-02-30 休 春节\n2026-01-01 休 元旦\n2027-03-01 放 x", 2027)
    assert len(error.value.messages) == 3


def test_the_administrators_page_previews_then_applies(world, open_2027):
    client = Client()
    client.force_login(world.sysadmin)
    url = reverse("ops-calendar")
    page = client.get(url, {"year": 2027}).content.decode()
    assert 'name="days"' in page
    form = {"year": "2027", "days": NOTICE_2027, "published": "on", "source": "测试"}
    page = client.post(url, {**form, "preview": "1"}).content.decode()
    assert page.count('data-testid="move-row"') == 4  # three replies and one verification
    assert "2027-02-14" in page
    fingerprint = preview_calendar_change(change_2027()).fingerprint
    assert fingerprint in page
    response = client.post(url, {**form, "fingerprint": fingerprint, "apply": "1"})
    assert response.status_code == 302
    assert Recommendation.objects.get(pk=open_2027["spring"].pk).due_date == D(2027, 2, 14)
    for persona in ("procurator", "supervisor", "court_liaison"):
        client.force_login(getattr(world, persona))
        assert client.get(url).status_code == 404


def test_the_command_previews_and_applies(world, open_2027, tmp_path):
    notice = tmp_path / "2027.txt"
    notice.write_text(NOTICE_2027, encoding="utf-8")
    out = StringIO()
    call_command("calendar_year", "2027", "--file", str(notice), stdout=out)
    assert "4 due date(s) move" in out.getvalue() and "preview only" in out.getvalue()
    assert not CalendarYear.objects.filter(year=2027).exists()
    call_command("calendar_year", "2027", "--file", str(notice), "--apply", "--actor", "sysadmin",
                 stdout=StringIO())
    assert CalendarYear.objects.filter(year=2027).exists()
