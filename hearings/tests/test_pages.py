"""The hearing pages: who sees what (404 for the rest), the case page's panel, the forms'
errors in the user's language, the documents rendered and read back, the query counts."""

from __future__ import annotations

import datetime
import io
import pathlib

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from hearings import documents, services
from hearings.models import Hearing

from .conftest import TODAY, at
from .test_hearings import held, invite, schedule

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize(("persona", "sees"), [
    ("procurator", True), ("assistant", False), ("approver", True), ("supervisor", True),
    ("pt_procurator", False), ("court_liaison", False), ("police_liaison", False),
    ("observer", False), ("sysadmin", False), ("auditadmin", False),
])
def test_who_sees_a_hearing(world, case, register, clock, persona, sees):
    hearing = schedule(world, case)
    participant = invite(world, hearing, register, "li")[0]
    client = client_for(getattr(world, persona))
    urls = [reverse("hearings:detail", args=[hearing.pk]),
            reverse("hearings:record-pdf", args=[hearing.pk]),
            reverse("hearings:notice-pdf", args=[hearing.pk, participant.pk]),
            reverse("api-hearing-detail", args=[hearing.pk])]
    for url in urls:
        assert client.get(url).status_code == (200 if sees else 404), url
    listed = client.get(reverse("api-hearing-list")).json()["count"] if persona != "sysadmin" \
        else 0
    assert listed == (1 if sees else 0)


def test_the_case_page_shows_the_hearings_and_the_next_step(world, case, register, clock):
    hearing = schedule(world, case, day=datetime.date(2026, 11, 30))
    invite(world, hearing, register, "li")
    page = client_for(world.procurator).get(case.get_absolute_url()).content.decode()
    assert "对执行监督申请的公开听证" in page and "安排听证" in page
    assert "准备听证" in page  # the next action
    assert "安排听证" in page
    # A supervisor above sees the panel, without the button.
    page = client_for(world.supervisor).get(case.get_absolute_url()).content.decode()
    assert "对执行监督申请的公开听证" in page
    assert reverse("hearings:create", args=[case.pk]) not in page


def test_the_case_timeline_shows_the_hearing_steps(world, case, register, clock):
    hearing = schedule(world, case)
    invite(world, hearing, register, "li")
    page = client_for(world.procurator).get(case.get_absolute_url()).content.decode()
    assert "安排听证" in page and "添加听证参加人" in page and "李海明" in page


def test_scheduling_through_the_page_and_bad_input(world, case, clock):
    client = client_for(world.procurator)
    url = reverse("hearings:create", args=[case.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"topic": "", "questions": "问题", "place": "听证室",
                                 "scheduled_at": "2026-13-45T25:00", "presiding": world.procurator.pk})
    assert response.status_code == 200
    body = response.content.decode()
    assert "这个字段是必填项" in body or "必填" in body
    assert not Hearing.objects.exists()
    response = client.post(url, {"topic": "公开听证", "questions": "问题一\n问题二",
                                 "place": "听证室", "scheduled_at": "2026-11-30T14:30",
                                 "presiding": world.procurator.pk, "public": "on"})
    hearing = Hearing.objects.get()
    assert response.status_code == 302 and response["Location"] == hearing.get_absolute_url()
    assert hearing.scheduled_at == at(datetime.date(2026, 11, 30), 14, 30)
    # A presiding procurator of another procuratorate is not offered, and refused.
    response = client.post(reverse("hearings:edit", args=[hearing.pk]), {
        "topic": "公开听证", "questions": "问题", "place": "听证室",
        "scheduled_at": "2026-11-30T14:30", "presiding": world.pt_procurator.pk})
    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()


def test_the_participant_form_lists_only_invitable_supervisors(world, case, register, clock):
    hearing = schedule(world, case)
    invite(world, hearing, register, "zhang")
    page = client_for(world.procurator).get(
        reverse("hearings:participant-add", args=[hearing.pk])).content.decode()
    assert "李海明" in page and "王志远" in page
    for absent in ("赵退任", "钱暂停", "孙普陀", "张秀英"):
        assert absent not in page


def test_the_hearing_page_through_to_the_conclusion(world, case, register, clock):
    hearing, people = held(world, case, register)
    client = client_for(world.procurator)
    url = reverse("hearings:opinion", args=[hearing.pk, people[0].pk])
    response = client.post(url, {"opinion": "同意", "stance": "agree"})
    assert response.status_code == 302
    response = client.post(reverse("hearings:conclude", args=[hearing.pk]), {
        "outcome": "adopted", "decision": "提出检察建议", "concluded_on": TODAY.isoformat()})
    assert response.status_code == 200  # refused: two members have no opinion yet
    assert "尚未记录以下听证员的意见" in response.content.decode()
    page = client.get(hearing.get_absolute_url()).content.decode()
    assert "李海明" in page and "同意" in page


