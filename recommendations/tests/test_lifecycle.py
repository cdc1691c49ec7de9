"""Each step of the walking path at the service level: draft, approve, issue, serve, reply."""

from __future__ import annotations

import datetime
import hashlib

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.choices import CaseStatus
from recommendations import services
from recommendations.choices import InstrumentStatus
from recommendations.transitions import TransitionNotAllowed
from supervision.models import AuditEntry

TODAY = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def test_a_case_gets_the_next_number_of_its_procuratorate_kind_and_year(world):
    first = world.register_case()
    second = world.register_case()
    assert first.number == "定检刑监〔2026〕1号"
    assert second.number == "定检刑监〔2026〕2号"
    assert first.status == CaseStatus.ACCEPTED and first.handler == world.procurator


def test_a_liaison_cannot_register_a_case(world):
    with pytest.raises(PermissionDenied):
        world.register_case(actor=world.court_liaison)


def test_draft_submit_approve_issue_gives_a_number_and_a_frozen_pdf(world):
    rec = world.approved()
    assert rec.status == InstrumentStatus.APPROVED and rec.approved_by == world.approver
    rec = services.recommendation_issue(actor=world.procurator, recommendation=rec)
    assert rec.status == InstrumentStatus.ISSUED
    assert rec.number == "定检一建〔2026〕1号"
    stored = rec.pdf.open("rb").read()
    assert stored.startswith(b"%PDF")
    assert rec.pdf_sha256 == hashlib.sha256(stored).hexdigest()
    actions = list(AuditEntry.objects.filter(target_type="recommendations.recommendation", target_id=str(rec.pk)).values_list("action", flat=True))
    assert actions[::-1] == ["recommendation_draft", "recommendation_submit",
                             "recommendation_approve", "recommendation_issue"]


def test_numbers_count_per_type_and_continue_without_gaps(world):
    numbers = [world.issued().number for _ in range(3)]
    assert numbers == ["定检一建〔2026〕1号", "定检一建〔2026〕2号", "定检一建〔2026〕3号"]


def test_an_approver_cannot_approve_their_own_draft(world):
    case = world.register_case(actor=world.approver)
    rec = world.draft(case)
    services.recommendation_submit(actor=world.approver, recommendation=rec)
    with pytest.raises(PermissionDenied):
        services.recommendation_approve(actor=world.approver, recommendation=rec)


def test_a_procurator_cannot_approve_and_an_assistant_cannot_issue(world):
    rec = world.draft()
    services.recommendation_submit(actor=world.procurator, recommendation=rec)
    with pytest.raises(PermissionDenied):
        services.recommendation_approve(actor=world.procurator, recommendation=rec)
    services.recommendation_approve(actor=world.approver, recommendation=rec)
    with pytest.raises(PermissionDenied):
        services.recommendation_issue(actor=world.assistant, recommendation=rec)


def test_a_returned_draft_keeps_the_reason_and_can_be_submitted_again(world):
    rec = world.draft()
    services.recommendation_submit(actor=world.procurator, recommendation=rec)
    with pytest.raises(ValidationError):
        services.recommendation_return(actor=world.approver, recommendation=rec, reason="  ")
    rec = services.recommendation_return(actor=world.approver, recommendation=rec, reason="事实部分需补充")
    assert rec.status == InstrumentStatus.DRAFT and rec.return_reason == "事实部分需补充"
    rec = services.recommendation_submit(actor=world.procurator, recommendation=rec)
    assert rec.status == InstrumentStatus.PENDING_APPROVAL and rec.return_reason == ""


def test_a_refused_transition_is_an_error_not_a_silent_no_op(world):
    rec = world.draft()
    with pytest.raises(TransitionNotAllowed, match="草稿"):
        services.recommendation_issue(actor=world.approver, recommendation=rec)
    rec.refresh_from_db()
    assert rec.status == InstrumentStatus.DRAFT and rec.number is None


