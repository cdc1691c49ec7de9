"""The adjudication pages: who sees what (404 for the rest, the court's own liaison included),
the case page's panel, the forms' errors in the user's language, the documents rendered and
read back, the query counts."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from adjudication import documents, services
from adjudication.models import Attendance

from .conftest import TODAY, at, attended, notice

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pdf_text(data: bytes) -> str:
    """The PDF's text without the layout's spaces and line breaks (the title is spaced out)."""
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"\s", "", text)


def _urls(record: Attendance) -> list[str]:
    return [reverse("adjudication:detail", args=[record.pk]),
            reverse("adjudication:opinion-pdf", args=[record.pk]),
            reverse("adjudication:record-pdf", args=[record.pk]),
            reverse("api-adjudication-attendance-detail", args=[record.pk])]


@pytest.mark.parametrize(("persona", "sees_linked", "sees_unlinked"), [
    ("chief", True, True), ("approver", True, True), ("supervisor", True, True),
    ("procurator", True, False), ("assistant", True, False), ("pt_procurator", False, False),
    ("court_liaison", False, False), ("police_liaison", False, False),
    ("observer", False, False), ("sysadmin", False, False), ("secadmin", False, False),
    ("auditadmin", False, False),
])
def test_who_sees_an_attendance(world, chief, case, clock, persona, sees_linked,
                                sees_unlinked):
    linked = notice(world, world.procurator, case=case)
    unlinked = notice(world, world.approver, subject="量刑规范化工作", category="other_topic")
    user = chief if persona == "chief" else getattr(world, persona)
    client = client_for(user)
    for record, sees in ((linked, sees_linked), (unlinked, sees_unlinked)):
        for url in _urls(record):
            assert client.get(url).status_code == (200 if sees else 404), (url, persona)
    list_status = client.get(reverse("adjudication:list")).status_code
    assert list_status == (200 if sees_linked else 404) or persona == "pt_procurator"
    listed = client.get(reverse("api-adjudication-attendance-list"))
    count = listed.json()["count"] if listed.status_code == 200 else 0
    assert count == sees_linked + sees_unlinked


def test_the_list_counts_filters_and_pins_its_queries(world, chief, case, clock,
                                                      django_assert_num_queries):
    done = attended(world, chief, case=case, actor=world.procurator)
    services.attendance_decide(actor=chief, attendance=done, adoption="adopted",
                               decision="改判", decided_on=TODAY)
    notice(world, world.approver, subject="量刑规范化工作", category="other_topic",
           day=TODAY, meeting=at(TODAY + datetime.timedelta(days=2)))
    client = client_for(chief)
    url = reverse("adjudication:list")
    page = client.get(url).content.decode()
    assert "张某故意伤害抗诉案" in page and "量刑规范化工作" in page
    assert "通知时间较短" in page  # two days' notice
    assert "列席审判委员会会议 1 次，讨论案件 1 件；本院意见被采纳 1 次" in page
    filtered = client.get(url, {"adoption": "adopted"}).content.decode()
    assert "张某故意伤害抗诉案" in filtered and "量刑规范化工作" not in filtered
    filtered = client.get(url, {"status": "notified", "court": world.court.pk,
                                "year": 2026}).content.decode()
    assert "量刑规范化工作" in filtered and "张某故意伤害抗诉案" not in filtered
    assert "没有符合条件" in client.get(url, {"year": 2025}).content.decode()
    bad = client.get(url, {"year": "abc", "status": "nonsense", "court": "99999999999999999999"})
    assert bad.status_code == 200
    # Flat: session, user, the court filter's choices, the counts, the figures, the count
    # and the rows of the page, the bell, the savepoint pair of the request's transaction.
    with django_assert_num_queries(9):
        client.get(url)
    for _i in range(3):
        notice(world, world.approver, subject="另一议题")
    with django_assert_num_queries(9):
        page = client.get(url).content.decode()
    assert page.count('data-testid="adjudication-row"') == 5


def test_a_notice_through_the_page_and_bad_input(world, chief, case, clock):
    client = client_for(chief)
    url = reverse("adjudication:create")
    page = client.get(url).content.decode()
    assert "舟山市定海区人民法院" in page and "舟山市普陀区人民法院" not in page
    bad = client.post(url, {"court": world.pt_court.pk, "subject": "", "category": "protest",
                            "initiative": "court_notice", "notice_received_on": "2026-13-45",
                            "meeting_at": "2026-11-26T25:00", "case_number": "不存在的案号"})
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "未找到本院案号为“不存在的案号”的监督案件。" in text
    assert Attendance.objects.count() == 0
    response = client.post(url, {
        "court": world.court.pk, "subject": "张某故意伤害抗诉案", "category": "protest",
        "initiative": "court_notice", "notice_received_on": "2026-11-20",
        "meeting_at": "2026-11-26T14:30", "case_number": case.number,
        "agenda": "讨论抗诉案"})
    record = Attendance.objects.get()
    assert response.status_code == 302 and response.url == record.get_absolute_url()
    assert record.case == case and record.created_by == chief
    # A refusal by the service (the meeting before the notice) is shown on the form.
    response = client.post(url, {
        "court": world.court.pk, "subject": "另案", "category": "protest",
        "initiative": "court_notice", "notice_received_on": "2026-11-20",
        "meeting_at": "2026-11-19T14:30"})
    assert "会议时间不能早于收到通知的日期。" in response.content.decode()


def test_a_procurator_may_record_only_from_the_case_page(world, case, clock):
    client = client_for(world.procurator)
    assert client.get(reverse("adjudication:create")).status_code == 404
    url = reverse("adjudication:create-for-case", args=[case.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {
        "court": world.court.pk, "subject": "张某故意伤害抗诉案", "category": "protest",
        "initiative": "procuratorate_request", "notice_received_on": "2026-11-20",
        "meeting_at": "2026-11-26T14:30", "draft_opinion": "建议改判。"})
    assert response.status_code == 302
    assert Attendance.objects.get().case == case
    assert client_for(world.pt_procurator).get(url).status_code == 404
    assert client_for(world.supervisor).get(url).status_code == 404
    assert client_for(world.procurator).get(
        reverse("adjudication:create-for-case", args=[999999])).status_code == 404


def test_the_steps_through_the_pages(world, chief, deputy, case, clock):
    record = notice(world, world.procurator, case=case, day=datetime.date(2026, 11, 16),
                    meeting=at(datetime.date(2026, 11, 20), 14, 30), draft_opinion="建议改判。")
    chief_client = client_for(chief)
    # The procurator may not open the chief's steps (404), but may edit the preparation.
    procurator = client_for(world.procurator)
    for name in ("adjudication:attend", "adjudication:entrust"):
        assert procurator.get(reverse(name, args=[record.pk])).status_code == 404
    assert procurator.get(reverse("adjudication:edit", args=[record.pk])).status_code == 200
    # The decision before the attendance: not offered.
    assert chief_client.get(reverse("adjudication:decide", args=[record.pk])).status_code == 404
    url = reverse("adjudication:entrust", args=[record.pk])
    chief_client.post(url, {"deputy": deputy.pk, "reason": "出差"})
    assert Attendance.objects.get(pk=record.pk).deputy == deputy
    url = reverse("adjudication:attend", args=[record.pk])
    form = client_for(deputy).get(url).content.decode()
    assert "建议改判。" in form  # the draft is the starting point
    response = client_for(deputy).post(url, {"attendee": deputy.pk,
                                             "attended_at": "2026-11-20T14:40",
                                             "opinion": "原判量刑畸轻，建议依法改判。"})
    assert response.status_code == 302
    url = reverse("adjudication:decide", args=[record.pk])
    bad = procurator.post(url, {"adoption": "adopted", "decision": "",
                                "decided_on": "2026-11-20"})
    assert bad.status_code == 200 and Attendance.objects.get(pk=record.pk).status == "attended"
    procurator.post(url, {"adoption": "not_adopted", "decision": "维持原判。",
                          "decided_on": "2026-11-20"})
    record.refresh_from_db()
    assert record.status == "concluded" and record.adoption == "not_adopted"
    page = procurator.get(record.get_absolute_url()).content.decode()
    assert "登记后续监督" in page and "维持原判。" in page and "赵副检察长" in page
    procurator.post(reverse("adjudication:follow-up", args=[record.pk]),
                    {"follow_up": "提请抗诉。"})
    assert Attendance.objects.get(pk=record.pk).follow_up == "提请抗诉。"


def test_absent_and_cancel_through_the_page(world, chief, clock):
    record = notice(world, world.approver)
    client = client_for(world.approver)
    response = client.post(reverse("adjudication:absent", args=[record.pk]), {"reason": "出差"})
    assert response.status_code == 302  # refused: told on the page it returns to
    assert Attendance.objects.get(pk=record.pk).status == "notified"
    client.post(reverse("adjudication:cancel", args=[record.pk]), {"reason": ""})
    assert Attendance.objects.get(pk=record.pk).status == "notified"
    client.post(reverse("adjudication:cancel", args=[record.pk]), {"reason": "法院撤回议题"})
    assert Attendance.objects.get(pk=record.pk).status == "cancelled"
    other = notice(world, world.approver)
    client_for(chief).post(reverse("adjudication:absent", args=[other.pk]),
                           {"reason": "与检委会会议冲突"})
    assert Attendance.objects.get(pk=other.pk).status == "absent"
    page = client_for(chief).get(other.get_absolute_url()).content.decode()
    assert "与检委会会议冲突" in page


def test_the_case_page_shows_the_panel_the_timeline_and_the_next_step(world, chief, case,
                                                                     clock):
    client = client_for(world.procurator)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "检察长列席审判委员会" in page
    assert reverse("adjudication:create-for-case", args=[case.pk]) in page
    notice(world, world.procurator, case=case)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "张某故意伤害抗诉案" in page and "登记审判委员会会议通知" in page
    assert "准备列席舟山市定海区人民法院审判委员会会议" in page
    # The supervisor above sees the panel, without the button.
    page = client_for(world.supervisor).get(case.get_absolute_url()).content.decode()
    assert "张某故意伤害抗诉案" in page
    assert reverse("adjudication:create-for-case", args=[case.pk]) not in page
    # A case without any: the supervisor is not shown an empty panel.
    other = world.register_case(title="另案")
    page = client_for(world.supervisor).get(other.get_absolute_url()).content.decode()
    assert 'data-testid="case-adjudication"' not in page


def test_the_documents_read_back(world, chief, deputy, case, clock, output_dir):
    record = notice(world, world.procurator, case=case, day=datetime.date(2026, 11, 16),
                    meeting=at(datetime.date(2026, 11, 20), 14, 30),
                    draft_opinion="原判认定事实清楚。\n量刑畸轻，建议改判。")
    text = pdf_text(documents.render_opinion_pdf(record))
    assert "列席审判委员会会议意见" in text and "意见稿" in text and "量刑畸轻" in text
    assert "舟山市定海区人民法院审判委员会" in text
    services.attendance_entrust(actor=chief, attendance=record, deputy=deputy)
    services.attendance_attend(actor=deputy, attendance=record, attendee=deputy,
                               attended_at=at(datetime.date(2026, 11, 20), 14, 30),
                               opinion="原判量刑畸轻，建议审判委员会依法改判。")
    services.attendance_decide(actor=chief, attendance=record, adoption="partly",
                               decision="部分改判。", decided_on=TODAY, follow_up="跟进监督。")
    record = Attendance.objects.get(pk=record.pk)
    opinion, minutes = documents.render_opinion_pdf(record), documents.render_record_pdf(record)
    (output_dir / "opinion.pdf").write_bytes(opinion)
    (output_dir / "record.pdf").write_bytes(minutes)
    text = pdf_text(opinion)
    assert "意见稿" not in text and "受检察长委托的副检察长赵副检察长" in text
    assert "二〇二六年十一月二十日十四时三十分" in text
    text = pdf_text(minutes)
    for expected in ("列席审判委员会会议情况记录", "（2026）浙0902刑初88号", case.number,
                     "部分采纳", "部分改判", "跟进监督", "委托人：李检察长", "列席人（签名）"):
        assert expected in text, expected
    response = client_for(chief).get(reverse("adjudication:record-pdf", args=[record.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_an_unknown_id_answers_404(world, chief, clock):
    client = client_for(chief)
    for name in ("adjudication:detail", "adjudication:edit", "adjudication:attend",
                 "adjudication:record-pdf"):
        assert client.get(reverse(name, args=[987654])).status_code == 404


def test_malformed_posts_are_told_not_a_server_error(world, chief, deputy, clock):
    record = notice(world, world.approver, day=datetime.date(2026, 11, 16),
                    meeting=at(datetime.date(2026, 11, 20)))
    client = client_for(chief)
    huge = "99999999999999999999999"
    posts = [
        (reverse("adjudication:create"), {"court": huge, "category": "x", "initiative": "y",
                                          "notice_received_on": "0000-00-00",
                                          "meeting_at": "99999-01-01T00:00", "subject": "x"}),
        (reverse("adjudication:entrust", args=[record.pk]), {"deputy": huge}),
        (reverse("adjudication:attend", args=[record.pk]),
         {"attendee": huge, "attended_at": "yesterday", "opinion": ""}),
        (reverse("adjudication:edit", args=[record.pk]), {"court": "abc", "year": "x"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 200, url
    assert Attendance.objects.get(pk=record.pk).status == "notified"
