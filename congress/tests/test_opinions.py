"""The people's congress's deliberation opinions: the written reply the procuratorate owes is a
deadline like any other — computed and explained by the engine, swept once per event, stopped
by the reply, moved by a calendar change, refused on bad input."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from congress import selfcheck  # noqa: F401  (registers the check)
from congress.models import CongressReport, DeliberationOpinion, ReportKind, ReportStatus
from congress.permissions import get_opinion_for_user, get_report_for_user, reports_visible_to
from congress.services.opinions import opinion_record, opinion_record_reply
from supervision.choices import Role
from supervision.models import AuditEntry, User
from supervision.services.selfcheck import CHECKS

TZ = datetime.timezone(datetime.timedelta(hours=8))
D = datetime.date
RELEASED_ON = D(2026, 3, 10)


def at(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9), TZ), tick=False)


@pytest.fixture
def chief(world) -> User:
    return User.objects.create_user(username="chief", password="x", role=Role.CHIEF,
                                    procuratorate=world.dinghai, display_name="检察长")


def released_report(world, *, released_on: datetime.date | None = RELEASED_ON, **kwargs) -> CongressReport:
    """A report as the report services leave it once released (tested in test_reports)."""
    return CongressReport.objects.create(
        procuratorate=kwargs.pop("procuratorate", world.dinghai), kind=ReportKind.ANNUAL,
        title="2025年度法律监督工作报告", period_start=D(2025, 1, 1), period_end=D(2025, 12, 31),
        status=kwargs.pop("status", ReportStatus.RELEASED), author=world.procurator,
        released_on=released_on, **kwargs)


def record(world, report, on: D, **kwargs) -> DeliberationOpinion:
    with at(on):
        return opinion_record(actor=kwargs.pop("actor", world.procurator), report=report,
                              received_on=on, content="加强行政检察监督，提高检察建议回复率。",
                              responsible=kwargs.pop("responsible", world.procurator),
                              letter_number="定人大常办〔2026〕12号", **kwargs)


def test_the_reply_is_due_two_months_after_receipt_and_explains_itself(world):
    opinion = record(world, released_report(world), D(2026, 3, 31))
    # 31 March + two months → 31 May 2026 (a Sunday) → the next working day, 1 June.
    assert opinion.due_date == D(2026, 6, 1)
    assert opinion.procuratorate == world.dinghai
    text = opinion.due_explanation_text()
    assert "2026年3月31日" in text and "两个月" in text
    assert "舟山市定海区人民代表大会常务委员会关于加强新时代检察机关法律监督工作的决定" in text
    assert "default" not in text and "seed" not in text
    entry = AuditEntry.objects.get(action="congress_opinion_record")
    assert entry.target_id == str(opinion.pk)


def test_a_period_stated_in_the_letter_wins_and_says_so(world):
    opinion = record(world, released_report(world), D(2026, 4, 1), stated_amount=30,
                     stated_unit="days")
    assert opinion.due_date == D(2026, 5, 6)  # 1 May falls in the Labour Day holiday → 6 May
    assert "人大常委会交办函载明的期限" in opinion.due_explanation_text()


@pytest.mark.parametrize(("amount", "unit"), [(0, "days"), (400, "days"), (13, "months"),
                                              (5, "weeks")])
def test_an_impossible_stated_period_is_refused(world, amount, unit):
    report = released_report(world)
    with pytest.raises(ValidationError) as error:
        record(world, report, D(2026, 4, 1), stated_amount=amount, stated_unit=unit)
    assert "stated_amount" in error.value.message_dict
    assert not DeliberationOpinion.objects.exists()


def test_opinions_wait_for_a_released_report_and_the_own_procuratorate(world):
    draft = released_report(world, status=ReportStatus.APPROVED, released_on=None)
    with pytest.raises(ValidationError):
        record(world, draft, D(2026, 4, 1))
    report = released_report(world)
    with pytest.raises(PermissionDenied):
        record(world, report, D(2026, 4, 1), actor=world.pt_procurator)
    with pytest.raises(PermissionDenied):
        record(world, report, D(2026, 4, 1), actor=world.assistant)
    with pytest.raises(ValidationError) as error:
        record(world, report, D(2026, 4, 1), responsible=world.pt_procurator)
    assert "responsible" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        record(world, report, D(2026, 3, 1))  # before the report was released
    assert "received_on" in error.value.message_dict
    assert not DeliberationOpinion.objects.exists()


def test_the_reply_stops_the_clock_and_is_checked(world):
    opinion = record(world, released_report(world), D(2026, 3, 31))
    with at(D(2026, 5, 20)):
        with pytest.raises(ValidationError):
            opinion_record_reply(actor=world.procurator, opinion=opinion,
                                 replied_on=D(2026, 3, 1), summary="已落实。")
        with pytest.raises(ValidationError):
            opinion_record_reply(actor=world.procurator, opinion=opinion,
                                 replied_on=D(2026, 5, 20), summary="  ")
        with pytest.raises(PermissionDenied):
            opinion_record_reply(actor=world.pt_procurator, opinion=opinion,
                                 replied_on=D(2026, 5, 20), summary="已落实。")
        opinion = opinion_record_reply(actor=world.procurator, opinion=opinion,
                                       replied_on=D(2026, 5, 20), summary="已开展专项检查。",
                                       reply_number="定检〔2026〕3号")
        with pytest.raises(ValidationError):
            opinion_record_reply(actor=world.procurator, opinion=opinion,
                                 replied_on=D(2026, 5, 20), summary="再次回复。")
    assert not opinion.is_running()
    assert not DeliberationOpinion.objects.running().exists()
    entry = AuditEntry.objects.get(action="congress_opinion_reply")
    assert entry.data["replied_on"] == "2026-05-20" and entry.data["late"] == "False"


def test_the_due_date_self_check_watches_opinions(world):
    opinion = record(world, released_report(world), D(2026, 3, 31))
    check = CHECKS["opinion_due_inconsistent"]
    assert check.run(D(2026, 4, 1)) == []
    DeliberationOpinion.objects.filter(pk=opinion.pk).update(due_date=D(2026, 6, 5))
    assert check.run(D(2026, 4, 1)) == [opinion.pk]


def test_who_reads_reports_and_opinions(world, chief):
    released = released_report(world)
    opinion = record(world, released, D(2026, 4, 1))
    draft = released_report(world, status=ReportStatus.DRAFT, released_on=None)
    putuo = released_report(world, procuratorate=world.putuo)
    assert set(reports_visible_to(world.procurator)) == {released, draft}
    assert set(reports_visible_to(world.assistant)) == {released, draft}
    assert set(reports_visible_to(world.observer)) == {released}      # never a draft
    assert set(reports_visible_to(world.supervisor)) == {released, putuo}  # finished, below
    for outsider in (world.court_liaison, world.sysadmin, world.pt_procurator):
        with pytest.raises(Http404):
            get_report_for_user(outsider, released.pk)
    with pytest.raises(Http404):
        get_report_for_user(world.observer, draft.pk)
    assert get_opinion_for_user(world.observer, opinion.pk) == opinion
    with pytest.raises(Http404):
        get_opinion_for_user(world.pt_procurator, opinion.pk)
    with pytest.raises(Http404):
        get_opinion_for_user(world.procurator, opinion.pk, report=draft)
