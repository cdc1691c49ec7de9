"""Joint meetings end to end: the procuratorate convenes and records the minutes, the agencies
at the meeting are told and see it (an agency not at the meeting never does, by any route),
an agency marks its task done with a note and a file, the convener confirms or reopens it;
the sweep reminds each owner once; the flow's figures count it all."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cases.samples import tiny_pdf
from duties.models import MeetingStatus, MeetingTask, MeetingTaskStatus
from duties.permissions.meetings import meetings_visible_to, tasks_visible_to
from duties.registry import flows
from duties.selectors import meetings as selectors
from duties.services import meetings as services
from recommendations.choices import DeadlineEventKind as K
from recommendations.models import DeadlineEvent
from recommendations.services import sweep
from supervision.models import AuditEntry, Notification

TZ = datetime.timezone(datetime.timedelta(hours=8))
D = datetime.date
HELD = D(2026, 11, 20)


def at(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9), TZ), tick=False)


def make_meeting(world, *, held_on=HELD, agencies=None, record=True, tasks=True):
    with at(held_on):
        meeting = services.meeting_create(
            actor=world.procurator, kind="joint", title="公检联席会议（第四季度）", held_on=held_on,
            place="定海区人民检察院第一会议室", topics="有案不立问题的共商",
            agencies=agencies or [world.court, world.police], participants=[world.assistant])
        made = {}
        if tasks:
            made["court"] = services.meeting_task_add(
                actor=world.procurator, meeting=meeting, description="法院梳理超审限案件并报送清单",
                due_date=held_on + datetime.timedelta(days=20), owner_agency=world.court)
            if world.police in (agencies or [world.police]):
                made["police"] = services.meeting_task_add(
                    actor=world.procurator, meeting=meeting, description="公安分局建立受案立案台账",
                    due_date=held_on + datetime.timedelta(days=30), owner_agency=world.police)
            made["ours"] = services.meeting_task_add(
                actor=world.procurator, meeting=meeting, description="本院起草信息共享工作办法",
                due_date=held_on + datetime.timedelta(days=10), owner_user=world.assistant)
        if record:
            services.meeting_save_minutes(
                actor=world.procurator, meeting=meeting, minutes="会议议定三项工作。",
                files=[SimpleUploadedFile("纪要.pdf", tiny_pdf())])
            services.meeting_record(actor=world.procurator, meeting=meeting)
    meeting.refresh_from_db()
    for task in made.values():
        task.refresh_from_db()
    return meeting, made


def test_recording_the_minutes_opens_the_tasks_and_tells_the_agencies_at_the_meeting(world):
    meeting, tasks = make_meeting(world, record=False)
    assert {t.status for t in tasks.values()} == {MeetingTaskStatus.DRAFT}
    assert not meetings_visible_to(world.court_liaison).exists()  # draft: ours alone
    with at(D(2026, 11, 20)):
        with pytest.raises(ValidationError, match="请先填写会议纪要"):
            services.meeting_record(actor=world.procurator, meeting=meeting)
        services.meeting_save_minutes(actor=world.procurator, meeting=meeting, minutes="议定三项。")
        services.meeting_record(actor=world.procurator, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.RECORDED
    assert set(meeting.tasks.values_list("status", flat=True)) == {MeetingTaskStatus.OPEN}
    told = Notification.objects.filter(code="meeting.recorded")
    assert {n.recipient.username for n in told} == {"court_liaison", "police_liaison"}
    court = told.get(recipient=world.court_liaison)
    assert "联席会议" in court.text and "1 项" in court.text
    assert court.link == meeting.get_portal_url()
    assert Notification.objects.filter(code="meeting.task_assigned_staff",
                                       recipient=world.assistant).exists()
    assert AuditEntry.objects.filter(action="meeting_record").count() == 1
    with at(D(2026, 11, 21)), pytest.raises(ValidationError, match="已经定稿"):
        services.meeting_record(actor=world.procurator, meeting=meeting)


def test_an_agency_not_at_the_meeting_never_sees_it_by_any_route(world):
    meeting, tasks = make_meeting(world, agencies=[world.court])
    task = tasks["court"]
    file = meeting.files.get()
    outsider = Client()
    outsider.force_login(world.police_liaison)
    pt = Client()
    pt.force_login(world.pt_court_liaison)
    urls = [reverse("portal:meeting-detail", args=[meeting.pk]),
            reverse("portal:meeting-task-close", args=[meeting.pk, task.pk]),
            reverse("portal:meeting-file", args=[meeting.pk, file.pk]),
            reverse("api-duty-meeting-detail", args=[meeting.pk]),
            reverse("api-duty-meeting-task", args=[meeting.pk, task.pk]),
            reverse("api-duty-meeting-file", args=[meeting.pk, file.pk]),
            reverse("duties:meeting-detail", args=[meeting.pk])]
    for client in (outsider, pt):
        for url in urls:
            assert client.get(url).status_code == 404, url
        assert client.post(reverse("api-duty-meeting-task-complete", args=[meeting.pk, task.pk]),
                           {"done_on": "2026-11-25", "note": "x"}).status_code == 404
        assert client.get(reverse("api-duty-meeting-list")).json()["count"] == 0
        page = client.get(reverse("portal:meetings"))
        assert meeting.title not in page.content.decode()
    assert not meetings_visible_to(world.police_liaison).exists()
    assert not tasks_visible_to(world.police_liaison).exists()
    # the court's liaison sees it, by every route
    court = Client()
    court.force_login(world.court_liaison)
    assert court.get(urls[0]).status_code == 200
    assert court.get(urls[3]).status_code == 200
    assert court.get(reverse("api-duty-meeting-list")).json()["count"] == 1


def test_an_agency_closes_its_task_the_convener_is_told_and_confirms(world):
    _meeting, tasks = make_meeting(world)
    task = tasks["court"]
    with at(D(2026, 11, 25)):
        with pytest.raises(PermissionDenied):  # another participant's task
            services.meeting_task_close(actor=world.police_liaison, task=task,
                                        done_on=D(2026, 11, 25), note="代为报告")
        with pytest.raises(ValidationError) as error:
            services.meeting_task_close(actor=world.court_liaison, task=task,
                                        done_on=D(2026, 11, 26), note=" ")
        assert set(error.value.error_dict) == {"note", "done_on"}
        services.meeting_task_close(
            actor=world.court_liaison, task=task, done_on=D(2026, 11, 25), note="清单已报送。",
            files=[SimpleUploadedFile("清单.pdf", tiny_pdf())])
    task.refresh_from_db()
    assert task.status == MeetingTaskStatus.DONE and task.awaiting_confirmation
    assert not task.is_running()
    note = Notification.objects.get(code="meeting_task.done_by_agency")
    assert note.recipient == world.procurator  # the convener (registered and recorded it)
    assert "舟山市定海区人民法院" in note.text
    with at(D(2026, 11, 25)):
        assert list(selectors.staff_pending(world.procurator)) == [task]
        assert not selectors.staff_pending(world.pt_procurator).exists()
    with at(D(2026, 11, 26)):
        with pytest.raises(PermissionDenied):  # a supervisor above reads, does not act
            services.meeting_task_confirm(actor=world.supervisor, task=task)
        services.meeting_task_confirm(actor=world.approver, task=task)
    task.refresh_from_db()
    assert task.confirmed_by == world.approver
    assert {n.recipient.username for n in Notification.objects.filter(
        code="meeting_task.confirmed")} == {"court_liaison"}
    with at(D(2026, 11, 26)):
        assert not selectors.staff_pending(world.procurator).exists()


def test_reopen_needs_a_reason_and_tells_the_agency(world):
    _meeting, tasks = make_meeting(world)
    task = tasks["police"]
    with at(D(2026, 11, 25)):
        services.meeting_task_close(actor=world.police_liaison, task=task,
                                    done_on=D(2026, 11, 25), note="台账已建立。")
        with pytest.raises(ValidationError, match="理由"):
            services.meeting_task_reopen(actor=world.procurator, task=task, reason="")
        with pytest.raises(PermissionDenied):
            services.meeting_task_reopen(actor=world.police_liaison, task=task, reason="x")
        services.meeting_task_reopen(actor=world.procurator, task=task,
                                     reason="台账未覆盖 2025 年以前的报案。")
        task.refresh_from_db()
        assert task.status == MeetingTaskStatus.OPEN and task.is_running()
        assert task.confirmed_at is None
        note = Notification.objects.get(code="meeting_task.reopened")
        assert note.recipient == world.police_liaison and "2025 年以前" in note.text
        with pytest.raises(ValidationError, match="不能重新办理"):
            services.meeting_task_reopen(actor=world.procurator, task=task, reason="again")


def test_a_task_is_edited_until_done_and_a_new_agreed_date_is_explained(world):
    _meeting, tasks = make_meeting(world)
    task = tasks["court"]
    assert "会议商定的期限" in task.due_explanation_text()
    assert "2026年11月20日" in task.due_explanation_text()
    with at(D(2026, 11, 22)):
        with pytest.raises(ValidationError) as error:  # a new date needs its reason
            services.meeting_task_update(actor=world.procurator, task=task,
                                         description=task.description, due_date=D(2026, 12, 31),
                                         owner_agency=world.court)
        assert "reason" in error.value.error_dict
        with pytest.raises(ValidationError) as error:  # owner must be at the meeting
            services.meeting_task_update(actor=world.procurator, task=task,
                                         description=task.description, due_date=task.due_date,
                                         owner_agency=world.market)
        assert "owner" in error.value.error_dict
        services.meeting_task_update(actor=world.procurator, task=task,
                                     description=task.description, due_date=D(2026, 12, 31),
                                     owner_agency=world.court, reason="法院申请，经各方同意")
    task.refresh_from_db()
    assert task.due_date == D(2026, 12, 31)
    text = task.due_explanation_text()
    assert "2026年12月10日" in text and "2026年12月31日" in text and "经各方同意" in text
    assert Notification.objects.filter(code="meeting_task.changed",
                                       recipient=world.court_liaison).exists()
    with at(D(2026, 11, 23)):
        services.meeting_task_close(actor=world.procurator, task=task, done_on=D(2026, 11, 23),
                                    note="法院已报送。")
        task.refresh_from_db()
        assert task.confirmed_by == world.procurator  # ours needs no confirmation of its own
        with pytest.raises(ValidationError):
            services.meeting_task_update(actor=world.procurator, task=task,
                                         description="改", due_date=task.due_date,
                                         owner_agency=world.court)


def test_only_the_convening_procuratorate_works_on_the_meeting(world):
    meeting, tasks = make_meeting(world)
    for actor in (world.pt_procurator, world.supervisor, world.court_liaison):
        with at(D(2026, 11, 21)), pytest.raises((PermissionDenied, ValidationError)):
            services.meeting_task_add(actor=actor, meeting=meeting, description="x",
                                      due_date=D(2026, 12, 1), owner_agency=world.court)
    # the assistant owns a task: sees the meeting and closes their own task
    assert meetings_visible_to(world.assistant).filter(pk=meeting.pk).exists()
    assert not meetings_visible_to(world.pt_procurator).exists()
    assert meetings_visible_to(world.supervisor).filter(pk=meeting.pk).exists()
    with at(D(2026, 11, 28)):
        services.meeting_task_close(actor=world.assistant, task=tasks["ours"],
                                    done_on=D(2026, 11, 28), note="办法已起草。")
    with at(D(2026, 11, 28)), pytest.raises(ValidationError, match="纪要已定稿"):
        services.meeting_delete(actor=world.procurator, meeting=meeting)


def _sweep(day: datetime.date) -> None:
    sweep.sweep_deadlines(day)
    assert sweep.sweep_deadlines(day) == 0  # a second run finds nothing new
    with at(day):
        for pk in sweep.pending_event_ids():
            sweep.deliver_event(pk)


def test_the_sweep_reminds_each_owner_once_and_tells_the_convener_when_overdue(world):
    _meeting, tasks = make_meeting(world)  # court due 12-10, police 12-20, ours 11-30
    court, police, ours = tasks["court"], tasks["police"], tasks["ours"]
    with at(D(2026, 12, 1)):
        services.meeting_task_close(actor=world.police_liaison, task=police,
                                    done_on=D(2026, 12, 1), note="已建立。")
    for day in (D(2026, 11, 23), D(2026, 11, 29), D(2026, 11, 30), D(2026, 12, 1),
                D(2026, 12, 3), D(2026, 12, 9), D(2026, 12, 10), D(2026, 12, 11),
                D(2026, 12, 20), D(2026, 12, 21)):
        _sweep(day)
    label = MeetingTask._meta.label_lower
    events = DeadlineEvent.objects.filter(subject_type=label)
    assert sorted(events.values_list("subject_id", "kind", "offset_days")) == sorted([
        (court.pk, K.REMINDER, 7), (court.pk, K.REMINDER, 1), (court.pk, K.REMINDER, 0),
        (court.pk, K.OVERDUE, 1),
        (ours.pk, K.REMINDER, 7), (ours.pk, K.REMINDER, 1), (ours.pk, K.REMINDER, 0),
        (ours.pk, K.OVERDUE, 1)])  # nothing for the task done before its reminders
    by_code: dict[tuple[int, str], set[str]] = {}
    for note in Notification.objects.filter(code__startswith="meeting_task.").exclude(
            code__in=["meeting_task.done_by_agency"]):
        task_id = note.event.subject_id if note.event_id else None
        by_code.setdefault((task_id, note.code), set()).add(note.recipient.username)
    assert by_code[(court.pk, "meeting_task.reminder")] == {"court_liaison"}
    assert by_code[(court.pk, "meeting_task.due_today")] == {"court_liaison"}
    assert by_code[(court.pk, "meeting_task.overdue")] == {"court_liaison", "procurator"}
    assert by_code[(ours.pk, "meeting_task.reminder")] == {"assistant"}
    assert by_code[(ours.pk, "meeting_task.overdue")] == {"assistant", "procurator"}
    overdue = Notification.objects.get(code="meeting_task.overdue", recipient=world.court_liaison)
    assert overdue.link == court.get_portal_url() and "已逾期" in overdue.text
    staff = Notification.objects.get(code="meeting_task.overdue", event__subject_id=court.pk,
                                     recipient=world.procurator)
    assert staff.link == court.get_absolute_url()
    reminders = Notification.objects.filter(code="meeting_task.reminder",
                                            recipient=world.court_liaison)
    assert reminders.count() == 2  # 7 and 1 days before, once each


def test_the_figures_count_meetings_tasks_on_time_late_and_overdue(world):
    _meeting, tasks = make_meeting(world)
    with at(D(2026, 12, 5)):
        services.meeting_task_close(actor=world.court_liaison, task=tasks["court"],
                                    done_on=D(2026, 12, 5), note="按期完成。")
        services.meeting_task_close(actor=world.assistant, task=tasks["ours"],
                                    done_on=D(2026, 12, 5), note="逾期完成。")
    [flow] = [f for f in flows() if f.key == "meetings"]
    figures = {f.code: f for f in flow.figures}
    start, end = D(2026, 11, 1), D(2026, 12, 31)
    with at(D(2027, 1, 5)):
        assert figures["meetings_held"].rows(start, end).count() == 1
        assert figures["meeting_tasks_agreed"].rows(start, end).count() == 3
        assert list(figures["meeting_tasks_on_time"].rows(start, end)) == [tasks["court"]]
        assert list(figures["meeting_tasks_late"].rows(start, end)) == [tasks["ours"]]
        assert list(figures["meeting_tasks_open_overdue"].rows(start, end)) == [tasks["police"]]
        per_agency = figures["meeting_tasks_agreed"].rows(start, end).filter(
            owner_agency=world.police).count()
        assert per_agency == 1
        assert list(flow.agency_pending(world.police_liaison)) == [tasks["police"]]
        # the court's completion awaits confirmation; the police's task is overdue
        assert set(flow.staff_pending(world.procurator)) == {tasks["court"], tasks["police"]}
        assert not flow.staff_pending(world.court_liaison).exists()


def test_running_and_overdue_mean_the_same_on_a_task_and_in_sql(world):
    """The check of ``recommendations/tests/test_deadline_models.py`` for this flow's model:
    a draft task, open tasks (one soon due, one overdue later) and a done one."""
    _meeting, tasks = make_meeting(world)
    make_meeting(world, record=False)  # its tasks are drafts: no clock
    with at(D(2026, 11, 25)):
        services.meeting_task_close(actor=world.court_liaison, task=tasks["court"],
                                    done_on=D(2026, 11, 25), note="已完成。")
    rows = list(MeetingTask.objects.all())
    assert {r.status for r in rows} == {MeetingTaskStatus.DRAFT, MeetingTaskStatus.OPEN,
                                        MeetingTaskStatus.DONE}
    for today in (D(2026, 11, 23), D(2026, 12, 16), D(2027, 3, 1)):
        running = set(MeetingTask.objects.running().values_list("pk", flat=True))
        overdue = set(MeetingTask.objects.overdue(today).values_list("pk", flat=True))
        soon = set(MeetingTask.objects.due_within(7, today).values_list("pk", flat=True))
        for row in rows:
            assert row.is_running() == (row.pk in running), row.pk
            assert row.is_overdue(today) == (row.pk in overdue), (row.pk, today)
            due_soon = row.is_running() and 0 <= row.days_left(today) <= 7
            assert due_soon == (row.pk in soon), (row.pk, today)


def test_a_draft_meeting_is_corrected_its_task_removed_and_then_deleted(world):
    """While the minutes are not recorded the convener corrects the registration, removes a
    task put down by mistake and may delete the meeting; each step is audited. An agency that
    owns a task stays at the meeting until its task is moved."""
    meeting, tasks = make_meeting(world, record=False)
    with at(HELD):
        with pytest.raises(ValidationError) as error:
            services.meeting_update(
                actor=world.procurator, meeting=meeting, kind="joint", title=meeting.title,
                held_on=HELD, place=meeting.place, topics=meeting.topics, agencies=[world.court])
        assert "agencies" in error.value.error_dict  # the police unit owns a task
        with pytest.raises((PermissionDenied, ValidationError)):
            services.meeting_update(
                actor=world.pt_procurator, meeting=meeting, kind="joint", title="x",
                held_on=HELD, place="x", topics="x", agencies=[world.court, world.police])
        services.meeting_update(
            actor=world.procurator, meeting=meeting, kind="consultation", title="个案会商",
            held_on=HELD, place="第二会议室", topics="某案的立案监督",
            agencies=[world.court, world.police], participants=[world.assistant])
        meeting.refresh_from_db()
        assert (meeting.kind, meeting.title, meeting.place) == ("consultation", "个案会商",
                                                                "第二会议室")
        services.meeting_task_remove(actor=world.procurator, task=tasks["police"])
        assert not MeetingTask.objects.filter(pk=tasks["police"].pk).exists()
        services.meeting_update(
            actor=world.procurator, meeting=meeting, kind="consultation", title="个案会商",
            held_on=HELD, place="第二会议室", topics="某案的立案监督", agencies=[world.court])
        assert list(meeting.agencies.all()) == [world.court]
        services.meeting_delete(actor=world.procurator, meeting=meeting)
    assert not type(meeting).objects.filter(pk=meeting.pk).exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"meeting_update", "meeting_task_remove", "meeting_delete"} <= actions