def test_issuing_twice_is_refused_and_keeps_the_pdf(world):
    rec = world.issued()
    sha, number = rec.pdf_sha256, rec.number
    with pytest.raises(TransitionNotAllowed):
        services.recommendation_issue(actor=world.procurator, recommendation=rec)
    rec.refresh_from_db()
    assert (rec.pdf_sha256, rec.number) == (sha, number)


def test_service_starts_the_clock_with_an_explained_due_date(world):
    # Served 2026-08-01: two months → raw end 2026-10-01, inside the National Day holiday
    # (2026-10-01 … 10-07), so the period ends on the first working day after it.
    rec = world.issued(issued_on=datetime.date(2026, 7, 30))
    rec = services.recommendation_serve(actor=world.procurator, recommendation=rec,
                                        served_on=datetime.date(2026, 8, 1))
    assert rec.status == InstrumentStatus.AWAITING_REPLY
    assert rec.due_date == datetime.date(2026, 10, 8)
    assert rec.due_provisional is False
    text = rec.due_explanation_text()
    assert text.startswith("2026年8月1日送达 · 两个月（《人民检察院检察建议工作规定》第十九条")
    assert "届满2026年10月1日" in text and "recommendation" not in text
    assert "国庆节假期顺延至2026年10月8日" in text
    assert rec.case.status == CaseStatus.SUPERVISING


def test_service_cannot_be_in_the_future_or_before_issue(world):
    rec = world.issued(issued_on=datetime.date(2026, 11, 20))
    for bad in (datetime.date(2026, 11, 24), datetime.date(2026, 11, 19)):
        with pytest.raises(ValidationError):
            services.recommendation_serve(actor=world.procurator, recommendation=rec, served_on=bad)
    rec.refresh_from_db()
    assert rec.status == InstrumentStatus.ISSUED and rec.due_date is None


def test_the_addressed_liaison_replies_with_an_attachment_and_the_procurator_is_told(world):
    rec = world.served(datetime.date(2026, 11, 2))
    upload = SimpleUploadedFile("整改报告.pdf", PDF_BYTES, content_type="application/pdf")
    reply = services.reply_submit(actor=world.court_liaison, recommendation=rec,
                                  content="已收悉并整改。", measures="建立台账", attachment=upload)
    rec.refresh_from_db()
    assert rec.status == InstrumentStatus.REPLIED
    assert reply.attachment_name == "整改报告.pdf" and reply.attachment.read() == PDF_BYTES
    assert world.procurator.notifications.filter(message__contains=rec.number).count() == 1


def test_a_liaison_of_another_agency_cannot_reply(world):
    rec = world.served(datetime.date(2026, 11, 2))
    with pytest.raises(PermissionDenied):
        services.reply_submit(actor=world.police_liaison, recommendation=rec, content="x")


def test_a_renamed_executable_is_refused_and_nothing_is_saved(world):
    rec = world.served(datetime.date(2026, 11, 2))
    fake = SimpleUploadedFile("回复.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200,
                              content_type="application/pdf")
    with pytest.raises(ValidationError) as excinfo:
        services.reply_submit(actor=world.court_liaison, recommendation=rec, content="见附件",
                              attachment=fake)
    assert "attachment" in excinfo.value.message_dict
    rec.refresh_from_db()
    assert rec.status == InstrumentStatus.AWAITING_REPLY and not rec.replies.exists()


def test_a_department_head_approves_only_their_own_departments_instruments(world):
    from supervision.choices import Role
    from supervision.models import Department, User

    fifth = Department.objects.create(procuratorate=world.dinghai, name="第五检察部", code="五")
    other_head = User.objects.create_user(username="fifth_head", password="x" * 12,
                                          role=Role.APPROVER, procuratorate=world.dinghai,
                                          department=fifth)
    chief = User.objects.create_user(username="chief", password="x" * 12, role=Role.CHIEF,
                                     procuratorate=world.dinghai)
    rec = world.draft()
    services.recommendation_submit(actor=world.procurator, recommendation=rec)
    with pytest.raises(PermissionDenied, match="本部门"):
        services.recommendation_approve(actor=other_head, recommendation=rec)
    assert services.recommendation_approve(actor=chief, recommendation=rec).approved_by == chief
