"""The agency's actions on an instrument through the API (``recommendations.api.agency_actions``):
each one end to end, refused as the portal refuses, invisible to whoever the instrument is not
addressed to, safe to retry, and in a pinned number of queries."""

from __future__ import annotations

import datetime
import uuid

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import LiaisonMembership
from recommendations import services
from recommendations.choices import InstrumentStatus
from recommendations.models import Recommendation, Reply, ReplyDraft, ReviewRequest

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
SERVED = datetime.date(2026, 11, 20)
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(name: str, rec: Recommendation, *extra) -> str:
    return reverse(f"api-recommendation-{name}", args=[rec.pk, *extra])


def _pdf(name: str = "整改报告.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, "application/pdf")


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def _served(world, items: int = 1) -> Recommendation:
    return world.served(SERVED, items=[f"{n}、依法纠正第{n}项问题" for n in range(1, items + 1)])


# --- 签收 ------------------------------------------------------------------------------------


def test_the_liaison_acknowledges_an_issued_instrument_once(world):
    rec = world.issued(issued_on=SERVED)
    client = _client(world.court_liaison)
    response = client.post(_url("acknowledge", rec))
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == InstrumentStatus.AWAITING_REPLY and data["served_on"] == "2026-11-23"
    assert data["due_date"]
    rec.refresh_from_db()
    assert rec.service_method == "electronic"
    # The state refuses a second acknowledgement (the service's transition table): 400.
    assert client.post(_url("acknowledge", rec)).status_code == 400


def test_acknowledge_twice_with_one_idempotency_key_acknowledges_once(world):
    rec = world.issued(issued_on=SERVED)
    client, key = _client(world.court_liaison), str(uuid.uuid4())
    first = client.post(_url("acknowledge", rec), HTTP_IDEMPOTENCY_KEY=key)
    assert first.status_code == 200
    second = client.post(_url("acknowledge", rec), HTTP_IDEMPOTENCY_KEY=key)
    assert second.status_code == 409
    assert first.json()["url"] in second.content.decode()  # points at the first one's result
    from supervision.models import AuditEntry
    assert AuditEntry.objects.filter(action="recommendation_acknowledge").count() == 1


# --- 书面回复 -----------------------------------------------------------------------------------


def test_a_reply_with_item_answers_in_json_then_a_supplement(world):
    rec = _served(world, items=2)
    client = _client(world.court_liaison)
    response = client.post(_url("reply", rec), {
        "content": "已整改", "measures": "建立制度",
        "item_answers": [
            {"item": 1, "answer": "adopted", "measures": "已纠正", "completed_on": "2026-11-22"},
            {"item": 2, "answer": "partly", "measures": "正在纠正"}],
    }, content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    reply = Reply.objects.get()
    assert data["id"] == reply.pk and response["Location"] == data["url"]
    assert [(a["item_number"], a["answer"], a["completed_on"]) for a in data["item_answers"]] == [
        (1, "adopted", "2026-11-22"), (2, "partly", None)]
    rec.refresh_from_db()
    assert rec.status == InstrumentStatus.REPLIED
    # The reply's own address answers the reply.
    assert client.get(data["url"]).json()["content"] == "已整改"
    # Once replied, a reply is a supplement (补充回复) to the one before — as in the portal.
    more = client.post(_url("reply", rec), {"content": "补充材料"}, content_type="application/json")
    assert more.status_code == 201, more.content
    assert more.json()["supplement_to"] == reply.pk


def test_a_reply_refused_by_the_service_is_a_400_naming_the_field(world):
    rec = _served(world, items=2)
    client = _client(world.court_liaison)
    # Not every item answered: the service's completeness rule.
    response = client.post(_url("reply", rec), {
        "content": "已整改", "item_answers": [{"item": 1, "answer": "adopted"}]},
        content_type="application/json")
    assert response.status_code == 400 and b"item_answers" in response.content
    # No content and no item answers.
    response = client.post(_url("reply", rec), {"content": ""}, content_type="application/json")
    assert response.status_code == 400 and b"content" in response.content
    # An item the instrument does not have.
    response = client.post(_url("reply", rec), {
        "content": "x", "item_answers": [{"item": 9, "answer": "adopted"}]},
        content_type="application/json")
    assert response.status_code == 400 and b"item_answers" in response.content
    # The same item twice.
    response = client.post(_url("reply", rec), {"content": "x", "item_answers": [
        {"item": 1, "answer": "adopted"}, {"item": 1, "answer": "partly"}]},
        content_type="application/json")
    assert response.status_code == 400 and b"item_answers" in response.content
    # item_answers that is not JSON, or not a list, in a multipart request.
    for bad in ("[{", "null", "1", '{"item": 1}'):
        response = client.post(_url("reply", rec), {"content": "x", "item_answers": bad})
        assert response.status_code == 400 and b"item_answers" in response.content, bad
    # item_answers that is not JSON, in a multipart request.
    response = client.post(_url("reply", rec), {"content": "x", "item_answers": "[{"})
    assert response.status_code == 400 and b"item_answers" in response.content
    # An evidence index with no file behind it.
    response = client.post(_url("reply", rec), {
        "content": "x", "item_answers": '[{"item": 1, "answer": "adopted", "evidence": 0},'
                                         ' {"item": 2, "answer": "adopted"}]'})
    assert response.status_code == 400 and b"item_answers" in response.content
    assert not Reply.objects.exists()


def test_a_multipart_reply_with_files_downloads_through_the_page_check(world):
    rec = _served(world, items=1)
    client = _client(world.court_liaison)
    response = client.post(_url("reply", rec), {
        "content": "已整改", "attachment": _pdf(),
        "item_answers": '[{"item": 1, "answer": "adopted", "measures": "已纠正", "evidence": 0}]',
        "evidence": [_pdf("证明.pdf")]})
    assert response.status_code == 201, response.content
    reply = Reply.objects.get()
    assert reply.attachment_name == "整改报告.pdf"
    assert reply.item_answers.get().evidence_name == "证明.pdf"
    for user in (world.court_liaison, world.procurator):  # the agency and the procuratorate
        download = _client(user).get(_url("reply-attachment", rec, reply.pk))
        assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
        assert _body(download) == PDF
        evidence = _client(user).get(_url("reply-evidence", rec, reply.pk, 1),
                                     HTTP_ACCEPT="application/pdf")
        assert evidence.status_code == 200 and _body(evidence) == PDF
    assert client.get(_url("reply-evidence", rec, reply.pk, 2)).status_code == 404
    # Another instrument's reply is not a file of this one.
    other = _served(world)
    assert client.get(_url("reply-attachment", other, reply.pk)).status_code == 404


def test_reply_twice_with_one_idempotency_key_makes_one_reply(world):
    rec = _served(world)
    client, key = _client(world.court_liaison), "reply-" + str(uuid.uuid4())
    body = {"content": "已整改", "item_answers": [{"item": 1, "answer": "adopted"}]}
    first = client.post(_url("reply", rec), body, content_type="application/json",
                        HTTP_IDEMPOTENCY_KEY=key)
    assert first.status_code == 201
    second = client.post(_url("reply", rec), body, content_type="application/json",
                         HTTP_IDEMPOTENCY_KEY=key)
    assert second.status_code == 409
    assert first.json()["url"] in second.content.decode()  # points at the first reply
    assert Reply.objects.count() == 1  # not a supplement either
    assert client.get(first.json()["url"]).json()["id"] == first.json()["id"]


def test_a_refused_request_leaves_the_idempotency_key_free(world):
    rec = _served(world)
    client, key = _client(world.court_liaison), str(uuid.uuid4())
    bad = client.post(_url("reply", rec), {"content": ""}, content_type="application/json",
                      HTTP_IDEMPOTENCY_KEY=key)
    assert bad.status_code == 400
    good = client.post(_url("reply", rec), {"content": "已整改"}, content_type="application/json",
                       HTTP_IDEMPOTENCY_KEY=key)
    assert good.status_code == 201


# --- the draft ------------------------------------------------------------------------------


def test_the_draft_is_saved_read_back_kept_from_the_procuratorate_and_sent(world):
    rec = _served(world, items=2)
    liaison = _client(world.court_liaison)
    state = liaison.get(_url("reply-draft", rec))
    assert state.status_code == 200
    assert state.json() == {"reply_action": "reply", "editable": True, "needs_signoff": False,
                            "is_responsible": False, "draft": None,
                            "items": [{"number": 1, "text": "1、依法纠正第1项问题"},
                                      {"number": 2, "text": "2、依法纠正第2项问题"}]}
    saved = liaison.post(_url("reply-draft", rec), {
        "content": "初稿", "attachment": _pdf(),
        "item_answers": '[{"item": 1, "answer": "adopted", "evidence": 0}]',
        "evidence": [_pdf("证明.pdf")]})
    assert saved.status_code == 200, saved.content
    draft = saved.json()["draft"]
    assert draft["content"] == "初稿" and draft["version"] == 1
    assert [row["item"] for row in draft["items"]] == [1]
    assert draft["attachment_url"] == _url("reply-draft-attachment", rec)
    assert draft["items"][0]["evidence_url"] == _url("reply-draft-evidence", rec, 1)
    assert _body(liaison.get(draft["attachment_url"])) == PDF
    assert _body(liaison.get(draft["items"][0]["evidence_url"])) == PDF
    # The procuratorate never sees a draft: not by the API, not its files, not in the detail.
    staff = _client(world.procurator)
    for url in (_url("reply-draft", rec), draft["attachment_url"], draft["items"][0]["evidence_url"]):
        assert staff.get(url).status_code == 404, url
    assert staff.get(_url("detail", rec)).json()["replies"] == []
    assert b"\xe5\x88\x9d\xe7\xa8\xbf" not in staff.get(_url("detail", rec)).content  # 初稿
    # A colleague saved meanwhile: the stale version is refused.
    again = liaison.post(_url("reply-draft", rec), {"content": "二稿", "version": 1},
                         content_type="application/json")
    assert again.status_code == 200 and again.json()["draft"]["version"] == 2
    stale = liaison.post(_url("reply-draft", rec), {"content": "三稿", "version": 1},
                         content_type="application/json")
    assert stale.status_code == 400
    # Complete it and send it.
    # The whole form each time, as the page sends it.
    liaison.post(_url("reply-draft", rec), {"content": "二稿", "item_answers": [
        {"item": 1, "answer": "adopted"}, {"item": 2, "answer": "not_adopted"}]},
        content_type="application/json")
    sent = liaison.post(_url("reply-draft-submit", rec))
    assert sent.status_code == 200, sent.content
    assert sent.json()["sent"] is True and sent.json()["reply"]["content"] == "二稿"
    assert not ReplyDraft.objects.exists()
    reply = Reply.objects.get()
    assert reply.attachment_name == "整改报告.pdf"  # the draft's file went with it
    assert staff.get(_url("reply-attachment", rec, reply.pk)).status_code == 200


def test_a_draft_is_discarded(world):
    rec = _served(world)
    client = _client(world.court_liaison)
    client.post(_url("reply-draft", rec), {"content": "初稿"}, content_type="application/json")
    assert client.delete(_url("reply-draft", rec)).status_code == 204
    assert not ReplyDraft.objects.exists()
    assert client.delete(_url("reply-draft", rec)).status_code == 400  # nothing to discard


def test_sign_off_by_the_responsible_person(world):
    world.court.reply_requires_signoff = True
    world.court.save(update_fields=["reply_requires_signoff"])
    from supervision.choices import Role
    from supervision.models import User
    head = User.objects.create_user(username="court_head", password="x" * 12, role=Role.LIAISON,
                                    agency=world.court)
    LiaisonMembership.objects.create(user=head, agency=world.court, is_responsible=True)
    rec = _served(world)
    liaison = _client(world.court_liaison)
    # Straight to the procuratorate is refused: it must be signed off.
    assert liaison.post(_url("reply", rec), {"content": "已整改"},
                        content_type="application/json").status_code == 400
    liaison.post(_url("reply-draft", rec), {
        "content": "已整改", "item_answers": [{"item": 1, "answer": "adopted"}]},
        content_type="application/json")
    waiting = liaison.post(_url("reply-draft-submit", rec))
    assert waiting.status_code == 200 and waiting.json()["sent"] is False
    assert waiting.json()["draft"]["status"] == "awaiting_signoff"
    assert liaison.post(_url("reply-draft", rec), {"content": "改"},
                        content_type="application/json").status_code == 400  # locked
    # Only the responsible person signs off (the service's 403).
    assert liaison.post(_url("reply-draft-sign-off", rec)).status_code == 403
    head_client = _client(head)
    returned = head_client.post(_url("reply-draft-return", rec), {"reason": "请补充"},
                                content_type="application/json")
    assert returned.status_code == 200 and returned.json()["draft"]["returned_reason"] == "请补充"
    assert liaison.post(_url("reply-draft-submit", rec)).json()["sent"] is False
    recalled = liaison.post(_url("reply-draft-recall", rec))
    assert recalled.status_code == 200 and recalled.json()["draft"]["status"] == "editing"
    liaison.post(_url("reply-draft-submit", rec))
    signed = head_client.post(_url("reply-draft-sign-off", rec))
    assert signed.status_code == 200 and signed.json()["sent"] is True
    assert Reply.objects.get().signed_off_by == head


# --- 申请延期, 异议/复查 -------------------------------------------------------------------------


def test_an_extension_request_then_no_second_while_pending(world):
    rec = _served(world)
    client = _client(world.court_liaison)
    response = client.post(_url("extension", rec), {"requested_due": "2027-02-01",
                                                     "reason": "涉及多个部门"},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "requested"
    assert response.json()["requested_due"] == "2027-02-01"
    assert client.post(_url("extension", rec), {"requested_due": "2027-03-01", "reason": "再延"},
                       content_type="application/json").status_code == 400
    # Not after the due date: the service's rule names the field.
    rec2 = _served(world)
    early = client.post(_url("extension", rec2), {"requested_due": "2026-11-25", "reason": "x"},
                        content_type="application/json")
    assert early.status_code == 400 and b"requested_due" in early.content
    missing = client.post(_url("extension", rec2), {"requested_due": "2027-02-01"},
                          content_type="application/json")
    assert missing.status_code == 400 and b"reason" in missing.content


def test_a_review_request_puts_the_instrument_under_review(world):
    rec = _served(world)
    client = _client(world.court_liaison)
    response = client.post(_url("review", rec), {"kind": "objection", "reason": "事实认定有误"},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "objection" and response.json()["outcome"] == ""
    rec.refresh_from_db()
    assert rec.status == InstrumentStatus.UNDER_REVIEW
    assert ReviewRequest.objects.count() == 1
    # Under review: no second request, no reply (the transition table).
    assert client.post(_url("review", rec), {"kind": "objection", "reason": "再议"},
                       content_type="application/json").status_code == 400
    bad = client.post(_url("review", rec), {"kind": "nonsense", "reason": "x"},
                      content_type="application/json")
    assert bad.status_code == 400 and b"kind" in bad.content


# --- the PDF ------------------------------------------------------------------------------


def test_the_frozen_pdf_downloads_as_the_page_serves_it(world):
    rec = _served(world)
    for user in (world.court_liaison, world.procurator):
        response = _client(user).get(_url("pdf", rec), HTTP_ACCEPT="application/pdf")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        rec.pdf.open("rb")
        assert _body(response) == rec.pdf.read()
    receipt = _client(world.court_liaison).get(_url("receipt-pdf", rec))
    assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF")
    # Another agency's liaison asking for a PDF is told 404 — in JSON, not as a "PDF".
    refused = _client(world.police_liaison).get(_url("pdf", rec), HTTP_ACCEPT="application/pdf")
    assert refused.status_code == 404 and refused["Content-Type"] == "application/json"
    draft = world.draft()  # not issued: no PDF, and not the agency's to see
    assert _client(world.procurator).get(_url("pdf", draft)).status_code == 404
    assert _client(world.court_liaison).get(_url("pdf", draft)).status_code == 404


# --- nobody else ----------------------------------------------------------------------------


def _replied_with_files(world) -> tuple[Recommendation, Reply]:
    rec = _served(world)
    reply = services.reply_submit(
        actor=world.court_liaison, recommendation=rec, content="已整改", attachment=_pdf(),
        item_answers=[services.ItemAnswerInput(item_id=rec.items.get().pk, answer="adopted",
                                               evidence=_pdf("证明.pdf"))])
    services.reply_draft_save(actor=world.court_liaison, recommendation=rec, content="补充",
                              attachment=_pdf())
    return rec, reply


EVERY_ACTION = [
    ("post", "acknowledge", ()), ("post", "reply", ()), ("get", "reply-draft", ()),
    ("post", "reply-draft", ()), ("delete", "reply-draft", ()), ("post", "reply-draft-submit", ()),
    ("post", "reply-draft-sign-off", ()), ("post", "reply-draft-return", ()),
    ("post", "reply-draft-recall", ()), ("get", "reply-draft-attachment", ()),
    ("get", "reply-draft-evidence", (1,)), ("post", "extension", ()), ("post", "review", ()),
    ("get", "pdf", ()), ("get", "receipt-pdf", ()), ("get", "reply-detail", ("reply",)), ("get", "reply-attachment", ("reply",)),
    ("get", "reply-evidence", ("reply", 1)),
]


@pytest.mark.parametrize(("method", "name", "extra"), EVERY_ACTION)
def test_another_agencys_liaison_gets_404_for_every_action_and_download(world, method, name,
                                                                        extra):
    rec, reply = _replied_with_files(world)
    rec.refresh_from_db()
    args = [reply.pk if a == "reply" else a for a in extra]
    before = (Reply.objects.count(), ReplyDraft.objects.get().version, rec.status)
    response = getattr(_client(world.police_liaison), method)(
        _url(name, rec, *args), {"content": "x", "reason": "x", "kind": "objection",
                                 "requested_due": "2027-02-01"},
        content_type="application/json")
    assert response.status_code == 404, response.content
    rec.refresh_from_db()
    assert (Reply.objects.count(), ReplyDraft.objects.get().version, rec.status) == before


@pytest.mark.parametrize(("method", "name", "extra"), [
    a for a in EVERY_ACTION if a[1] not in {"pdf", "receipt-pdf", "reply-detail", "reply-attachment",
                                            "reply-evidence"}])
def test_staff_cannot_act_for_the_agency_as_in_the_portal(world, method, name, extra):
    """The portal is the liaisons' alone: anyone else is told 404 (``require_role``)."""
    rec, _reply = _replied_with_files(world)
    response = getattr(_client(world.procurator), method)(
        _url(name, rec, *extra), {"content": "x", "reason": "x", "kind": "objection",
                                  "requested_due": "2027-02-01"},
        content_type="application/json")
    assert response.status_code == 404, response.content


def test_staff_cannot_reply_even_on_an_instrument_awaiting_one(world):
    rec = _served(world)
    for user in (world.procurator, world.approver, world.sysadmin):
        response = _client(user).post(_url("reply", rec), {"content": "代为回复"},
                                      content_type="application/json")
        assert response.status_code == 404
    assert not Reply.objects.exists()


def test_the_liaisons_list_holds_only_its_agencys_instruments(world):
    ours = _served(world)
    police_case = world.register_case(agency=world.police)
    theirs = world.served(SERVED, case=police_case)
    court = _client(world.court_liaison).get(reverse("api-recommendation-list")).json()
    police = _client(world.police_liaison).get(reverse("api-recommendation-list")).json()
    assert [row["id"] for row in court["results"]] == [ours.pk]
    assert [row["id"] for row in police["results"]] == [theirs.pk]
    # Nor through a filter naming the other agency.
    filtered = _client(world.court_liaison).get(
        reverse("api-recommendation-list"), {"agency": world.police.pk}).json()
    assert filtered["results"] == []


# --- query counts --------------------------------------------------------------------------


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            _body(response)
    assert response.status_code == 200, (url, response.content)
    return len(ctx.captured_queries)


@pytest.mark.parametrize("items", [1, 5])
def test_query_counts_are_pinned_and_flat_in_the_number_of_items(world, items):
    rec = _served(world, items=items)
    ids = list(rec.items.values_list("pk", flat=True))
    liaison = _client(world.court_liaison)
    assert _queries(liaison, _url("reply-draft", rec)) == 6  # session, user, rec, draft, responsible, items
    services.reply_draft_save(
        actor=world.court_liaison, recommendation=rec, content="初稿",
        item_answers=[services.ItemAnswerInput(item_id=i, answer="adopted") for i in ids])
    assert _queries(liaison, _url("reply-draft", rec)) == 8  # + the draft's rows and their items
    reply = services.reply_draft_submit(actor=world.court_liaison, recommendation=rec)
    # session, user, the reply as the caller may see it, then with its author and answers
    assert _queries(liaison, _url("reply-detail", rec, reply.pk)) == 5
    assert _queries(_client(world.procurator), _url("reply-detail", rec, reply.pk)) == 5


# --- a system acting with a liaison's token -------------------------------------------------


def test_a_liaisons_token_acts_for_its_agency_only_and_a_read_token_cannot_act(world):
    from supervision.services.api_tokens import api_token_create

    rec = world.issued(issued_on=SERVED)
    _row, read = api_token_create(actor=world.court_liaison, user=world.court_liaison,
                                  name="只读", scope="read")
    _row, act = api_token_create(actor=world.court_liaison, user=world.court_liaison,
                                 name="办理", scope="act")
    _row, other = api_token_create(actor=world.police_liaison, user=world.police_liaison,
                                   name="公安", scope="act")
    system = Client()

    def post(token: str, name: str, **data):
        return system.post(_url(name, rec), data, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Token {token}")

    assert post(read, "acknowledge").status_code == 403  # read-only: no action
    assert post(other, "acknowledge").status_code == 404  # not its agency's
    assert system.get(_url("pdf", rec), HTTP_AUTHORIZATION=f"Token {read}").status_code == 200
    assert post(act, "acknowledge").status_code == 200
    reply = post(act, "reply", content="系统回复", item_answers=[{"item": 1, "answer": "adopted"}])
    assert reply.status_code == 201, reply.content
    assert Reply.objects.get().author == world.court_liaison
