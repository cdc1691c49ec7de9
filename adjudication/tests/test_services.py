"""The life of an attendance at the court's adjudication committee, through the services: who
may take each step (the wrong person refused), from which state (the wrong state refused), what
is checked, what is audited and who is told."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from adjudication import selectors, services
from adjudication.models import Attendance
from supervision.models import AuditEntry, Notification
from supervision.statemachine import TransitionNotAllowed

from .conftest import TODAY, at, attended, notice

pytestmark = pytest.mark.django_db


def actions_of(record: Attendance) -> list[str]:
    return list(AuditEntry.objects.filter(target_type="adjudication.attendance",
                                          target_id=str(record.pk))
                .order_by("pk").values_list("action", flat=True))


def test_a_department_head_records_the_notice_and_the_chief_is_told(world, chief, clock):
    record = notice(world, world.approver)
    assert record.status == "notified" and record.procuratorate == world.dinghai
    assert record.case is None and not record.short_notice  # six days before
    assert Notification.objects.filter(recipient=chief, code="adjudication.notice").exists()
    assert actions_of(record) == ["adjudication_create"]


def test_the_whole_way_by_an_entrusted_deputy_with_the_opinion_not_adopted(
        world, chief, deputy, case, clock):
    # The handler of the case records the notice and drafts the opinion for the chief.
    record = notice(world, world.procurator, case=case, day=datetime.date(2026, 11, 16),
                    meeting=at(datetime.date(2026, 11, 20), 14, 30),
                    draft_opinion="原判认定事实清楚，但量刑畸轻。")
    # The chief cannot attend and entrusts the deputy chief, who is told.
    services.attendance_entrust(actor=chief, attendance=record, deputy=deputy,
                                reason="检察长出差")
    record.refresh_from_db()
    assert record.deputy == deputy and record.entrusted_by == chief
    assert record.entrusted_on == TODAY
    assert Notification.objects.filter(recipient=deputy, code="adjudication.entrusted").exists()
    # The deputy attends and records the opinion given.
    services.attendance_attend(actor=deputy, attendance=record, attendee=deputy,
                               attended_at=at(datetime.date(2026, 11, 20), 14, 40),
                               opinion="原判量刑畸轻，建议审判委员会依法改判。")
    record.refresh_from_db()
    assert record.status == "attended" and record.by_deputy
    # The handler records the committee's decision: not adopted, with a protest to follow.
    rec = world.issued(case, issued_on=datetime.date(2026, 11, 21))
    services.attendance_decide(actor=world.procurator, attendance=record, adoption="not_adopted",
                               decision="维持原判。", decided_on=datetime.date(2026, 11, 20),
                               follow_up="拟提请上级院抗诉。")
    services.attendance_follow_up(actor=world.approver, attendance=record,
                                  follow_up="已向法院提出检察建议。", follow_up_instrument=rec)
    record.refresh_from_db()
    assert record.status == "concluded" and record.adoption == "not_adopted"
    assert record.follow_up_instrument == rec and record.decision_recorded_by == world.procurator
    assert Notification.objects.filter(recipient=chief, code="adjudication.decided").exists()
    assert actions_of(record) == ["adjudication_create", "adjudication_entrust",
                                  "adjudication_attend", "adjudication_decide",
                                  "adjudication_follow_up"]


def test_only_the_chief_or_the_entrusted_deputy_attends(world, chief, deputy, case, clock):
    record = notice(world, world.procurator, case=case, day=datetime.date(2026, 11, 16),
                    meeting=at(datetime.date(2026, 11, 20)))
    kwargs = {"attended_at": at(datetime.date(2026, 11, 20)), "opinion": "意见"}
    for person in (world.procurator, world.approver, deputy, world.assistant):
        with pytest.raises(PermissionDenied):
            services.attendance_attend(actor=person, attendance=record, attendee=chief, **kwargs)
    # The chief records someone else as the attendee: only the chief or the entrusted deputy.
    with pytest.raises(ValidationError) as exc:
        services.attendance_attend(actor=chief, attendance=record, attendee=deputy, **kwargs)
    assert "attendee" in exc.value.message_dict
    # Only the chief entrusts, and only a member of the leadership of the same procuratorate.
    with pytest.raises(PermissionDenied):
        services.attendance_entrust(actor=world.approver, attendance=record, deputy=deputy)
    for wrong in (world.procurator, world.pt_procurator):
        with pytest.raises(ValidationError):
            services.attendance_entrust(actor=chief, attendance=record, deputy=wrong)
    assert Attendance.objects.get(pk=record.pk).deputy is None


def test_withdrawing_an_entrustment(world, chief, deputy, clock):
    record = notice(world, world.approver)
    services.attendance_entrust(actor=chief, attendance=record, deputy=deputy)
    services.attendance_entrust(actor=chief, attendance=record, deputy=None)
    record.refresh_from_db()
    assert record.deputy is None and record.entrusted_by is None
    with pytest.raises(PermissionDenied):  # no longer entrusted: may not attend
        services.attendance_attend(actor=deputy, attendance=record, attendee=deputy,
                                   attended_at=at(datetime.date(2026, 11, 22)), opinion="意见")


def test_who_may_record_a_notice(world, chief, case, clock):
    # A procurator without a case of theirs: no; with one: yes; another procuratorate: no.
    with pytest.raises(PermissionDenied):
        notice(world, world.procurator)
    with pytest.raises(PermissionDenied):
        notice(world, world.pt_procurator, case=case)
    with pytest.raises(PermissionDenied):
        notice(world, world.supervisor)
    with pytest.raises(PermissionDenied):
        notice(world, world.court_liaison)
    assert notice(world, world.assistant, case=case).case == case
    assert notice(world, chief).created_by == chief


def test_only_the_court_at_the_same_level(world, chief, clock):
    with pytest.raises(ValidationError) as exc:
        notice(world, chief, court=world.police)
    assert "court" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        notice(world, chief, court=world.pt_court)  # 普检's court
    assert "同级" in exc.value.message_dict["court"][0]


def test_bad_notices_are_refused_with_reasons(world, chief, case, clock):
    cases = [
        ({"subject": "  "}, "subject"),
        ({"category": "nonsense"}, "category"),
        ({"initiative": "nonsense"}, "initiative"),
        ({"day": TODAY + datetime.timedelta(days=1)}, "notice_received_on"),
        ({"meeting": at(datetime.date(2026, 11, 19))}, "meeting_at"),  # before the notice
        ({"meeting": datetime.datetime(2026, 11, 26, 9, 0)}, "meeting_at"),  # naive
    ]
    for kwargs, field in cases:
        with pytest.raises(ValidationError) as exc:
            notice(world, chief, **kwargs)
        assert field in exc.value.message_dict, kwargs
    other = world.register_case(actor=world.pt_procurator, agency=world.pt_court)
    with pytest.raises(ValidationError) as exc:
        notice(world, chief, case=other)
    assert Attendance.objects.count() == 0


def test_a_notice_received_late_is_marked_not_refused(world, chief, clock):
    record = notice(world, chief, day=datetime.date(2026, 11, 23),
                    meeting=at(datetime.date(2026, 11, 25)))
    assert record.notice_days == 2 and record.short_notice
    record = notice(world, chief, day=datetime.date(2026, 11, 23),
                    meeting=at(datetime.date(2026, 11, 26)))
    assert not record.short_notice


def test_the_steps_in_the_wrong_state_are_refused(world, chief, clock):
    record = notice(world, world.approver, day=datetime.date(2026, 11, 16),
                    meeting=at(datetime.date(2026, 11, 20)))
    with pytest.raises(TransitionNotAllowed):
        services.attendance_decide(actor=chief, attendance=record, adoption="adopted",
                                   decision="改判", decided_on=TODAY)
    services.attendance_cancel(actor=world.approver, attendance=record, reason="案件撤回抗诉")
    for step in (
        lambda: services.attendance_attend(actor=chief, attendance=record, attendee=chief,
                                           attended_at=at(datetime.date(2026, 11, 20)),
                                           opinion="意见"),
        lambda: services.attendance_update(actor=chief, attendance=record, subject="改"),
        lambda: services.attendance_absent(actor=chief, attendance=record, reason="出差"),
        lambda: services.attendance_entrust(actor=chief, attendance=record, deputy=None),
    ):
        with pytest.raises(TransitionNotAllowed):
            step()
    record = attended(world, chief)
    with pytest.raises(TransitionNotAllowed):
        services.attendance_update(actor=chief, attendance=record, subject="改")
    with pytest.raises(TransitionNotAllowed):
        services.attendance_follow_up(actor=chief, attendance=record, follow_up="抗诉")


def test_recording_the_attendance_checks_the_time_and_the_opinion(world, chief, clock):
    record = notice(world, world.approver, day=datetime.date(2026, 11, 16),
                    meeting=at(datetime.date(2026, 11, 20)))
    for kwargs, field in [
        ({"attended_at": at(datetime.date(2026, 11, 24))}, "attended_at"),  # in the future
        ({"attended_at": at(datetime.date(2026, 11, 15))}, "attended_at"),  # before the notice
        ({"opinion": "   "}, "opinion"),
    ]:
        values = {"attended_at": at(datetime.date(2026, 11, 20)), "opinion": "意见", **kwargs}
        with pytest.raises(ValidationError) as exc:
            services.attendance_attend(actor=chief, attendance=record, attendee=chief, **values)
        assert field in exc.value.message_dict
    assert Attendance.objects.get(pk=record.pk).status == "notified"


def test_recording_the_decision_checks_its_date_and_the_follow_up(world, chief, case, clock):
    record = attended(world, chief)
    for kwargs, field in [
        ({"adoption": "maybe"}, "adoption"),
        ({"decision": ""}, "decision"),
        ({"decided_on": datetime.date(2026, 11, 19)}, "decided_on"),  # before the meeting
        ({"decided_on": TODAY + datetime.timedelta(days=1)}, "decided_on"),
    ]:
        values = {"adoption": "adopted", "decision": "改判", "decided_on": TODAY, **kwargs}
        with pytest.raises(ValidationError) as exc:
            services.attendance_decide(actor=chief, attendance=record, **values)
        assert field in exc.value.message_dict
    rec = world.issued(case, issued_on=datetime.date(2026, 11, 21))
    with pytest.raises(ValidationError):  # adopted: no follow-up instrument
        services.attendance_decide(actor=chief, attendance=record, adoption="adopted",
                                   decision="改判", decided_on=TODAY, follow_up_instrument=rec)
    other = world.issued(world.register_case(actor=world.pt_procurator, agency=world.pt_court),
                         issued_on=datetime.date(2026, 11, 21))
    with pytest.raises(ValidationError) as exc:  # another procuratorate's instrument
        services.attendance_decide(actor=chief, attendance=record, adoption="not_adopted",
                                   decision="维持", decided_on=TODAY, follow_up_instrument=other)
    assert "follow_up_instrument" in exc.value.message_dict
    services.attendance_decide(actor=chief, attendance=record, adoption="adopted",
                               decision="依法改判。", decided_on=TODAY)
    with pytest.raises(ValidationError):  # adopted: nothing to follow up
        services.attendance_follow_up(actor=chief, attendance=record, follow_up="无")


def test_a_preparer_of_another_case_may_not_touch_it(world, chief, case, clock):
    record = notice(world, world.approver)  # not linked to the case
    with pytest.raises(PermissionDenied):
        services.attendance_update(actor=world.procurator, attendance=record, subject="改")
    with pytest.raises(PermissionDenied):
        services.attendance_cancel(actor=world.pt_procurator, attendance=record, reason="x")


def test_absence_and_cancellation_need_a_reason(world, chief, deputy, clock):
    record = notice(world, world.approver)
    with pytest.raises(ValidationError):
        services.attendance_absent(actor=chief, attendance=record, reason=" ")
    with pytest.raises(PermissionDenied):  # the department head does not decide to stay away
        services.attendance_absent(actor=world.approver, attendance=record, reason="出差")
    services.attendance_absent(actor=chief, attendance=record, reason="与检察委员会会议冲突")
    assert Attendance.objects.get(pk=record.pk).status == "absent"
    with pytest.raises(ValidationError):
        services.attendance_cancel(actor=world.approver, attendance=notice(world, chief),
                                   reason="")


def test_editing_the_preparation_is_audited_with_its_changes(world, chief, case, clock):
    record = notice(world, world.procurator, case=case)
    services.attendance_update(actor=world.assistant, attendance=record,
                               draft_opinion="建议改判。", materials="已调阅全部卷宗。")
    record.refresh_from_db()
    assert record.draft_opinion == "建议改判。"
    entry = AuditEntry.objects.filter(action="adjudication_update").get()
    assert set(entry.changes) == {"draft_opinion", "materials"}
    # Nothing changed: nothing written.
    services.attendance_update(actor=world.assistant, attendance=record, draft_opinion="建议改判。")
    assert AuditEntry.objects.filter(action="adjudication_update").count() == 1


def test_the_constraints_hold_in_the_database(world, chief, clock):
    record = notice(world, chief)
    with transaction.atomic(), pytest.raises(IntegrityError):
        Attendance.objects.filter(pk=record.pk).update(status="attended")
    with transaction.atomic(), pytest.raises(IntegrityError):
        Attendance.objects.filter(pk=record.pk).update(status="cancelled")
    with transaction.atomic(), pytest.raises(IntegrityError):
        Attendance.objects.filter(pk=record.pk).update(deputy=world.approver)


def test_period_figures(world, chief, deputy, case, clock):
    adopted = attended(world, chief, case=case, actor=world.procurator)
    services.attendance_decide(actor=chief, attendance=adopted, adoption="adopted",
                               decision="改判", decided_on=TODAY)
    topic = attended(world, chief, category="other_topic", subject="量刑规范化工作通报")
    partly = notice(world, world.approver, day=datetime.date(2026, 11, 16),
                    meeting=at(datetime.date(2026, 11, 20)))
    services.attendance_entrust(actor=chief, attendance=partly, deputy=deputy)
    services.attendance_attend(actor=deputy, attendance=partly, attendee=deputy,
                               attended_at=at(datetime.date(2026, 11, 20)), opinion="意见")
    services.attendance_decide(actor=deputy, attendance=partly, adoption="partly",
                               decision="部分改判", decided_on=TODAY)
    absent = notice(world, world.approver, day=datetime.date(2026, 11, 16),
                    meeting=at(datetime.date(2026, 11, 20)))
    services.attendance_absent(actor=chief, attendance=absent, reason="出差")
    notice(world, world.approver)  # ahead: not counted
    start, end = datetime.date(2026, 1, 1), TODAY
    figures = selectors.period_figures(chief, start, end)
    assert figures == {"attended": 3, "cases": 2, "by_deputy": 1, "absent": 1,
                       "adoption": {"adopted": 1, "partly": 1, "not_adopted": 0,
                                    "undecided": 0}}
    assert topic.status == "attended"
    assert selectors.period_figures(world.supervisor, start, end)["attended"] == 3
    assert selectors.period_figures(world.pt_procurator, start, end)["attended"] == 0
    assert selectors.period_figures(world.court_liaison, start, end)["attended"] == 0
    assert selectors.period_figures(chief, start, datetime.date(2026, 11, 19))["attended"] == 0
