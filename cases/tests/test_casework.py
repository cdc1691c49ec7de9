"""Measures with refusals and their escalation, clue transfers with their own clock, and
interference records only the approvers and the audit administrator read."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cases.choices import MeasureType, TransferRecipient
from cases.permissions import interference_visible_to
from cases.samples import tiny_pdf
from cases.selectors import case_timeline, next_action
from cases.services import (
    clue_transfer_create,
    clue_transfer_record_reply,
    interference_record_create,
    measure_escalate_refusal,
    measure_record,
)
from supervision.deadlines import compute_due_date
from supervision.models import AuditEntry, Notification, PeriodRule

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
ACCEPTED = datetime.date(2026, 9, 1)


@pytest.fixture
def case(world):
    with time_machine.travel(NOW, tick=False):
        return world.register_case(accepted_on=ACCEPTED, assistant=world.assistant)


def test_a_measure_with_files_and_a_refusal_is_recorded_and_escalated_once(world, case):
    with time_machine.travel(NOW, tick=False):
        measure = measure_record(
            actor=world.assistant, case=case, measure_type=MeasureType.FILE_REVIEW,
            taken_on=datetime.date(2026, 10, 9), target="定海区法院执行局", agency=world.court,
            refused=True, refusal_note="以案卷正在归档为由拒绝提供执行卷宗。",
            files=[SimpleUploadedFile("调阅函.pdf", tiny_pdf())])
        assert measure.attachments.get().original_name == "调阅函.pdf"
        assert next_action(case, [], [], [measure]).text.startswith("定海区法院执行局 拒不配合")
        escalated = measure_escalate_refusal(actor=world.assistant, measure=measure, note="建议通报上级法院")
        assert escalated.escalated_at is not None and escalated.escalated_by == world.assistant
        assert Notification.objects.filter(recipient=world.approver, message__contains="拒不配合").exists()
        entry = AuditEntry.objects.get(action="measure_escalate_refusal")
        assert entry.data["superior"] == "舟山市中级人民法院"
        with pytest.raises(ValidationError, match="已于"):
            measure_escalate_refusal(actor=world.procurator, measure=measure)
        what = [item["what"] for item in case_timeline(case)]
        assert [str(w) for w in what] == ["登记案件", "调查核实", "上传附件", "报告拒不配合情形"]


def test_a_refusal_needs_a_description_and_a_measure_without_one_cannot_be_escalated(world, case):
    with time_machine.travel(NOW, tick=False):
        with pytest.raises(ValidationError):
            measure_record(actor=world.procurator, case=case, measure_type=MeasureType.INQUIRY,
                           taken_on=datetime.date(2026, 10, 9), target="证人", refused=True)
        with pytest.raises(ValidationError, match="早于受理日期"):
            measure_record(actor=world.procurator, case=case, measure_type=MeasureType.INQUIRY,
                           taken_on=datetime.date(2026, 8, 9), target="证人")
        plain = measure_record(actor=world.procurator, case=case, measure_type=MeasureType.INQUIRY,
                               taken_on=datetime.date(2026, 10, 9), target="证人", result="证实")
        with pytest.raises(ValidationError):
            measure_escalate_refusal(actor=world.procurator, measure=plain)
        with pytest.raises(PermissionDenied):
            measure_record(actor=world.pt_procurator, case=case, measure_type=MeasureType.INQUIRY,
                           taken_on=datetime.date(2026, 10, 9), target="证人")


def test_a_clue_transfer_gets_the_default_two_month_clock_and_its_feedback(world, case):
    with time_machine.travel(NOW, tick=False):
        transfer = clue_transfer_create(
            actor=world.procurator, case=case, recipient_kind=TransferRecipient.SUPERVISORY_COMMISSION,
            recipient="舟山市定海区监察委员会", clue="执行法官涉嫌滥用职权的线索。",
            transferred_on=datetime.date(2026, 9, 10))
        expected = compute_due_date(PeriodRule.objects.get(code="default"), datetime.date(2026, 9, 10))
        assert transfer.due_date == expected.due_date
        assert "《舟山市定海区人民代表大会常务委员会" in transfer.due_explanation_text()
        assert transfer.is_overdue() == (expected.due_date < NOW.date())
        action = next_action(case, [], [transfer], [])
        assert action.due_date == transfer.due_date
        clue_transfer_record_reply(actor=world.procurator, transfer=transfer,
                                   replied_on=datetime.date(2026, 11, 2), summary="已立案调查。")
        transfer.refresh_from_db()
        assert transfer.replied_on and not transfer.is_overdue()
        with pytest.raises(ValidationError):
            clue_transfer_record_reply(actor=world.procurator, transfer=transfer,
                                       replied_on=datetime.date(2026, 11, 3), summary="again")


@pytest.fixture
def record(world, case):
    with time_machine.travel(NOW, tick=False):
        return interference_record_create(
            actor=world.procurator, case=case, occurred_on=datetime.date(2026, 10, 20),
            intervener="某某", intervener_post="某局副局长", manner="phone", content="打电话询问能否从轻处理。")


def test_interference_is_read_only_by_approvers_and_the_audit_administrator(world, case, record):
    assert list(interference_visible_to(world.approver)) == [record]
    assert list(interference_visible_to(world.auditadmin)) == [record]
    for persona in ("procurator", "assistant", "supervisor", "pt_procurator", "observer",
                    "court_liaison", "sysadmin", "secadmin"):
        assert not interference_visible_to(getattr(world, persona)).exists(), persona
    from supervision.models import User
    pt_approver = User.objects.get(username="pt_approver")
    assert not interference_visible_to(pt_approver).exists()
    # reported to the approver; the audit entry names the record but not its content
    assert Notification.objects.filter(recipient=world.approver, message__contains="过问干预").exists()
    entry = AuditEntry.objects.get(action="interference_record")
    assert "从轻" not in str(entry.data)


def test_the_case_page_shows_interference_only_to_the_approver(world, case, record):
    url = case.get_absolute_url()
    for persona, sees in (("approver", True), ("procurator", False), ("assistant", False),
                          ("supervisor", False)):
        client = Client()
        client.force_login(getattr(world, persona))
        page = client.get(url).content.decode()
        assert ("打电话询问能否从轻处理" in page) == sees, persona
    client = Client()
    client.force_login(world.auditadmin)
    assert "打电话询问能否从轻处理" in client.get("/cases/interference/").content.decode()
    assert client.get(url).status_code == 404  # the audit administrator reads records, not cases
    client.force_login(world.procurator)
    assert client.get("/cases/interference/").status_code == 404
    assert client.get("/api/interference-records/").json()["count"] == 0
    client.force_login(world.approver)
    assert client.get("/api/interference-records/").json()["count"] == 1


def test_the_pages_record_measures_transfers_and_interference(world, case):
    client = Client()
    client.force_login(world.procurator)
    with time_machine.travel(NOW, tick=False):
        response = client.post(f"/cases/{case.pk}/measures/new/", {
            "measure_type": "inquiry", "taken_on": "2026-10-09", "target": "证人李某", "result": "证实",
            "files": [SimpleUploadedFile("笔录.pdf", tiny_pdf())]})
        assert response.status_code == 302
        response = client.post(f"/cases/{case.pk}/transfers/new/", {
            "recipient_kind": "supervisory_commission", "recipient": "定海区监委", "clue": "线索",
            "transferred_on": "2026-10-10"})
        assert response.status_code == 302
        response = client.post(f"/cases/{case.pk}/interference/new/", {
            "occurred_on": "2026-10-11", "intervener": "某某", "intervener_post": "某局",
            "manner": "in_person", "content": "当面说情"})
        assert response.status_code == 302
    page = client.get(case.get_absolute_url()).content.decode()
    assert "证人李某" in page and "笔录.pdf" in page and "定海区监委" in page
    assert "当面说情" not in page  # recorded, and no longer readable by its recorder


def test_the_approvers_notice_of_a_refusal_reads_in_their_language_and_mails_them(world, case):
    from django.utils.translation import override

    from supervision.models import EmailDelivery
    from supervision.services.notifications import notification_preference_set

    world.approver.email = "approver@example.gov.cn"
    world.approver.save(update_fields=["email"])
    notification_preference_set(actor=world.approver, email_mode="immediate", language="en")
    with time_machine.travel(NOW, tick=False):
        measure = measure_record(
            actor=world.assistant, case=case, measure_type=MeasureType.FILE_REVIEW,
            taken_on=datetime.date(2026, 10, 9), target="定海区法院执行局", agency=world.court,
            refused=True, refusal_note="拒绝提供执行卷宗。")
        measure_escalate_refusal(actor=world.assistant, measure=measure)
    note = Notification.objects.get(recipient=world.approver)
    assert note.code == "case.refusal_escalated" and note.params["case"] == case.number
    assert EmailDelivery.objects.filter(notification=note).exists()
    with override("en"):
        assert note.text == (f"{case.number}: 定海区法院执行局 refused to cooperate with the "
                             "investigation and verification. The handling officer has reported "
                             "it; please consider notifying its superior authority or competent "
                             "department.")


def test_the_case_page_shows_the_latest_steps_and_offers_the_whole_timeline(world, case,
                                                                            monkeypatch):
    from cases import selectors

    monkeypatch.setattr(selectors, "TIMELINE_SHOWN", 2)
    with time_machine.travel(NOW, tick=True):
        for i in range(3):
            measure_record(actor=world.assistant, case=case, measure_type=MeasureType.FILE_REVIEW,
                           taken_on=datetime.date(2026, 10, 9), target=f"第{i}卷")
    client = Client()
    client.force_login(world.procurator)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert page.count('data-testid="timeline-item"') == 2  # the latest two of four
    assert 'data-testid="timeline-all"' in page and "登记案件" not in page.split("办案经过")[1]
    whole = client.get(f"/cases/{case.pk}/", {"timeline": "all"}).content.decode()
    assert whole.count('data-testid="timeline-item"') == 4
    assert 'data-testid="timeline-all"' not in whole and "登记案件" in whole.split("办案经过")[1]
