"""The agency's reply before and after it is sent: drafts any liaison of the agency can resume,
sign-off by the agency's responsible person (单位负责人), the immutable reply and its
supplements (补充回复)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.models import LiaisonMembership
from recommendations import services
from recommendations.choices import InstrumentStatus, ReplyDraftStatus
from recommendations.models import Reply, ReplyDraft
from recommendations.transitions import TransitionNotAllowed
from supervision.choices import Role
from supervision.models import Notification, User
from tests.world import PASSWORD

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def pdf(name: str = "整改报告.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, "application/pdf")


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def rec(world):
    """An instrument with two numbered items, served on the court on 2 November."""
    return world.served(datetime.date(2026, 11, 2), items=["一、依法公告送达", "二、建立台账"])


@pytest.fixture
def colleague(world):
    """A second liaison of the court."""
    user = User.objects.create_user(username="court_clerk", password=PASSWORD, role=Role.LIAISON,
                                    agency=world.court, display_name="法院书记员")
    LiaisonMembership.objects.create(user=user, agency=world.court)
    return user


@pytest.fixture
def head(world):
    """The court's responsible person (单位负责人), and a court that wants sign-off."""
    user = User.objects.create_user(username="court_head", password=PASSWORD, role=Role.LIAISON,
                                    agency=world.court, display_name="法院负责人")
    LiaisonMembership.objects.create(user=user, agency=world.court, is_responsible=True)
    world.court.reply_requires_signoff = True
    world.court.save()
    return user


def answers(rec, *, answer="adopted", **extra):
    return [services.ItemAnswerInput(item_id=i.pk, answer=answer, measures=f"第{i.number}项已办",
                                     **extra) for i in rec.items.all()]


def test_a_draft_may_be_incomplete_and_a_colleague_resumes_it(world, rec, colleague):
    draft = services.reply_draft_save(actor=world.court_liaison, recommendation=rec,
                                      content="", attachment=pdf())
    assert draft.status == ReplyDraftStatus.EDITING and draft.version == 1
    first = rec.items.first()
    services.reply_draft_save(
        actor=colleague, recommendation=rec, content="已采纳并整改。", version=1,
        item_answers=[services.ItemAnswerInput(item_id=first.pk, answer="adopted")])
    draft.refresh_from_db()
    assert (draft.content, draft.version, draft.updated_by, draft.author) == (
        "已采纳并整改。", 2, colleague, world.court_liaison)
    assert draft.attachment_name == "整改报告.pdf", "a save without a file keeps the one uploaded"
    assert [(r.item_id, r.answer) for r in draft.items.all()] == [(first.pk, "adopted")]
    # Nothing reaches the procuratorate while it is a draft.
    assert not rec.replies.exists()
    assert Reply.objects.count() == 0
    rec.refresh_from_db()
    assert rec.status == InstrumentStatus.AWAITING_REPLY


def test_a_save_from_a_stale_page_is_refused_and_overwrites_nothing(world, rec, colleague):
    services.reply_draft_save(actor=world.court_liaison, recommendation=rec, content="甲的稿")
    services.reply_draft_save(actor=colleague, recommendation=rec, content="乙的稿", version=1)
    with pytest.raises(ValidationError, match="修改了这份草稿"):
        services.reply_draft_save(actor=world.court_liaison, recommendation=rec,
                                  content="甲的旧页面", version=1)
    assert ReplyDraft.objects.get().content == "乙的稿"


def test_sending_checks_completeness_then_makes_an_immutable_reply(world, rec,
                                                                    django_capture_on_commit_callbacks):
    services.reply_draft_save(actor=world.court_liaison, recommendation=rec, content="已整改",
                              attachment=pdf(),
                              item_answers=answers(rec)[:1])
    with pytest.raises(ValidationError) as refused:
        services.reply_draft_submit(actor=world.court_liaison, recommendation=rec)
    assert "请选择每一项的采纳情况。" in refused.value.messages or \
        "请逐项回复每一项建议事项。" in refused.value.messages
    assert ReplyDraft.objects.exists(), "a refused send keeps the draft"

    draft = services.reply_draft_save(actor=world.court_liaison, recommendation=rec,
                                      content="已整改", item_answers=answers(rec))
    stored = draft.attachment.name
    reply = services.reply_draft_submit(actor=world.court_liaison, recommendation=rec)
    assert isinstance(reply, Reply)
    assert reply.attachment.name == stored and reply.attachment_name == "整改报告.pdf"
    assert reply.attachment.read() == PDF
    assert [a.answer for a in reply.item_answers.all()] == ["adopted", "adopted"]
    assert not ReplyDraft.objects.exists()
    rec.refresh_from_db()
    assert rec.status == InstrumentStatus.REPLIED
    assert Notification.objects.filter(recipient=world.procurator, code="reply.received").exists()
    with pytest.raises(ValueError, match="immutable"):
        reply.content = "改了"
        reply.save()
    assert Reply.objects.get().content == "已整改"


def test_a_supplement_is_a_new_reply_linked_to_the_one_before(world, rec):
    first = services.reply_submit(actor=world.court_liaison, recommendation=rec, content="已整改",
                                  item_answers=answers(rec))
    rec.refresh_from_db()
    assert services.reply_action(rec) == "supplement"
    draft = services.reply_draft_save(actor=world.court_liaison, recommendation=rec,
                                      content="补充：台账已建立", attachment=pdf("台账.pdf"))
    assert draft.supplement_to == first
    second = services.reply_draft_submit(actor=world.court_liaison, recommendation=rec)
    assert second.supplement_to == first and second.is_supplement
    assert list(second.item_answers.all()) == [], "a supplement answers only the items it names"
    rec.refresh_from_db()
    assert rec.status == InstrumentStatus.REPLIED, "a supplement does not move the instrument"
    assert Notification.objects.filter(recipient=world.procurator,
                                       code="reply.supplemented").count() == 1
    third = services.reply_submit(actor=world.court_liaison, recommendation=rec,
                                  content="再补充", supplement=True)
    assert third.supplement_to == second
    assert [r.content for r in rec.replies.all()] == ["已整改", "补充：台账已建立", "再补充"]


