"""The meetings API and pages: staff CRUD of meetings and tasks, the agency's list, detail and
completion, each through the page's form and the same service; bad input answers 400 in the
caller's language; the lists' query counts are pinned."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cases.samples import tiny_pdf
from duties.models import JointMeeting, MeetingStatus, MeetingTask, MeetingTaskStatus
from duties.services import meetings as services
from duties.tests.test_meetings import D, at, make_meeting
from supervision.models import Notification


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_staff_create_a_meeting_add_a_task_and_record_the_minutes_through_the_api(world):
    api = client_for(world.procurator)
    with at(D(2026, 11, 20)):
        refused = api.post(reverse("api-duty-meeting-list"), {
            "kind": "joint", "title": "联席会议", "held_on": "2026-11-20", "place": "会议室",
            "topics": "议题", "agencies": []}, content_type="application/json")
        assert refused.status_code == 400
        assert {e["attr"] for e in refused.json()["errors"]} == {"agencies"}
        made = api.post(reverse("api-duty-meeting-list"), {
            "kind": "consultation", "title": "盗窃案件会商", "held_on": "2026-11-20",
            "place": "第二会议室", "topics": "证据标准", "agencies": [world.police.pk],
            "participants": [world.assistant.pk]}, content_type="application/json")
        assert made.status_code == 201, made.json()
        pk = made.json()["id"]
        assert made.json()["status"] == MeetingStatus.DRAFT
        wrong = api.post(reverse("api-duty-meeting-tasks", args=[pk]), {
            "description": "补充证据", "owner_agency": world.court.pk, "due_date": "2026-12-20"},
            content_type="application/json")
        assert wrong.status_code == 400  # the court was not at the meeting
        task = api.post(reverse("api-duty-meeting-tasks", args=[pk]), {
            "description": "补充调取监控录像", "owner_agency": world.police.pk,
            "due_date": "2026-12-20"}, content_type="application/json")
        assert task.status_code == 201, task.json()
        assert task.json()["status"] == MeetingTaskStatus.DRAFT
        recorded = api.post(reverse("api-duty-meeting-minutes", args=[pk]), {
            "minutes": "会商意见：补充证据。", "record": True}, content_type="application/json")
        assert recorded.status_code == 200, recorded.json()
        body = recorded.json()
        assert body["status"] == MeetingStatus.RECORDED
        assert body["tasks"][0]["status"] == MeetingTaskStatus.OPEN
        assert "会议商定的期限" in body["tasks"][0]["due_explanation_text"]
    assert Notification.objects.filter(code="meeting.recorded",
                                       recipient=world.police_liaison).exists()
    # a supervisor above reads it but does not act; the sibling procuratorate does not see it
    assert client_for(world.supervisor).get(
        reverse("api-duty-meeting-detail", args=[pk])).status_code == 200
    assert client_for(world.supervisor).post(
        reverse("api-duty-meeting-minutes", args=[pk]), {"minutes": "x"},
        content_type="application/json").status_code == 404
    assert client_for(world.pt_procurator).get(
        reverse("api-duty-meeting-detail", args=[pk])).status_code == 404


def test_the_agency_lists_reads_and_completes_its_task_through_the_api(world):
    meeting, tasks = make_meeting(world)
    police, court = tasks["police"], tasks["court"]
    with at(D(2026, 11, 25)):
        services.meeting_task_close(actor=world.court_liaison, task=court,
                                    done_on=D(2026, 11, 25), note="法院内部情况说明",
                                    files=[SimpleUploadedFile("说明.pdf", tiny_pdf())])
    api = client_for(world.police_liaison)
    with at(D(2026, 11, 26)):
        listed = api.get(reverse("api-duty-meeting-list")).json()
        assert [m["id"] for m in listed["results"]] == [meeting.pk]
        detail = api.get(reverse("api-duty-meeting-detail", args=[meeting.pk])).json()
        by_id = {t["id"]: t for t in detail["tasks"]}
        assert by_id[police.pk]["own"] is True
        # another participant's completion is theirs and the convener's
        assert by_id[court.pk]["completion_note"] is None and by_id[court.pk]["files"] == []
        assert detail["participants"] == [] and detail["cases"] == []
        court_file = court.files.get()
        assert api.get(reverse("api-duty-meeting-file",
                               args=[meeting.pk, court_file.pk])).status_code == 404
        assert api.post(reverse("api-duty-meeting-task-complete", args=[meeting.pk, court.pk]),
                        {"done_on": "2026-11-26", "note": "代报"}).status_code == 403
        bad = api.post(reverse("api-duty-meeting-task-complete", args=[meeting.pk, police.pk]),
                       {"done_on": "2026-12-26", "note": "已建立"},
                       HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert bad.status_code == 400
        assert "完成日期不能晚于今天" in bad.content.decode()
        done = api.post(reverse("api-duty-meeting-task-complete", args=[meeting.pk, police.pk]),
                        {"done_on": "2026-11-26", "note": "受案立案台账已建立。",
                         "files": [SimpleUploadedFile("台账.pdf", tiny_pdf())]})
        assert done.status_code == 200, done.json()
        assert done.json()["awaiting_confirmation"] is True
        assert len(done.json()["files"]) == 1
        staff = client_for(world.procurator)
        confirmed = staff.post(reverse("api-duty-meeting-task-confirm",
                                       args=[meeting.pk, police.pk]))
        assert confirmed.status_code == 200 and confirmed.json()["confirmed_at"]
        reopened = staff.post(reverse("api-duty-meeting-task-reopen", args=[meeting.pk, court.pk]),
                              {"reason": "说明不完整"}, content_type="application/json")
        assert reopened.status_code == 200 and reopened.json()["status"] == "open"
        moved = staff.put(reverse("api-duty-meeting-task", args=[meeting.pk, court.pk]), {
            "description": court.description, "owner_agency": world.court.pk,
            "due_date": "2027-01-15"}, content_type="application/json")
        assert moved.status_code == 400  # a new agreed date needs its reason
        moved = staff.put(reverse("api-duty-meeting-task", args=[meeting.pk, court.pk]), {
            "description": court.description, "owner_agency": world.court.pk,
            "due_date": "2027-01-15", "reason": "法院申请"}, content_type="application/json")
        assert moved.status_code == 200 and moved.json()["due_date"] == "2027-01-15"


def test_pages_the_convener_registers_a_meeting_and_the_liaison_reports_done(world):
    staff = client_for(world.procurator)
    with at(D(2026, 11, 20)):
        page = staff.post(reverse("duties:meeting-create"), {
            "kind": "joint", "title": "公检联席会议", "held_on": "2026-11-20", "place": "会议室",
            "agencies": [world.police.pk], "topics": "受案立案",
            "case_numbers": "不存在的案号"})
        assert page.status_code == 200 and "本院没有这些案号的案件" in page.content.decode()
        case = world.register_case()
        page = staff.post(reverse("duties:meeting-create"), {
            "kind": "joint", "title": "公检联席会议", "held_on": "2026-11-20", "place": "会议室",
            "agencies": [world.police.pk], "topics": "受案立案", "case_numbers": case.number})
        meeting = JointMeeting.objects.get()
        assert page.status_code == 302 and list(meeting.cases.all()) == [case]
        staff.post(reverse("duties:meeting-task-add", args=[meeting.pk]), {
            "description": "建立受案台账", "owner": f"a{world.police.pk}", "due_date": "2026-12-20"})
        staff.post(reverse("duties:meeting-minutes", args=[meeting.pk]), {"minutes": "议定一项。"})
        staff.post(reverse("duties:meeting-record", args=[meeting.pk]))
    task = MeetingTask.objects.get()
    assert task.status == MeetingTaskStatus.OPEN
    liaison = client_for(world.police_liaison)
    with at(D(2026, 11, 27)):
        portal = liaison.get(reverse("portal:meeting-detail", args=[meeting.pk])).content.decode()
        assert "建立受案台账" in portal and "报告完成" in portal
        assert case.number not in portal  # our case file is not the agency's
        answer = liaison.post(reverse("portal:meeting-task-close", args=[meeting.pk, task.pk]), {
            "done_on": "2026-11-27", "note": "已建立。",
            "files": [SimpleUploadedFile("台账.exe", b"MZ\x90\x00binary")]})
        assert answer.status_code == 200 and "不支持的文件类型" in answer.content.decode()
        answer = liaison.post(reverse("portal:meeting-task-close", args=[meeting.pk, task.pk]), {
            "done_on": "2026-11-27", "note": "已建立。",
            "files": [SimpleUploadedFile("台账.pdf", tiny_pdf())]})
        assert answer.status_code == 302
        queue = staff.get(reverse("duties:meeting-queue")).content.decode()
        assert "建立受案台账" in queue and "确认完成" in queue
    task.refresh_from_db()
    assert task.awaiting_confirmation and task.files.count() == 1


@pytest.mark.parametrize("rows", [1, 6])
def test_the_lists_read_a_fixed_number_of_queries(world, rows, django_assert_max_num_queries):
    for i in range(rows):
        make_meeting(world, held_on=D(2026, 11, 1) + datetime.timedelta(days=i))
    with at(D(2026, 12, 20)):
        staff, liaison = client_for(world.procurator), client_for(world.court_liaison)
        staff.get(reverse("duties:meetings"))  # sessions, caches
        with django_assert_max_num_queries(14):
            assert staff.get(reverse("duties:meetings")).status_code == 200
        with django_assert_max_num_queries(14):
            assert staff.get(reverse("duties:meeting-queue")).status_code == 200
        with django_assert_max_num_queries(14):
            assert liaison.get(reverse("portal:meetings")).status_code == 200
        with django_assert_max_num_queries(14):
            assert liaison.get(reverse("api-duty-meeting-list")).status_code == 200
        meeting = JointMeeting.objects.first()
        with django_assert_max_num_queries(22):
            assert staff.get(reverse("duties:meeting-detail", args=[meeting.pk])).status_code == 200
        with django_assert_max_num_queries(22):
            assert liaison.get(reverse("api-duty-meeting-detail",
                                       args=[meeting.pk])).status_code == 200


def test_the_staff_list_filters_and_a_bad_value_narrows_to_nothing(world):
    make_meeting(world)
    with at(D(2026, 11, 21)):
        services.meeting_create(
            actor=world.procurator, kind="consultation", title="市场监管案件会商",
            held_on=D(2026, 11, 21), place="市场监管局", topics="移送标准",
            agencies=[world.market])
        staff = client_for(world.procurator)
        page = staff.get(reverse("duties:meetings"), {"kind": "consultation"}).content.decode()
        assert "市场监管案件会商" in page and "公检联席会议（第四季度）" not in page
        page = staff.get(reverse("duties:meetings"), {"agency": world.court.pk}).content.decode()
        assert "公检联席会议（第四季度）" in page and "市场监管案件会商" not in page
        page = staff.get(reverse("duties:meetings"), {"q": "移送"}).content.decode()
        assert "市场监管案件会商" in page and "公检联席会议（第四季度）" not in page
        bad = staff.get(reverse("duties:meetings"), {"held_from": "2026-02-30"})
        assert bad.status_code == 200
        assert "没有符合条件的会议" in bad.content.decode()
        api = staff.get(reverse("api-duty-meeting-list"), {"kind": "consultation"}).json()
        assert [m["title"] for m in api["results"]] == ["市场监管案件会商"]
        assert staff.get(reverse("api-duty-meeting-list"), {"kind": "x"}).status_code == 400
