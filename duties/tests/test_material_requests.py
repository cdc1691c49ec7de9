"""Material requested during investigation (issue 19; seed 000 §7, seed 002 §13): a request
with the period it states, answered by the agency, accepted or followed up — and an unanswered
one counted as a refusal to cooperate and escalated once, by the real deadline sweep."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import InvestigationMeasure
from cases.services import measure_escalate_refusal, measure_record
from duties.models import MaterialRequest, MaterialRequestFile
from duties.models import MaterialRequestStatus as S
from duties.registry import flows
from duties.services import material_requests as svc
from recommendations.choices import DeadlineEventKind as K
from recommendations.models import DeadlineEvent
from recommendations.selfcheck import _events_without_subject
from recommendations.services import sweep
from supervision.models import AuditEntry, Notification, PeriodRule

TZ = datetime.timezone(datetime.timedelta(hours=8))
D = datetime.date
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def at(day: datetime.date, hour: int = 9):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(hour), TZ), tick=False)


def pdf(name: str = "材料.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, "application/pdf")


@pytest.fixture
def case(world):
    with at(D(2026, 9, 1)):
        return world.register_case(assistant=world.assistant)


def send(world, case, on: datetime.date, days: int = 10, **kwargs) -> MaterialRequest:
    with at(on):
        return svc.material_request_send(
            actor=world.procurator, case=case, agency=kwargs.pop("agency", world.court),
            items=kwargs.pop("items", "2025年执行案件卷宗\n被执行人财产查询记录"), period_days=days,
            **kwargs)


def answer(world, request, on: datetime.date, liaison=None, **kwargs) -> MaterialRequest:
    with at(on, 15):
        return svc.material_request_answer(
            actor=liaison or world.court_liaison, request=request,
            answer=kwargs.pop("text", "卷宗复印件已上传。"), **kwargs)


def run_sweep(day: datetime.date) -> int:
    """The real sweep on ``day`` (twice: the second finds nothing), then delivery."""
    inserted = sweep.sweep_deadlines(day)
    assert sweep.sweep_deadlines(day) == 0
    with at(day, 10):
        for pk in sweep.pending_event_ids():
            sweep.deliver_event(pk)
    return inserted


# --- sending -------------------------------------------------------------------------------

def test_a_request_is_sent_on_a_new_measure_with_the_period_it_states(world, case):
    request = send(world, case, D(2026, 11, 2), days=15, letter_number="定检调〔2026〕7号",
                   files=[pdf("调取证据通知书.pdf")])
    assert (request.status, request.due_date, request.period_days) == (S.SENT, D(2026, 11, 17), 15)
    measure = request.measure
    assert (measure.case, measure.agency, measure.measure_type, measure.refused) == (
        case, world.court, "evidence", False)
    assert request.procuratorate == case.procuratorate
    explanation = request.due_explanation_text()
    assert "十五日" in explanation and "以调取材料通知载明的期限为准" in explanation
    assert "material_request" not in explanation  # never the rule's code
    assert not request.due_basis_verified  # no law sets the period: staff see 待核实
    assert MaterialRequestFile.objects.get(request=request).kind == "request"
    [note] = Notification.objects.filter(code="material_request.sent")
    assert note.recipient == world.court_liaison and note.link == request.portal_url()
    assert "定检调〔2026〕7号" in note.text and "2026年11月17日" in note.text
    assert AuditEntry.objects.filter(action="material_request_send",
                                     target_id=str(request.pk)).exists()


def test_the_period_ends_after_the_national_day_holiday(world, case):
    # Ten days from Monday 21 September 2026 end on 1 October, in the National Day holiday
    # (1–7 October): the period ends on the first working day after it (民法典 art. 203).
    request = send(world, case, D(2026, 9, 21), days=10)
    assert request.due_date == D(2026, 10, 8)
    text = request.due_explanation_text()
    assert "届满2026年10月1日" in text and "国庆节假期顺延至2026年10月8日" in text


def test_a_request_on_an_existing_measure_must_be_of_that_case_and_agency(world, case):
    with at(D(2026, 11, 2)):
        measure = measure_record(actor=world.procurator, case=case, measure_type="query",
                                 taken_on=D(2026, 11, 2), target="执行款", agency=world.police)
        with pytest.raises(ValidationError) as error:
            svc.material_request_send(actor=world.procurator, case=case, agency=world.court,
                                      items="执行款账目", period_days=7, measure=measure)
        assert "另一单位" in str(error.value)
        request = svc.material_request_send(actor=world.procurator, case=case,
                                            agency=world.police, items="执行款账目",
                                            period_days=7, measure=measure)
    assert request.measure == measure and InvestigationMeasure.objects.count() == 1


@pytest.mark.parametrize(("field", "kwargs"), [
    ("period_days", {"days": 0}), ("period_days", {"days": 181}), ("items", {"items": "  "}),
])
def test_bad_input_is_refused_with_the_field_named(world, case, field, kwargs):
    with pytest.raises(ValidationError) as error:
        send(world, case, D(2026, 11, 2), **kwargs)
    assert field in error.value.message_dict


def test_only_those_working_on_the_case_send_and_only_to_supervised_agencies(world, case):
    with pytest.raises(PermissionDenied), at(D(2026, 11, 2)):
        svc.material_request_send(actor=world.pt_procurator, case=case, agency=world.court,
                                  items="卷宗", period_days=7)
    with pytest.raises(ValidationError):
        send(world, case, D(2026, 11, 2), agency=world.pt_court)  # 普检 supervises it
    with pytest.raises(ValidationError):
        send(world, case, D(2026, 11, 2), files=[SimpleUploadedFile("x.pdf", b"MZ\x90\x00")])
    assert not MaterialRequest.objects.exists()


# --- answering and reading -----------------------------------------------------------------

def test_the_agency_answers_with_files_and_the_procurator_accepts(world, case):
    request = send(world, case, D(2026, 11, 2))
    with pytest.raises(PermissionDenied):
        answer(world, request, D(2026, 11, 5), liaison=world.police_liaison)
    with pytest.raises(PermissionDenied):
        answer(world, request, D(2026, 11, 5), liaison=world.procurator)
    request = answer(world, request, D(2026, 11, 5), files=[pdf("卷宗.pdf"), pdf("查询记录.pdf")])
    assert (request.status, request.answered_on, request.answered_late) == (
        S.ANSWERED, D(2026, 11, 5), False)
    assert request.files.filter(kind="answer").count() == 2
    told = Notification.objects.filter(code="material_request.answered")
    assert {n.recipient for n in told} == {world.procurator, world.assistant}
    assert all(n.link == request.get_absolute_url() for n in told)
    with pytest.raises(ValidationError):  # answered once
        answer(world, request, D(2026, 11, 6))

    with pytest.raises(PermissionDenied):
        svc.material_request_accept(actor=world.pt_procurator, request=request)
    with at(D(2026, 11, 6)):
        request = svc.material_request_accept(actor=world.procurator, request=request,
                                              note="材料齐全")
    assert (request.status, request.reviewed_by, request.review_note) == (
        S.ACCEPTED, world.procurator, "材料齐全")
    assert Notification.objects.filter(code="material_request.accepted",
                                       recipient=world.court_liaison).exists()


def test_a_follow_up_asks_again_on_the_same_measure_with_its_own_period(world, case):
    request = answer(world, send(world, case, D(2026, 11, 2)), D(2026, 11, 5))
    with at(D(2026, 11, 9)):
        with pytest.raises(ValidationError) as error:
            svc.material_request_follow_up(actor=world.procurator, request=request,
                                           items="补充", period_days=5, reason="")
        assert "reason" in error.value.message_dict
        follow = svc.material_request_follow_up(actor=world.procurator, request=request,
                                                items="2024年卷宗", period_days=5,
                                                reason="缺少2024年部分")
    request.refresh_from_db()
    assert request.status == S.FOLLOWED_UP and request.review_note == "缺少2024年部分"
    assert (follow.follow_up_of, follow.measure, follow.status, follow.due_date) == (
        request, request.measure, S.SENT, D(2026, 11, 16))  # 14th is a Saturday: Monday


def test_withdrawing_stops_the_clock_and_tells_the_agency(world, case):
    request = send(world, case, D(2026, 11, 2))
    with at(D(2026, 11, 3)):
        request = svc.material_request_withdraw(actor=world.procurator, request=request,
                                                reason="已从其他途径取得")
    assert request.status == S.WITHDRAWN and not request.is_running()
    assert Notification.objects.filter(code="material_request.withdrawn").count() == 1
    with pytest.raises(ValidationError):  # nothing left to answer
        answer(world, request, D(2026, 11, 4))
    with pytest.raises(ValidationError):
        svc.material_request_accept(actor=world.procurator, request=request)


# --- the sweep: reminders, and the unanswered request as a refusal, once -------------------

def test_reminders_go_to_the_liaisons_and_the_handler_once_each(world, case):
    request = send(world, case, D(2026, 11, 2), days=10)  # due Thursday 12 November
    for day in (D(2026, 11, 5), D(2026, 11, 6), D(2026, 11, 11), D(2026, 11, 12)):
        run_sweep(day)
    notes = Notification.objects.filter(event__subject_id=request.pk)
    by_code: dict[str, set] = {}
    for note in notes:
        by_code.setdefault(note.code, set()).add(note.recipient.username)
        assert note.link == (request.portal_url() if note.recipient.role == "liaison"
                             else request.get_absolute_url())
    people = {"procurator", "assistant", "court_liaison"}
    assert by_code == {"material_request.reminder": people, "material_request.due_today": people}
    assert notes.count() == 2 * 3 + 3  # reminders 7 and 1, due today: each once


def test_an_unanswered_request_escalates_once(world, case):
    request = send(world, case, D(2026, 11, 2), days=10)  # due 12 November
    measure = request.measure
    assert run_sweep(D(2026, 11, 13)) >= 1  # the overdue notice, delivered
    assert run_sweep(D(2026, 11, 13)) == 0
    run_sweep(D(2026, 11, 14))  # the next day: nothing new
    run_sweep(D(2026, 12, 20))

    events = DeadlineEvent.objects.filter(subject_type="duties.materialrequest",
                                          subject_id=request.pk, kind=K.OVERDUE)
    assert events.count() == 1 and events.get().delivered_at is not None
    request.refresh_from_db()
    measure.refresh_from_db()
    assert request.refusal_recorded_at is not None and request.status == S.SENT
    assert measure.refused and measure.escalated_at is not None and measure.escalated_by is None
    assert "逾期未答复" in measure.refusal_note and "2026年11月12日" in measure.refusal_note
    overdue = Notification.objects.filter(code="material_request.overdue")
    assert {n.recipient.username for n in overdue} == {"procurator", "assistant", "court_liaison"}
    [escalated] = Notification.objects.filter(code="case.refusal_unanswered")
    assert escalated.recipient == world.approver and world.court.name in escalated.text
    assert AuditEntry.objects.filter(action="measure_escalate_refusal",
                                     target_id=str(measure.pk), actor__isnull=True).count() == 1
    assert AuditEntry.objects.filter(action="material_request_record_refusal").count() == 1
    # The handler can no longer escalate it a second time.
    with pytest.raises(ValidationError):
        measure_escalate_refusal(actor=world.procurator, measure=measure)

    # Answered late afterwards: recorded as late, and the refusal stays.
    request = answer(world, request, D(2026, 11, 20))
    assert request.answered_late and request.refusal_recorded_at is not None
    assert Notification.objects.filter(code="material_request.answered_late").count() == 2
    run_sweep(D(2026, 11, 21))
    assert Notification.objects.filter(code="case.refusal_unanswered").count() == 1


def test_an_answer_before_the_overdue_notice_is_delivered_makes_it_stale(world, case):
    request = send(world, case, D(2026, 11, 2), days=10)
    sweep.sweep_deadlines(D(2026, 11, 13))  # inserted, not delivered yet
    answer(world, request, D(2026, 11, 13))  # answered late, before the worker ran
    with at(D(2026, 11, 13), 10):
        for pk in sweep.pending_event_ids():
            sweep.deliver_event(pk)
    request.refresh_from_db()
    assert request.answered_late and request.refusal_recorded_at is None
    assert not request.measure.refused and request.measure.escalated_at is None
    assert not Notification.objects.filter(code__in=["material_request.overdue",
                                                     "case.refusal_unanswered"]).exists()
    assert DeadlineEvent.objects.filter(delivered_at__isnull=True).count() == 0


def test_two_unanswered_requests_of_one_measure_escalate_it_once(world, case):
    first = send(world, case, D(2026, 11, 2), days=10)
    with at(D(2026, 11, 3)):
        second = svc.material_request_send(actor=world.procurator, case=case, agency=world.court,
                                           items="补充询问", period_days=12,
                                           measure=first.measure)  # due 15 → Monday 16th
    run_sweep(D(2026, 11, 13))
    run_sweep(D(2026, 11, 17))
    first.measure.refresh_from_db()
    assert first.measure.refusal_note.count("逾期未答复") == 2  # both silences noted
    assert Notification.objects.filter(code="case.refusal_unanswered").count() == 1
    assert all(r.refusal_recorded_at for r in MaterialRequest.objects.filter(
        pk__in=[first.pk, second.pk]))


def test_a_refusal_already_escalated_by_the_procurator_is_not_escalated_again(world, case):
    request = send(world, case, D(2026, 11, 2), days=10)
    with at(D(2026, 11, 5)):
        measure = InvestigationMeasure.objects.get(pk=request.measure_id)
        measure.refused, measure.refusal_note = True, "电话联系拒绝提供"
        measure.save(update_fields=["refused", "refusal_note"])
        measure_escalate_refusal(actor=world.procurator, measure=measure)
    run_sweep(D(2026, 11, 13))
    measure.refresh_from_db()
    assert measure.escalated_by == world.procurator  # the first escalation stands
    assert "电话联系拒绝提供" in measure.refusal_note and "逾期未答复" in measure.refusal_note
    assert not Notification.objects.filter(code="case.refusal_unanswered").exists()


def test_the_self_check_names_an_event_whose_request_is_gone(world, case):
    request = send(world, case, D(2026, 11, 2), days=10)
    run_sweep(D(2026, 11, 5))
    [event] = DeadlineEvent.objects.filter(subject_id=request.pk)
    assert _events_without_subject(D(2026, 11, 5)) == []
    MaterialRequest.objects.filter(pk=request.pk).delete()
    assert _events_without_subject(D(2026, 11, 5)) == [event.pk]


# --- counting -------------------------------------------------------------------------------

def test_the_flow_counts_sent_on_time_late_and_refusals_per_agency(world, case):
    on_time = answer(world, send(world, case, D(2026, 11, 2)), D(2026, 11, 5))
    late = send(world, case, D(2026, 11, 2))
    silent = send(world, case, D(2026, 11, 2), agency=world.police)
    run_sweep(D(2026, 11, 13))
    answer(world, late, D(2026, 11, 20))
    [flow] = [f for f in flows() if f.key == "material_requests"]
    figures = {f.code: f for f in flow.figures}
    period = (D(2026, 11, 1), D(2026, 11, 30))

    def count(code: str, agency) -> int:
        return figures[code].rows(*period).filter(agency=agency).count()

    assert count("material_requests_sent", world.court) == 2
    assert count("material_requests_on_time", world.court) == 1
    assert count("material_requests_late", world.court) == 1
    assert count("material_requests_refused", world.court) == 1  # late, after the sweep
    assert count("material_requests_refused", world.police) == 1
    assert figures["material_requests_sent"].rows(D(2026, 12, 1), D(2026, 12, 31)).count() == 0
    assert set(flow.staff_pending(world.procurator)) == {on_time, late}  # answers to read
    assert list(flow.agency_pending(world.police_liaison)) == [silent]
    assert list(flow.agency_pending(world.court_liaison)) == []
    assert PeriodRule.objects.get(code="material_request").verified is False


# --- the case, and the legal calendar ------------------------------------------------------

def test_a_case_with_a_request_still_open_cannot_be_closed(world, case):
    from cases.services import case_transition

    request = send(world, case, D(2026, 11, 2))
    with at(D(2026, 11, 3)):
        case_transition(actor=world.procurator, case=case, action="review")
        case_transition(actor=world.procurator, case=case, action="supervise")
        with pytest.raises(ValidationError) as error:
            case_transition(actor=world.procurator, case=case, action="close",
                            decided_on=D(2026, 11, 3), reason="监督完毕")
        assert "1 件调取材料待答复或待审阅" in str(error.value)
        svc.material_request_withdraw(actor=world.procurator, request=request, reason="不再需要")
        case_transition(actor=world.procurator, case=case, action="close",
                        decided_on=D(2026, 11, 3), reason="监督完毕")


def test_a_holiday_notice_moves_a_provisional_due_date_and_tells_both_sides(world, case):
    from recommendations.tests.test_deadline_models import change_2027
    from supervision.services.calendar_change import (
        calendar_change_apply,
        preview_calendar_change,
    )

    # Ten days from 29 January 2027 end on Monday 8 February, in the Spring Festival the
    # statutory holidays give while 2027's notice is not entered: due the 9th, provisional.
    request = send(world, case, D(2027, 1, 29), days=10)
    assert (request.due_date, request.due_provisional) == (D(2027, 2, 9), True)
    with at(D(2027, 1, 30)):
        preview = preview_calendar_change(change_2027())
        [move] = [m for m in preview.moves if m.model == "duties.materialrequest"]
        assert (move.pk, move.party, move.kind) == (request.pk, world.court.name,
                                                    "material_request")
        calendar_change_apply(actor=world.sysadmin, change=change_2027(),
                              expected_fingerprint=preview.fingerprint)
    request.refresh_from_db()
    assert (request.due_date, request.due_provisional) == (D(2027, 2, 14), False)
    told = Notification.objects.filter(code="calendar.moved.material_request")
    assert {n.recipient for n in told} == {world.procurator, world.court_liaison}
    for note in told:
        assert "2027年2月14日" in note.text
        assert note.link == (request.portal_url() if note.recipient == world.court_liaison
                             else request.get_absolute_url())


def test_running_and_overdue_mean_the_same_on_a_request_and_in_sql(world, case):
    """As recommendations/tests/test_deadline_models.py checks the models below this layer."""
    waiting = send(world, case, D(2026, 11, 2))                          # due 12 November
    answer(world, send(world, case, D(2026, 11, 2)), D(2026, 11, 5))
    with at(D(2026, 11, 3)):
        svc.material_request_withdraw(actor=world.procurator, reason="误发",
                                      request=send(world, case, D(2026, 11, 3)))
    assert waiting.is_running()
    for today in (D(2026, 11, 5), D(2026, 11, 12), D(2026, 11, 13), D(2027, 1, 1)):
        rows = list(MaterialRequest.objects.all())
        assert {r.is_running() for r in rows} == {True, False}
        running = set(MaterialRequest.objects.running().values_list("pk", flat=True))
        overdue = set(MaterialRequest.objects.overdue(today).values_list("pk", flat=True))
        soon = set(MaterialRequest.objects.due_within(7, today).values_list("pk", flat=True))
        for row in rows:
            assert row.is_running() == (row.pk in running)
            assert row.is_overdue(today) == (row.pk in overdue), (row.pk, today)
            assert (row.is_running() and 0 <= row.days_left(today) <= 7) == (row.pk in soon)


def test_an_event_whose_model_is_gone_is_delivered_as_stale_not_retried_forever(world):
    event = DeadlineEvent.objects.create(subject_type="duties.nosuchmodel", subject_id=1,
                                         kind=K.OVERDUE, offset_days=1, due_date=D(2026, 11, 1))
    assert sweep.deliver_event(event.pk) is True
    event.refresh_from_db()
    assert event.delivered_at is not None and not Notification.objects.exists()
    assert event.pk in _events_without_subject(D(2026, 11, 2))  # and the self-check names it