def test_no_reply_before_service_nor_supplement_before_the_first_reply(world):
    issued = world.issued()
    assert services.reply_action(issued) is None
    with pytest.raises(TransitionNotAllowed):
        services.reply_draft_save(actor=world.court_liaison, recommendation=issued, content="x")
    served = world.served(datetime.date(2026, 11, 2))
    with pytest.raises(TransitionNotAllowed):
        services.reply_submit(actor=world.court_liaison, recommendation=served, content="x",
                              supplement=True)


def test_only_the_addressees_liaisons_draft(world, rec):
    for outsider in (world.police_liaison, world.procurator):
        with pytest.raises(PermissionDenied):
            services.reply_draft_save(actor=outsider, recommendation=rec, content="x")
    services.reply_draft_save(actor=world.court_liaison, recommendation=rec, content="x")
    with pytest.raises(PermissionDenied):
        services.reply_draft_discard(actor=world.police_liaison, recommendation=rec)


def test_a_renamed_executable_is_refused_in_a_draft(world, rec):
    exe = SimpleUploadedFile("整改报告.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200,
                             "application/pdf")
    with pytest.raises(ValidationError) as refused:
        services.reply_draft_save(actor=world.court_liaison, recommendation=rec, content="x",
                                  attachment=exe)
    assert "attachment" in refused.value.message_dict
    assert not ReplyDraft.objects.exists()


def test_sign_off_by_the_responsible_person(world, rec, head, colleague,
                                            django_capture_on_commit_callbacks):
    services.reply_draft_save(actor=world.court_liaison, recommendation=rec, content="已整改",
                              item_answers=answers(rec))
    with pytest.raises(ValidationError, match="单位负责人签发"):
        services.reply_submit(actor=world.court_liaison, recommendation=rec, content="绕过签发")
    draft = services.reply_draft_submit(actor=world.court_liaison, recommendation=rec)
    assert isinstance(draft, ReplyDraft) and draft.status == ReplyDraftStatus.AWAITING_SIGNOFF
    assert not rec.replies.exists()
    assert Notification.objects.filter(recipient=head, code="reply.signoff_requested").exists()
    with pytest.raises(ValidationError, match="不能修改"):
        services.reply_draft_save(actor=colleague, recommendation=rec, content="改")
    with pytest.raises(PermissionDenied):
        services.reply_draft_sign_off(actor=colleague, recommendation=rec)

    services.reply_draft_return(actor=head, recommendation=rec, reason="请补充第二项的完成日期")
    draft.refresh_from_db()
    assert draft.status == ReplyDraftStatus.EDITING
    assert draft.returned_reason == "请补充第二项的完成日期"
    assert Notification.objects.filter(recipient=world.court_liaison,
                                       code="reply.signoff_returned").exists()

    services.reply_draft_save(actor=world.court_liaison, recommendation=rec, content="已整改完毕",
                              item_answers=answers(rec, completed_on=datetime.date(2026, 11, 20)))
    services.reply_draft_submit(actor=world.court_liaison, recommendation=rec)
    services.reply_draft_recall(actor=colleague, recommendation=rec)
    assert ReplyDraft.objects.get().status == ReplyDraftStatus.EDITING
    services.reply_draft_submit(actor=colleague, recommendation=rec)
    reply = services.reply_draft_sign_off(actor=head, recommendation=rec)
    assert (reply.author, reply.signed_off_by, reply.content) == (
        world.court_liaison, head, "已整改完毕")
    rec.refresh_from_db()
    assert rec.status == InstrumentStatus.REPLIED
    assert Notification.objects.filter(recipient=colleague, code="reply.signed_off").exists()


def test_the_responsible_person_sends_their_own_draft_directly(world, rec, head):
    services.reply_draft_save(actor=head, recommendation=rec, content="已整改",
                              item_answers=answers(rec))
    reply = services.reply_draft_submit(actor=head, recommendation=rec)
    assert isinstance(reply, Reply) and reply.signed_off_by == head


def test_sign_off_needs_someone_to_sign(world, rec):
    world.court.reply_requires_signoff = True
    world.court.save()
    services.reply_draft_save(actor=world.court_liaison, recommendation=rec, content="已整改",
                              item_answers=answers(rec))
    with pytest.raises(ValidationError, match="尚未指定"):
        services.reply_draft_submit(actor=world.court_liaison, recommendation=rec)
    assert ReplyDraft.objects.get().status == ReplyDraftStatus.EDITING


def test_an_incomplete_draft_is_not_handed_to_the_responsible_person(world, rec, head):
    services.reply_draft_save(actor=world.court_liaison, recommendation=rec, content="")
    with pytest.raises(ValidationError):
        services.reply_draft_submit(actor=world.court_liaison, recommendation=rec)
    assert ReplyDraft.objects.get().status == ReplyDraftStatus.EDITING
    assert not Notification.objects.filter(recipient=head).exists()


def test_discarding_a_draft_removes_its_files(world, rec, django_capture_on_commit_callbacks):
    draft = services.reply_draft_save(actor=world.court_liaison, recommendation=rec,
                                      content="x", attachment=pdf())
    storage, name = draft.attachment.storage, draft.attachment.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_draft_discard(actor=world.court_liaison, recommendation=rec)
    assert not ReplyDraft.objects.exists() and not storage.exists(name)
