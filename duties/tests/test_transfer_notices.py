"""Transfer notices (seed 003 §9: "行政执法机关向公安机关移送涉嫌犯罪案件的，应当通知同级检察机关"):
the organ files, the procuratorate receives and opens a supervision case in one step, the police
unit decides within its own period (three days, 《行政执法机关移送涉嫌犯罪案件的规定》第八条),
the sweep tells the procuratorate when it does not, and the organ sees the outcome."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cases.choices import ClueSource, RelatedNumberKind
from cases.selectors import case_timeline
from duties.models import TransferNotice, TransferNoticeStatus
from duties.registry import flows
from duties.services import transfer_notices as services
from recommendations.services import sweep
from supervision.models import AuditEntry, Notification
from supervision.statemachine import TransitionNotAllowed

from .transfer_notice_helpers import file_notice, market_liaison, other_organ_liaison, pdf

D = datetime.date
TZ = datetime.timezone(datetime.timedelta(hours=8))


def at(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9), TZ), tick=False)


def told(code: str) -> set[str]:
    return set(Notification.objects.filter(code=code).values_list("recipient__username", flat=True))


def test_filing_goes_to_the_supervising_procuratorate_with_the_police_period(world):
    with at(D(2026, 11, 16)):  # a Monday
        notice = file_notice(world, transferred_on=D(2026, 11, 16))
    assert notice.procuratorate == world.dinghai
    assert notice.status == TransferNoticeStatus.FILED
    assert notice.police_unit == world.police.name
    # Accepted on Monday 16th: three days counted from the 17th end on Thursday the 19th.
    assert notice.due_date == D(2026, 11, 19)
    assert "《行政执法机关移送涉嫌犯罪案件的规定》第八条" in notice.due_explanation_text()
    assert not notice.due_basis_verified  # staff are shown "期限依据待核实"
    assert notice.files.get().extension == "pdf"
    # The criminal staff of 定检 hear of it; the police unit is asked.
    assert told("transfer_notice.filed") == {"procurator", "approver"}
    assert told("transfer_notice.asked") == {"police_liaison"}
    assert AuditEntry.objects.filter(action="transfer_notice_file").count() == 1


def test_the_police_period_ending_in_a_holiday_moves_to_the_next_working_day(world):
    """Accepted on 29 September 2026: three days end on 2 October, in the National Day holiday
    (1–7 October, State Council notice loaded by the calendar migration): due 8 October."""
    with at(D(2026, 9, 29)):
        notice = file_notice(world, transferred_on=D(2026, 9, 29))
    assert notice.due_date == D(2026, 10, 8)
    text = notice.due_explanation_text()
    assert "2026年10月2日" in text and "国庆节" in text and "2026年10月8日" in text


def test_a_period_ending_on_a_weekend_day_made_a_working_day_does_not_move(world):
    """The calendar's exceptions are rows (CalendarDay): a Saturday made a working day (调休)
    ends the period on that Saturday."""
    from supervision.models import CalendarDay

    CalendarDay.objects.update_or_create(date=D(2026, 11, 21), defaults={"is_workday": True,
                                                                          "name": "调休上班"})
    with at(D(2026, 11, 18)):
        notice = file_notice(world, transferred_on=D(2026, 11, 18))
    assert notice.due_date == D(2026, 11, 21)


def test_only_an_administrative_organs_liaison_files(world):
    with at(D(2026, 11, 16)), pytest.raises(PermissionDenied):
        file_notice(world, actor=world.court_liaison, transferred_on=D(2026, 11, 16))
    with at(D(2026, 11, 16)), pytest.raises(PermissionDenied):
        file_notice(world, actor=world.procurator, transferred_on=D(2026, 11, 16))


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"files": []}, "files"),
    ({"files": [SimpleUploadedFile("移送书.pdf", b"MZ\x90\x00 not a pdf")]}, "files"),
    ({"case_name": "  "}, "case_name"),
    ({"police": False, "police_unit": ""}, "police_unit"),
    ({"police_received_on": D(2026, 11, 10)}, "police_received_on"),
    ({"transferred_on": D(2026, 11, 20)}, "transferred_on"),
])
def test_bad_input_is_refused_with_a_message_on_its_field(world, kwargs, field):
    kwargs.setdefault("transferred_on", D(2026, 11, 12))
    with at(D(2026, 11, 16)), pytest.raises(ValidationError) as exc:
        file_notice(world, **kwargs)
    assert field in exc.value.message_dict
    assert not TransferNotice.objects.exists()


def test_the_police_must_be_a_police_agency_and_a_letter_is_filed_once(world):
    with at(D(2026, 11, 16)):
        with pytest.raises(ValidationError) as exc:
            file_notice(world, transferred_on=D(2026, 11, 16), police=world.court)
        assert "police_agency" in exc.value.message_dict
        file_notice(world, transferred_on=D(2026, 11, 16))
        with pytest.raises(ValidationError) as exc:
            file_notice(world, transferred_on=D(2026, 11, 16))
        assert "letter_number" in exc.value.message_dict


def test_a_police_unit_outside_the_directory_is_named_and_staff_record_its_decision(world):
    with at(D(2026, 11, 16)):
        notice = file_notice(world, transferred_on=D(2026, 11, 16), police=False,
                             police_unit="舟山市公安局沈家门分局")
        assert notice.police_agency is None and notice.police_unit == "舟山市公安局沈家门分局"
        assert told("transfer_notice.asked") == set()
        with pytest.raises(PermissionDenied):
            services.transfer_notice_police_decide(actor=world.police_liaison, notice=notice,
                                                   decision="filed", decided_on=D(2026, 11, 16))
        services.transfer_notice_police_decide(actor=world.procurator, notice=notice,
                                               decision="filed", decided_on=D(2026, 11, 16),
                                               document_number="沈公立字〔2026〕5号")
    notice.refresh_from_db()
    assert notice.police_decision == "filed" and not notice.is_running()


def test_receiving_is_for_the_addressed_procuratorates_staff_and_tells_the_organ(world):
    liaison = market_liaison(world)
    with at(D(2026, 11, 16)):
        notice = file_notice(world, transferred_on=D(2026, 11, 16))
        for outsider in (world.pt_procurator, world.supervisor, world.assistant, world.police_liaison):
            with pytest.raises(PermissionDenied):
                services.transfer_notice_receive(actor=outsider, notice=notice)
        notice = services.transfer_notice_receive(actor=world.procurator, notice=notice)
        with pytest.raises(TransitionNotAllowed):
            services.transfer_notice_receive(actor=world.approver, notice=notice)
    assert notice.status == TransferNoticeStatus.RECEIVED and notice.received_by == world.procurator
    assert told("transfer_notice.received") == {liaison.username}


def test_the_police_decision_stops_the_clock_once_and_needs_a_reason_to_refuse(world):
    liaison = market_liaison(world)
    with at(D(2026, 11, 16)):
        notice = file_notice(world, transferred_on=D(2026, 11, 16))
        services.transfer_notice_receive(actor=world.procurator, notice=notice)
    with at(D(2026, 11, 23)):
        with pytest.raises(PermissionDenied):
            services.transfer_notice_police_decide(actor=world.court_liaison, notice=notice,
                                                   decision="filed", decided_on=D(2026, 11, 23))
        with pytest.raises(ValidationError) as exc:
            services.transfer_notice_police_decide(actor=world.police_liaison, notice=notice,
                                                   decision="not_filed", decided_on=D(2026, 11, 23))
        assert "reason" in exc.value.message_dict
        with pytest.raises(ValidationError) as exc:
            services.transfer_notice_police_decide(actor=world.police_liaison, notice=notice,
                                                   decision="filed", decided_on=D(2026, 11, 13))
        assert "decided_on" in exc.value.message_dict
        notice = services.transfer_notice_police_decide(
            actor=world.police_liaison, notice=notice, decision="not_filed",
            decided_on=D(2026, 11, 23), reason="犯罪事实显著轻微，不需要追究刑事责任。",
            files=[pdf("不予立案通知书.pdf")])
        with pytest.raises(ValidationError):
            services.transfer_notice_police_decide(actor=world.police_liaison, notice=notice,
                                                   decision="filed", decided_on=D(2026, 11, 23))
    assert notice.decided_late()  # due 19 November
    assert not notice.is_running()
    assert told("transfer_notice.police_decided") == {liaison.username}
    assert told("transfer_notice.police_decided.staff") == {"procurator"}
    entry = AuditEntry.objects.get(action="transfer_notice_police_decide")
    assert entry.data["late"] in (True, "True")
    assert notice.files.filter(part="decision").count() == 1


def test_opening_a_case_in_one_step_registers_it_from_the_notice(world):
    liaison = market_liaison(world)
    with at(D(2026, 11, 16)):
        notice = file_notice(world, transferred_on=D(2026, 11, 16))
    with at(D(2026, 11, 20)):
        with pytest.raises(PermissionDenied):
            services.transfer_notice_open_case(actor=world.assistant, notice=notice)
        case = services.transfer_notice_open_case(actor=world.procurator, notice=notice)
        with pytest.raises(TransitionNotAllowed):
            services.transfer_notice_open_case(actor=world.procurator, notice=notice)
    notice.refresh_from_db()
    assert notice.status == TransferNoticeStatus.CASE_OPENED and notice.case == case
    assert notice.received_by == world.procurator  # opening receives it too
    assert case.matter.name == "有案不立" and case.matter.parent.name == "立案监督"
    assert case.agency == world.police and case.clue_source == ClueSource.TRANSFERRED
    assert case.parties.get().name == "舟山某贸易有限公司"
    assert case.related_numbers.get().kind == RelatedNumberKind.ADMINISTRATIVE
    assert case.attachments.get().original_name == "移送书.pdf"  # the letter is in the case file
    assert "舟定市监移〔2026〕1号" in case.summary
    assert told("transfer_notice.case_opened") == {liaison.username}
    timeline = case_timeline(case)
    assert any("移送涉嫌犯罪案件通知" in str(item["what"]) for item in timeline)


def test_opening_with_a_matter_outside_case_filing_supervision_is_refused(world):
    with at(D(2026, 11, 16)):
        notice = file_notice(world, transferred_on=D(2026, 11, 16))
        other = world.matter.__class__.objects.filter(kind__code="civil", children__isnull=True).first()
        with pytest.raises(ValidationError) as exc:
            services.transfer_notice_open_case(actor=world.procurator, notice=notice, matter=other)
        assert "matter" in exc.value.message_dict
        with pytest.raises(ValidationError) as exc:
            services.transfer_notice_open_case(actor=world.procurator, notice=notice,
                                               agency=world.court)
        assert "agency" in exc.value.message_dict


def test_the_sweep_reminds_the_police_and_tells_the_procuratorate_once_overdue(world):
    with at(D(2026, 11, 16)):
        notice = file_notice(world, transferred_on=D(2026, 11, 16))  # due 19 November
        services.transfer_notice_receive(actor=world.procurator, notice=notice)
    for day in (D(2026, 11, 18), D(2026, 11, 19), D(2026, 11, 20), D(2026, 11, 20), D(2026, 11, 25)):
        with at(day):
            sweep.sweep_deadlines(day)
            for pk in sweep.pending_event_ids():
                sweep.deliver_event(pk)
    assert told("transfer_notice.reminder") == {"police_liaison"}
    assert told("transfer_notice.due_today") == {"police_liaison"}
    assert told("transfer_notice.overdue") == {"police_liaison", "procurator", "approver"}
    assert Notification.objects.filter(code="transfer_notice.overdue").count() == 3  # once each
    staff_link = Notification.objects.get(code="transfer_notice.overdue", recipient=world.procurator).link
    assert staff_link == notice.get_absolute_url()
    police_link = Notification.objects.get(code="transfer_notice.overdue",
                                           recipient=world.police_liaison).link
    assert police_link == notice.portal_url()
    # Overdue: the notice waits for the procuratorate again (立案监督 from the queue).
    flow = next(f for f in flows() if f.key == "transfer_notices")
    with at(D(2026, 11, 25)):
        assert list(flow.staff_pending(world.procurator)) == [notice]
        assert list(flow.staff_pending(world.pt_procurator)) == []


def test_end_to_end_the_organ_files_the_procuratorate_acts_the_organ_sees_the_outcome(world):
    liaison = market_liaison(world)
    organ, police, staff = Client(), Client(), Client()
    organ.force_login(liaison)
    police.force_login(world.police_liaison)
    staff.force_login(world.procurator)
    with at(D(2026, 11, 16)):
        response = organ.post(reverse("portal:transfer-notice-new"), {
            "case_name": "某公司销售假冒注册商标商品案", "summary": "查获假冒白酒 600 余瓶。",
            "admin_case_number": "舟定市监罚〔2026〕88号", "suspect_kind": "organisation",
            "suspect_name": "舟山某贸易有限公司", "police_agency": world.police.pk,
            "letter_number": "舟定市监移〔2026〕1号", "transferred_on": "2026-11-16",
            "files": [pdf()]})
        assert response.status_code == 302, response.content.decode()[:2000]
        notice = TransferNotice.objects.get()
        queue = staff.get(reverse("duties:transfer-notices"))
        assert "舟定市监移〔2026〕1号" in queue.content.decode()
        assert staff.post(reverse("duties:transfer-notice-receive", args=[notice.pk])).status_code == 302
    with at(D(2026, 11, 20)):  # the police let the period pass; the sweep tells 定检
        sweep.sweep_deadlines(D(2026, 11, 20))
        for pk in sweep.pending_event_ids():
            sweep.deliver_event(pk)
        assert "procurator" in told("transfer_notice.overdue")
        page = staff.get(notice.get_absolute_url()).content.decode()
        assert "已逾期" in page
        response = staff.post(reverse("duties:transfer-notice-open-case", args=[notice.pk]),
                              {"matter": services.default_matter().pk, "agency": world.police.pk})
        assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.case is not None
    with at(D(2026, 11, 21)):
        response = police.post(reverse("portal:transfer-notice-decide", args=[notice.pk]), {
            "decision": "filed", "decided_on": "2026-11-21", "document_number": "定公立〔2026〕9号"})
        assert response.status_code == 302
        seen = organ.get(notice.portal_url()).content.decode()
    assert notice.case.number in seen  # the organ sees the case opened …
    assert "立案" in seen and "定公立〔2026〕9号" in seen  # … and the police unit's decision
    assert told("transfer_notice.case_opened") == {liaison.username}


def test_the_figures_count_by_agency_and_period(world):
    with at(D(2026, 11, 16)):
        notice = file_notice(world, transferred_on=D(2026, 11, 16))
        file_notice(world, transferred_on=D(2026, 11, 16), letter="舟定市监移〔2026〕2号")
    with at(D(2026, 11, 18)):
        services.transfer_notice_police_decide(actor=world.police_liaison, notice=notice,
                                               decision="filed", decided_on=D(2026, 11, 18))
    flow = next(f for f in flows() if f.key == "transfer_notices")
    figures = {f.code: f for f in flow.figures}
    period = (D(2026, 11, 1), D(2026, 11, 30))
    assert figures["transfer_notices_filed"].rows(*period).filter(agency=world.market).count() == 2
    assert figures["transfer_notices_police_on_time"].rows(*period).filter(
        police_agency=world.police).count() == 1
    assert not figures["transfer_notices_police_late"].rows(*period).exists()
    assert not figures["transfer_notices_filed"].rows(D(2026, 12, 1), D(2026, 12, 31)).exists()


def test_agency_pending_is_the_police_units_undecided_notices_only(world):
    other = other_organ_liaison(world)
    with at(D(2026, 11, 16)):
        file_notice(world, transferred_on=D(2026, 11, 16))
    flow = next(f for f in flows() if f.key == "transfer_notices")
    assert flow.agency_pending(world.police_liaison).count() == 1
    assert flow.agency_pending(market_liaison(world)).count() == 0
    assert flow.agency_pending(other).count() == 0


def test_a_calendar_change_moves_the_police_due_date_and_tells_who_waits_for_it(world):
    """Accepted Wednesday 10 February 2027, before 2027's holiday notice: three days end on
    Saturday the 13th, provisionally moved to Monday the 15th. The notice makes Sunday the 14th
    a working day (调休): the recompute moves the due date and tells the police unit and whoever
    received the notice."""
    from recommendations.tests.test_calendar_change import NOTICE_2027
    from supervision.services.calendar_change import (
        CalendarChange,
        calendar_change_apply,
        parse_days,
    )

    with at(D(2027, 2, 10)):
        notice = file_notice(world, transferred_on=D(2027, 2, 10))
        services.transfer_notice_receive(actor=world.approver, notice=notice)
        assert notice.due_date == D(2027, 2, 15) and notice.due_provisional
        calendar_change_apply(actor=world.sysadmin, change=CalendarChange(
            year=2027, days=parse_days(NOTICE_2027, 2027), published=True, source="测试"))
    notice.refresh_from_db()
    assert notice.due_date == D(2027, 2, 14) and not notice.due_provisional
    assert told("transfer_notice.moved") == {"police_liaison", "approver"}
    police = Notification.objects.get(code="transfer_notice.moved", recipient=world.police_liaison)
    assert police.link == notice.portal_url()
