"""The clue feedback flow (issue 19): the receiving organ's written feedback in the portal,
its reminders, the procuratorate's queue, and early involvement and returns for
supplementary investigation recorded on the case (seed 000 §8, seed 002 §5 and §7)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from agencies.choices import AgencyType
from agencies.models import Agency, LiaisonMembership
from cases import services as case_services
from cases.models import ClueTransfer, SupplementaryReturn
from cases.samples import tiny_pdf
from duties.registry import flows
from duties.selectors import clue_feedback as selectors
from recommendations.choices import DeadlineEventKind as K
from recommendations.models import DeadlineEvent
from recommendations.services import sweep
from supervision.choices import Role
from supervision.models import AuditEntry, Notification, User

TZ = datetime.timezone(datetime.timedelta(hours=8))
D = datetime.date
COMMISSION = "舟山市定海区监察委员会"


def at(day: datetime.date, hour: int = 9):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(hour), TZ), tick=False)


@pytest.fixture
def commission(world) -> Agency:
    return Agency.objects.create(name=COMMISSION, agency_type=AgencyType.SUPERVISORY_COMMISSION,
                                 supervising_procuratorate=world.dinghai)


@pytest.fixture
def commission_liaison(commission) -> User:
    user = User.objects.create_user(username="jw_liaison", password="x" * 12, role=Role.LIAISON,
                                    agency=commission, display_name="监委联络员")
    LiaisonMembership.objects.create(user=user, agency=commission)
    return user


@pytest.fixture
def case(world):
    with at(D(2026, 7, 1)):
        return world.register_case(assistant=world.assistant, accepted_on=D(2026, 7, 1))


def transfer_to(world, case, agency: Agency | None, on: datetime.date | None = None,
                **kwargs) -> ClueTransfer:
    on = on or D(2026, 11, 3)
    with at(on):
        return case_services.clue_transfer_create(
            actor=world.procurator, case=case, transferred_on=on,
            recipient_kind=kwargs.pop("recipient_kind", "supervisory_commission"),
            recipient=kwargs.pop("recipient", ""), recipient_agency=agency,
            clue=kwargs.pop("clue", "某局科长涉嫌滥用职权。"),
            letter_number=kwargs.pop("letter_number", "定检移〔2026〕5号"), **kwargs)


def pdf(name: str = "反馈.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, tiny_pdf(), "application/pdf")


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- end to end -------------------------------------------------------------------------

def test_staff_transfer_then_the_organ_gives_feedback_in_the_portal_then_staff_read_it(
        world, case, commission, commission_liaison):
    staff = login(world.procurator)
    with at(D(2026, 11, 3)):
        response = staff.post(reverse("cases:transfer-create", args=[case.pk]), {
            "recipient_kind": "supervisory_commission", "recipient_agency": commission.pk,
            "recipient": "", "clue": "某局科长涉嫌滥用职权。", "letter_number": "定检移〔2026〕5号",
            "transferred_on": "2026-11-03", "files": [pdf("移送函.pdf")]})
    assert response.status_code == 302, response.content.decode()[:2000]
    transfer = ClueTransfer.objects.get(case=case)
    assert transfer.recipient == COMMISSION and transfer.recipient_agency == commission
    assert transfer.due_date == D(2027, 1, 4)  # two months, 3 January a Sunday: the Monday

    # The organ's liaisons hear of it and open the transfer in the portal.
    told = Notification.objects.get(code="transfer.agency.sent")
    assert told.recipient == commission_liaison
    assert told.link == reverse("portal:clue-feedback-detail", args=[transfer.pk])
    assert "舟山市定海区人民检察院" in told.text and "定检移〔2026〕5号" in told.text

    organ = login(commission_liaison)
    with at(D(2026, 11, 20)):
        listing = organ.get(reverse("portal:clue-feedback"))
        page = organ.get(told.link)
    assert listing.status_code == 200 and listing.content.decode().count('data-testid="clue-item"') == 1
    body = page.content.decode()
    assert "某局科长涉嫌滥用职权。" in body and "移送函.pdf" in body
    assert case.title not in body and case.summary not in body  # not the case file
    letter = transfer.attachments.get()
    with at(D(2026, 11, 20)):
        download = organ.get(reverse("portal:clue-feedback-file", args=[transfer.pk, letter.pk]))
    assert download.status_code == 200

    with at(D(2026, 11, 20)):
        response = organ.post(told.link, {"summary": "经初步核实，已立案审查。",
                                          "replied_on": "2026-11-20", "files": [pdf()]})
    assert response.status_code == 302
    transfer.refresh_from_db()
    assert (transfer.replied_on, transfer.reply_recorded_by) == (D(2026, 11, 20), commission_liaison)
    assert transfer.feedback_unread and transfer.feedback_late is False
    assert transfer.attachments.filter(feedback=True, uploaded_by=commission_liaison).count() == 1
    entry = AuditEntry.objects.get(action="clue_transfer_reply")
    assert entry.actor == commission_liaison and entry.data["via"] == "portal"

    # The case's handler and assistant are told, and find it unread in the queue.
    heard = Notification.objects.filter(code="transfer.feedback_received")
    assert {n.recipient for n in heard} == {world.procurator, world.assistant}
    assert all(n.link == transfer.get_absolute_url() for n in heard)
    with at(D(2026, 11, 21)):
        queue = staff.get(reverse("duties:clue-feedback"), {"status": "unread"})
    assert queue.content.decode().count('data-testid="queue-row"') == 1
    with at(D(2026, 11, 21)):
        detail = staff.get(transfer.get_absolute_url())
    assert "经初步核实，已立案审查。" in detail.content.decode()
    assert 'data-testid="mark-read"' in detail.content.decode()
    with at(D(2026, 11, 21)):
        staff.post(reverse("duties:clue-feedback-read", args=[transfer.pk]))
        queue = staff.get(reverse("duties:clue-feedback"), {"status": "unread"})
    transfer.refresh_from_db()
    assert transfer.reply_read_by == world.procurator and not transfer.feedback_unread
    assert queue.content.decode().count('data-testid="queue-row"') == 0
    # Reloading the portal page's form (sent again) changes nothing and is no error.
    with at(D(2026, 11, 21)):
        again = organ.post(told.link, {"summary": "重复", "replied_on": "2026-11-21"})
    assert again.status_code == 302
    transfer.refresh_from_db()
    assert transfer.reply_summary == "经初步核实，已立案审查。"


def test_a_transfer_to_an_organ_outside_the_directory_is_recorded_by_staff(world, case):
    transfer = transfer_to(world, case, None, recipient="舟山市定海区纪委")
    assert not Notification.objects.filter(code="transfer.agency.sent").exists()
    with at(D(2026, 11, 10)):
        case_services.clue_transfer_record_reply(actor=world.assistant, transfer=transfer,
                                                 replied_on=D(2026, 11, 9), summary="已了结。")
    transfer.refresh_from_db()
    assert transfer.reply_read_at is not None and not transfer.feedback_unread
    assert {n.recipient for n in Notification.objects.filter(
        code="transfer.feedback_received")} == {world.procurator}  # not the assistant herself


# --- who may record, and bad input -------------------------------------------------------

def test_one_rule_decides_who_records_the_feedback(world, case, commission, commission_liaison):
    transfer = transfer_to(world, case, commission)
    with at(D(2026, 11, 10)):
        for outsider in (world.police_liaison, world.pt_procurator, world.supervisor,
                         world.observer):
            with pytest.raises(PermissionDenied):
                case_services.clue_transfer_record_reply(
                    actor=outsider, transfer=transfer, replied_on=D(2026, 11, 10), summary="x")
        # Staff may still record the organ's paper letter; it is then read.
        case_services.clue_transfer_record_reply(actor=world.procurator, transfer=transfer,
                                                 replied_on=D(2026, 11, 10), summary="函复已收。")
        with pytest.raises(ValidationError, match="已登记反馈"):
            case_services.clue_transfer_record_reply(
                actor=commission_liaison, transfer=transfer, replied_on=D(2026, 11, 10),
                summary="又一次")
    # A liaison of the commission acting now for another agency does not record it either.
    other = transfer_to(world, case, commission)
    commission_liaison.agency = world.police
    commission_liaison.save()
    with at(D(2026, 11, 10)), pytest.raises(PermissionDenied):
        case_services.clue_transfer_record_reply(actor=commission_liaison, transfer=other,
                                                 replied_on=D(2026, 11, 10), summary="x")


def test_bad_feedback_gets_a_clear_message_not_an_error(world, case, commission,
                                                        commission_liaison):
    transfer = transfer_to(world, case, commission)
    organ = login(commission_liaison)
    url = transfer.get_portal_url()
    with at(D(2026, 11, 10)):
        cases_ = [
            ({"summary": "", "replied_on": "2026-11-10"}, "该字段是必填项"),
            ({"summary": "已处理", "replied_on": "2026-11-11"}, "日期不能晚于今天"),
            ({"summary": "已处理", "replied_on": "2026-11-01"}, "反馈日期不能早于移送日期"),
            ({"summary": "已处理", "replied_on": "11/10"}, "日期"),
            ({"summary": "已处理", "replied_on": "2026-11-10",
              "files": [SimpleUploadedFile("a.exe", b"MZ\x90\x00binary", "application/pdf")]},
             "文件"),
        ]
        for data, message in cases_:
            response = organ.post(url, data)
            assert response.status_code == 200, data
            assert message in response.content.decode(), (data, message)
    transfer.refresh_from_db()
    assert transfer.replied_on is None
    assert not transfer.attachments.exists()


def test_a_staff_transfer_to_an_agency_outside_the_procuratorates_directory_is_refused(
        world, case):
    with at(D(2026, 11, 3)), pytest.raises(ValidationError, match="单位名录"):
        case_services.clue_transfer_create(
            actor=world.procurator, case=case, recipient_kind="other", recipient="",
            recipient_agency=world.pt_court, clue="线索", transferred_on=D(2026, 11, 3))


# --- agency A never sees agency B's transfers --------------------------------------------

def test_a_liaison_never_sees_another_agencys_transfers_by_any_route(
        world, case, commission, commission_liaison):
    theirs = transfer_to(world, case, commission, files=[pdf("移送函.pdf")])
    police = transfer_to(world, case, world.police, recipient_kind="police",
                         files=[pdf("公安移送函.pdf")])
    paper = transfer_to(world, case, None, recipient="某纪委")
    police_file = police.attachments.get()
    organ = login(commission_liaison)
    with at(D(2026, 11, 10)):
        listing = organ.get(reverse("portal:clue-feedback"), {"status": "all"}).content.decode()
        assert theirs.get_portal_url() in listing and police.get_portal_url() not in listing
        for other in (police, paper):
            assert organ.get(other.get_portal_url()).status_code == 404
            assert organ.post(other.get_portal_url(), {
                "summary": "x", "replied_on": "2026-11-10"}).status_code == 404
            assert organ.get(reverse("api-agency-clue-feedback-detail",
                                     args=[other.pk])).status_code == 404
            assert organ.post(reverse("api-agency-clue-feedback-feedback", args=[other.pk]), {
                "summary": "x", "replied_on": "2026-11-10"}).status_code == 404
        # A file of B's transfer, asked through A's own transfer or B's: 404 either way.
        assert organ.get(reverse("portal:clue-feedback-file",
                                 args=[theirs.pk, police_file.pk])).status_code == 404
        assert organ.get(reverse("portal:clue-feedback-file",
                                 args=[police.pk, police_file.pk])).status_code == 404
        assert organ.get(reverse("api-agency-clue-feedback-file",
                                 args=[police.pk, police_file.pk])).status_code == 404
        assert organ.get(reverse("api-agency-clue-feedback-file",
                                 args=[theirs.pk, police_file.pk])).status_code == 404
        api = organ.get(reverse("api-agency-clue-feedback-list")).json()
        assert [row["id"] for row in api["results"]] == [theirs.pk]
        # The case file's own routes stay closed to the organ.
        assert organ.get(reverse("cases:detail", args=[case.pk])).status_code == 404
        assert organ.get(reverse("cases:attachment", args=[case.pk, police_file.pk])
                         ).status_code == 404
        assert organ.get(reverse("duties:clue-feedback")).status_code == 404
        assert organ.get(reverse("api-clue-feedback-list")).json()["results"] == []
        # Police see their own only.
        cop = login(world.police_liaison)
        listing = cop.get(reverse("portal:clue-feedback"), {"status": "all"}).content.decode()
        assert police.get_portal_url() in listing and theirs.get_portal_url() not in listing
        # Staff have no portal pages.
        staff = login(world.procurator)
        assert staff.get(theirs.get_portal_url()).status_code == 404
        assert staff.get(reverse("api-agency-clue-feedback-list")).json()["results"] == []


# --- reminders ------------------------------------------------------------------------

def sweep_and_deliver(day: datetime.date) -> None:
    sweep.sweep_deadlines(day)
    assert sweep.sweep_deadlines(day) == 0
    with at(day):
        for pk in sweep.pending_event_ids():
            sweep.deliver_event(pk)


def test_reminders_reach_the_organs_liaisons_once_linking_the_portal(
        world, case, commission, commission_liaison):
    transfer = transfer_to(world, case, commission)  # due 2027-01-04
    for day in (D(2026, 12, 28), D(2026, 12, 29), D(2027, 1, 3), D(2027, 1, 4), D(2027, 1, 5),
                D(2027, 1, 20)):
        sweep_and_deliver(day)
    events = DeadlineEvent.objects.filter(transfer=transfer)
    assert sorted(events.values_list("kind", "offset_days")) == sorted([
        (K.REMINDER, 7), (K.REMINDER, 1), (K.REMINDER, 0), (K.OVERDUE, 1)])
    organ = Notification.objects.filter(event__transfer=transfer, recipient=commission_liaison)
    assert sorted(organ.values_list("code", flat=True)) == [
        "transfer.agency.due_today", "transfer.agency.overdue", "transfer.agency.reminder",
        "transfer.agency.reminder"]
    for note in organ:
        assert note.link == transfer.get_portal_url()
        assert "舟山市定海区人民检察院" in note.text and case.number not in note.text
    staff = Notification.objects.filter(event__transfer=transfer, recipient=world.procurator)
    assert staff.count() == 4 and all(n.code.startswith("transfer.") and "agency" not in n.code
                                       for n in staff)
    assert all(n.link == transfer.get_absolute_url() for n in staff)
    # Once the feedback is in, nothing more (a later sweep writes and delivers nothing).
    with at(D(2027, 1, 21)):
        case_services.clue_transfer_record_reply(actor=commission_liaison, transfer=transfer,
                                                 replied_on=D(2027, 1, 21), summary="已处理。")
    before = Notification.objects.count()
    sweep_and_deliver(D(2027, 1, 22))
    assert Notification.objects.count() == before
    transfer.refresh_from_db()
    assert transfer.feedback_late is True


def test_a_liaison_who_joined_after_the_transfer_is_reminded_too(world, case, commission):
    transfer = transfer_to(world, case, commission)
    late = User.objects.create_user(username="jw2", password="x" * 12, role=Role.LIAISON,
                                    agency=world.police)  # acts for the police right now
    LiaisonMembership.objects.create(user=late, agency=commission)
    sweep_and_deliver(D(2026, 12, 28))
    assert Notification.objects.filter(event__transfer=transfer, recipient=late,
                                       code="transfer.agency.reminder").count() == 1


# --- the queue, its counts and the registered flow ---------------------------------------

def test_the_queue_buckets_filters_and_counts(world, case, commission, commission_liaison,
                                              django_assert_max_num_queries):
    waiting = transfer_to(world, case, commission, on=D(2026, 11, 3))
    overdue = transfer_to(world, case, None, on=D(2026, 8, 3), recipient="某纪委")
    unread = transfer_to(world, case, commission, on=D(2026, 11, 3))
    answered = transfer_to(world, case, None, on=D(2026, 11, 3), recipient="公安分局",
                           recipient_kind="police")
    with at(D(2026, 11, 20)):
        case_services.clue_transfer_record_reply(actor=commission_liaison, transfer=unread,
                                                 replied_on=D(2026, 11, 20), summary="已立案。")
        case_services.clue_transfer_record_reply(actor=world.procurator, transfer=answered,
                                                 replied_on=D(2026, 11, 20), summary="已立案。")
    staff = login(world.procurator)
    expected = {"open": {waiting, overdue, unread}, "awaiting": {waiting}, "overdue": {overdue},
                "unread": {unread}, "answered": {unread, answered},
                "all": {waiting, overdue, unread, answered}}
    with at(D(2026, 11, 23)):
        for status, rows in expected.items():
            with django_assert_max_num_queries(14):
                body = staff.get(reverse("duties:clue-feedback"), {"status": status}
                                 ).content.decode()
            assert body.count('data-testid="queue-row"') == len(rows), status
            for row in rows:
                assert row.get_absolute_url() in body
        assert (staff.get(reverse("duties:clue-feedback"), {"recipient_kind": "police",
                                                             "status": "all"})
                .content.decode().count('data-testid="queue-row"')) == 1
        assert (staff.get(reverse("duties:clue-feedback"), {"q": "公安分局", "status": "all"})
                .content.decode().count('data-testid="queue-row"')) == 1
        bad = staff.get(reverse("duties:clue-feedback"), {"transferred_from": "yesterday"})
        assert bad.status_code == 200 and 'data-testid="queue-error"' in bad.content.decode()
        bad = staff.get(reverse("duties:clue-feedback"), {"status": "nonsense"})
        assert bad.status_code == 200 and 'data-testid="queue-error"' in bad.content.decode()
        [flow] = [f for f in flows() if f.key == "clue_feedback"]
        assert set(flow.staff_pending(world.procurator)) == {overdue, unread}
        assert set(flow.staff_pending(world.pt_procurator)) == set()
        assert set(flow.staff_pending(commission_liaison)) == set()
        assert set(flow.agency_pending(commission_liaison)) == {waiting}
        assert set(flow.agency_pending(world.police_liaison)) == set()
        assert set(flow.agency_pending(world.procurator)) == set()
    # Twenty more rows: the page costs no more queries.
    for _ in range(20):
        transfer_to(world, case, commission)
    with at(D(2026, 11, 23)), django_assert_max_num_queries(14):
        assert staff.get(reverse("duties:clue-feedback")).status_code == 200
    organ = login(commission_liaison)
    with at(D(2026, 11, 23)), django_assert_max_num_queries(12):
        assert organ.get(reverse("portal:clue-feedback")).status_code == 200


def test_the_figures(world, case, commission, commission_liaison):
    on_time = transfer_to(world, case, commission, on=D(2026, 8, 3))   # due 2026-10-08
    late = transfer_to(world, case, commission, on=D(2026, 8, 3))
    missing = transfer_to(world, case, commission, on=D(2026, 8, 3))
    with at(D(2026, 10, 8)):  # on the due date itself: on time
        case_services.clue_transfer_record_reply(actor=commission_liaison, transfer=on_time,
                                                 replied_on=D(2026, 10, 8), summary="已处理。")
    with at(D(2026, 10, 20)):
        case_services.clue_transfer_record_reply(actor=commission_liaison, transfer=late,
                                                 replied_on=D(2026, 10, 20), summary="已处理。")
    start, end = D(2026, 10, 1), D(2026, 10, 31)
    assert on_time.due_date == D(2026, 10, 8)  # 3 October in the National Day holiday
    assert set(selectors.due_in(start, end)) == {on_time, late, missing}
    assert set(selectors.answered_on_time(start, end)) == {on_time}
    assert set(selectors.answered_late(start, end)) == {late}
    assert set(selectors.outstanding(start, end)) == {missing}
    assert set(selectors.outstanding(start, D(2026, 10, 15))) == {late, missing}
    [flow] = [f for f in flows() if f.key == "clue_feedback"]
    codes = {f.code: f for f in flow.figures}
    assert set(codes) == {"clue_feedback_due", "clue_feedback_on_time", "clue_feedback_late",
                          "clue_feedback_outstanding"}
    for figure in flow.figures:  # the field paths the statistics and scorecards count by
        rows = figure.rows(start, end)
        assert rows.filter(**{f"{figure.procuratorate}": world.dinghai}).count() == rows.count()
        assert rows.filter(**{f"{figure.agency}": commission}).count() == rows.count()


# --- the case records: early involvement and supplementary investigation ---------------

def test_early_involvement_is_recorded_on_the_case_with_the_opinion(world, case, commission):
    with at(D(2026, 11, 10)):
        row = case_services.early_involvement_record(
            actor=world.procurator, case=case, organ="", organ_agency=commission,
            requested_on=D(2026, 11, 5), scope="某局科长滥用职权案，引导取证。",
            procurator=world.procurator, involved_on=D(2026, 11, 6))
        with pytest.raises(ValidationError):  # an opinion without its date
            case_services.early_involvement_opinion(actor=world.procurator, involvement=row,
                                                    opinion="建议补充银行流水。", opinion_on=None)
        case_services.early_involvement_opinion(actor=world.approver, involvement=row,
                                                opinion="建议补充银行流水。",
                                                opinion_on=D(2026, 11, 9))
        with pytest.raises(ValidationError, match="已记录"):
            case_services.early_involvement_opinion(actor=world.procurator, involvement=row,
                                                    opinion="再次", opinion_on=D(2026, 11, 9))
        with pytest.raises(PermissionDenied):
            case_services.early_involvement_record(
                actor=world.pt_procurator, case=case, organ=COMMISSION,
                requested_on=D(2026, 11, 5), scope="x", procurator=world.procurator)
        with pytest.raises(ValidationError, match="派员检察官"):
            case_services.early_involvement_record(
                actor=world.procurator, case=case, organ=COMMISSION,
                requested_on=D(2026, 11, 5), scope="x", procurator=world.pt_procurator)
        page = login(world.procurator).get(case.get_absolute_url()).content.decode()
    row.refresh_from_db()
    assert row.organ == COMMISSION and row.opinion_on == D(2026, 11, 9)
    assert 'data-testid="involvement"' in page and "建议补充银行流水。" in page
    assert "记录提前介入" in page  # the timeline names the step
    assert set(AuditEntry.objects.filter(target_type="cases.earlyinvolvement",
                                         target_id=str(row.pk)).values_list(
        "action", flat=True)) == {"early_involvement_record", "early_involvement_opinion"}


def test_returns_for_supplementary_investigation_one_month_at_most_twice(world, case):
    with at(D(2026, 11, 10)):
        first = case_services.supplementary_return_record(
            actor=world.procurator, case=case, organ=COMMISSION, returned_on=D(2026, 11, 10),
            reasons="主要犯罪事实证据不足。", items="补充调取银行流水；询问证人王某。")
        assert (first.round, first.due_date) == (1, D(2026, 12, 10))
        assert first.due_explanation["verified"] is False  # the basis awaits checking
        assert "监察法" in first.due_explanation_text()
        with pytest.raises(ValidationError, match="尚未重新移送"):
            case_services.supplementary_return_record(
                actor=world.procurator, case=case, organ=COMMISSION,
                returned_on=D(2026, 11, 10), reasons="x", items="y")
    with at(D(2026, 12, 14)):
        case_services.supplementary_return_resubmitted(
            actor=world.procurator, supplementary_return=first, resubmitted_on=D(2026, 12, 14),
            note="已补充银行流水。")
        second = case_services.supplementary_return_record(
            actor=world.procurator, case=case, organ=COMMISSION, returned_on=D(2026, 12, 14),
            reasons="仍有疑点。", items="补充询问。")
        case_services.supplementary_return_resubmitted(
            actor=world.procurator, supplementary_return=second, resubmitted_on=D(2026, 12, 14))
        with pytest.raises(ValidationError, match="以二次为限"):
            case_services.supplementary_return_record(
                actor=world.procurator, case=case, organ=COMMISSION,
                returned_on=D(2026, 12, 14), reasons="x", items="y")
        page = login(world.assistant).get(case.get_absolute_url()).content.decode()
    assert page.count('data-testid="supplementary-return"') == 2
    assert "超过补充调查期限" in page  # the first came back after 10 December
    assert SupplementaryReturn.objects.filter(case=case).count() == 2


def test_the_supplementary_period_is_swept_for_the_cases_staff(world, case):
    with at(D(2026, 11, 10)):
        row = case_services.supplementary_return_record(
            actor=world.procurator, case=case, organ=COMMISSION, returned_on=D(2026, 11, 10),
            reasons="证据不足。", items="补充调取账目。")
    for day in (D(2026, 12, 3), D(2026, 12, 9), D(2026, 12, 10), D(2026, 12, 11)):
        sweep_and_deliver(day)
    notes = Notification.objects.filter(event__subject_id=row.pk,
                                        event__subject_type="cases.supplementaryreturn")
    by_code = {}
    for note in notes:
        by_code.setdefault(note.code, set()).add(note.recipient.username)
    assert by_code == {"supplementary.reminder": {"procurator", "assistant"},
                       "supplementary.due_today": {"procurator", "assistant"},
                       "supplementary.overdue": {"procurator", "assistant", "approver"}}
    assert notes.count() == 2 * 2 + 2 + 3
    assert all(COMMISSION in n.text and n.link == row.get_absolute_url() for n in notes)


def test_the_case_pages_forms_record_both(world, case, commission):
    staff = login(world.procurator)
    with at(D(2026, 11, 10)):
        assert staff.get(reverse("cases:involvement-create", args=[case.pk])).status_code == 200
        response = staff.post(reverse("cases:involvement-create", args=[case.pk]), {
            "organ_agency": commission.pk, "organ": "", "requested_on": "2026-11-05",
            "scope": "引导取证", "procurator": world.procurator.pk})
        assert response.status_code == 302
        response = staff.post(reverse("cases:return-create", args=[case.pk]), {
            "organ": COMMISSION, "returned_on": "2026-11-10", "reasons": "证据不足",
            "items": "补充调查"})
        assert response.status_code == 302
        # Missing organ: the form says so, no 500.
        response = staff.post(reverse("cases:return-create", args=[case.pk]), {
            "organ": "", "returned_on": "2026-11-10", "reasons": "证据不足", "items": "x"})
        assert response.status_code == 200 and "请选择或填写监察机关" in response.content.decode()
        involvement = case.early_involvements.get()
        row = case.supplementary_returns.get()
        staff.post(reverse("cases:involvement-opinion", args=[case.pk, involvement.pk]), {
            "opinion": "建议补强证据", "opinion_on": "2026-11-10"})
        staff.post(reverse("cases:return-resubmitted", args=[case.pk, row.pk]), {
            "resubmitted_on": "2026-11-10"})
    involvement.refresh_from_db()
    row.refresh_from_db()
    assert involvement.opinion == "建议补强证据" and row.resubmitted_on == D(2026, 11, 10)