def test_the_register_pages(world, register, clock):
    approver_zs = register["approver_zs"]
    page = client_for(world.procurator).get(reverse("hearings:supervisors")).content.decode()
    assert "李海明" in page and "138****5678" in page and "13812345678" not in page
    assert "孙普陀" not in page  # 普检's register
    assert reverse("hearings:supervisor-create") not in page
    page = client_for(world.procurator).get(
        reverse("hearings:supervisors") + "?availability=available").content.decode()
    assert "李海明" in page and "赵退任" not in page and "钱暂停" not in page
    page = client_for(world.procurator).get(
        reverse("hearings:supervisors") + "?availability=expired").content.decode()
    assert "赵退任" in page and "李海明" not in page
    # The supervisor above sees both registers; 普检's procurator not 定检's hearings' …
    page = client_for(world.supervisor).get(reverse("hearings:supervisors")).content.decode()
    assert "孙普陀" in page and "李海明" in page
    client = client_for(approver_zs)
    edit = reverse("hearings:supervisor-edit", args=[register["li"].pk])
    assert "13812345678" in client.get(edit).content.decode()  # the keeper's form only
    response = client.post(edit, {"name": "李海明", "appointed_by": "舟山市司法局",
                                  "phone": "13812345678", "term_start": "2023-05-01",
                                  "term_end": "2020-01-01", "status": "active"})
    assert response.status_code == 200
    assert "任期届满日期不能早于任期开始日期" in response.content.decode()
    assert client_for(world.approver).get(edit).status_code == 404
    assert client_for(world.court_liaison).get(reverse("hearings:supervisors")).status_code == 404


def test_the_notice_and_the_record_as_documents(world, case, register, clock, output_dir):
    hearing, people = held(world, case, register)
    for p, stance in zip(people[:3], ["agree", "agree", "partly"], strict=True):
        services.opinion_record(actor=world.procurator, hearing=hearing, participant=p,
                                opinion="法院确有消极执行情形，同意提出检察建议。", stance=stance)
    services.hearing_conclude(actor=world.procurator, hearing=hearing, outcome="adopted",
                              decision="向定海区人民法院提出检察建议。", concluded_on=TODAY)
    hearing.refresh_from_db()
    notice = documents.render_notice_pdf(hearing, people[0])
    record = documents.render_record_pdf(hearing)
    assert notice.startswith(b"%PDF") and record.startswith(b"%PDF")
    text = pdf_text(notice).replace("\n", "").replace(" ", "")
    for expected in ("听证通知书", "李海明：", "二〇二六年十一月二十日九时三十分",
                     "定海区人民检察院听证室", "人民监督员", "二〇二六年十一月十六日"):
        assert expected in text, expected
    text = pdf_text(record).replace("\n", "").replace(" ", "")
    for expected in ("听证笔录", "周敏", "张秀英（人民监督员", "申请人陈某（当事人及其代理人）",
                     "对拟处理意见部分同意", "听证意见：采纳", "主持人（签名）"):
        assert expected in text, expected
    # The same data gives the same bytes; the page serves it to those who see the hearing.
    assert documents.render_record_pdf(hearing) == record
    pathlib.Path(output_dir / "notice.pdf").write_bytes(notice)
    pathlib.Path(output_dir / "record.pdf").write_bytes(record)
    response = client_for(world.procurator).get(reverse("hearings:record-pdf", args=[hearing.pk]))
    assert response["Content-Type"] == "application/pdf"


def test_the_list_and_its_query_count(world, case, register, clock, django_assert_max_num_queries):
    for day in (10, 12, 14):
        schedule(world, case, day=datetime.date(2026, 11, day))
    client = client_for(world.procurator)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("hearings:list")).content.decode()
    assert page.count('data-testid="hearing-row"') == 3
    with django_assert_max_num_queries(12):
        page = client.get(reverse("hearings:list") + "?status=held").content.decode()
    assert page.count('data-testid="hearing-row"') == 0
    response = client.get(reverse("hearings:list") + "?date_from=2026-99-01")
    assert response.status_code == 200
    assert client_for(world.court_liaison).get(reverse("hearings:list")).status_code == 404
    with django_assert_max_num_queries(12):
        client.get(reverse("hearings:supervisors"))
