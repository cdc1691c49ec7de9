"""The procuratorate's actions on an instrument through the API (issue 17,
``recommendations.api.staff_actions``): each driven end to end, each refused as its page refuses
it, and the lists of an instrument's child rows at a query count flat in their rows."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cases.samples import tiny_pdf
from recommendations import services
from recommendations.models import Recommendation
from recommendations.services import extensions as extension_services
from supervision.models import AuditEntry

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
SERVED = datetime.date(2026, 11, 2)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(user, url: str, data: dict | None = None, **extra):
    return _client(user).post(url, data or {}, content_type="application/json", **extra)


def _url(rec: Recommendation, action: str = "") -> str:
    return f"/api/recommendations/{rec.pk}/{action}"


def _replied(world, **kwargs) -> Recommendation:
    rec = world.served(SERVED, items=["一、依法纠正", "二、健全制度"], **kwargs)
    services.reply_submit(
        actor=world.court_liaison, recommendation=rec, content="已整改",
        item_answers=[services.ItemAnswerInput(item_id=i.pk, answer="adopted")
                      for i in rec.items.all()])
    return rec


# --- 拟稿 → 提请审批 → 审批 → 签发 → 送达 ----------------------------------------------------------

def test_a_draft_goes_from_the_api_to_served_through_the_pages_services(world):
    case = world.register_case(assistant=world.assistant)
    response = _post(world.procurator, "/api/recommendations/", {
        "case": case.pk, "instrument_type": world.recommendation_type.pk,
        "agency": world.court.pk, "title": "关于规范执法的检察建议",
        "body": "一、依法纠正违法行为。\n二、健全内部制度。"})
    assert response.status_code == 201, response.content
    draft = response.json()
    assert draft["status"] == "draft" and draft["case_number"] == case.number
    rec = Recommendation.objects.get(pk=draft["id"])
    assert rec.drafted_by == world.procurator
    items = _client(world.assistant).get(_url(rec, "items/")).json()
    assert [i["number"] for i in items] == [1, 2]

    # 修改草稿: only what is sent changes; the items are read again from the body.
    response = _client(world.assistant).patch(
        _url(rec), {"title": "关于依法规范执法的检察建议", "body": "一、依法纠正。"},
        content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "关于依法规范执法的检察建议"
    rec.refresh_from_db()
    assert rec.agency == world.court and rec.items.count() == 1

    assert _post(world.procurator, _url(rec, "submit/")).json()["status"] == "pending_approval"
    assert _post(world.approver, _url(rec, "approve/")).json()["status"] == "approved"
    issued = _post(world.procurator, _url(rec, "issue/")).json()
    assert issued["status"] == "issued" and issued["number"] and issued["pdf_sha256"]
    rec.refresh_from_db()
    assert rec.pdf and rec.issued_on == NOW.date()

    served = _post(world.procurator, _url(rec, "serve/"),
                   {"served_on": "2026-11-23", "method": "mail"})
    assert served.status_code == 200, served.content
    assert served.json()["status"] == "awaiting_reply" and served.json()["due_date"]
    assert set(AuditEntry.objects.filter(target_id=str(rec.pk)).values_list(
        "action", flat=True)) >= {"recommendation_draft", "recommendation_edit",
                                  "recommendation_submit", "recommendation_approve",
                                  "recommendation_issue", "recommendation_serve"}


def test_drafting_is_refused_as_the_page_refuses_it(world):
    case = world.register_case()
    body = {"case": case.pk, "instrument_type": world.recommendation_type.pk,
            "agency": world.court.pk, "title": "关于规范执法的检察建议", "body": "一、依法纠正。"}
    # Not their case to see, or not staff: 404, as the drafting page.
    for user in (world.pt_procurator, world.court_liaison, world.observer):
        assert _post(user, "/api/recommendations/", body).status_code == 404, user
    # The supervisor sees the case but may not work on it.
    assert _post(world.supervisor, "/api/recommendations/", body).status_code == 404
    # The form's rules: an addressee this procuratorate does not supervise, no body.
    response = _post(world.procurator, "/api/recommendations/", {**body, "agency": world.pt_court.pk})
    assert response.status_code == 400 and b"agency" in response.content
    response = _post(world.procurator, "/api/recommendations/", {**body, "body": ""})
    assert response.status_code == 400 and b"body" in response.content
    assert not Recommendation.objects.exists()


def test_a_similar_case_draft_to_several_agencies(world):
    case = world.register_case()
    body = {"case": case.pk, "instrument_type": world.recommendation_type.pk,
            "title": "关于规范执法的检察建议", "body": "一、依法纠正。"}
    response = _post(world.procurator, "/api/recommendations/batch/",
                     {**body, "agencies": [world.court.pk]})
    assert response.status_code == 400 and b"agencies" in response.content
    response = _post(world.procurator, "/api/recommendations/batch/",
                     {**body, "agencies": [world.court.pk, world.pt_court.pk]})
    assert response.status_code == 400 and b"agencies" in response.content  # not supervised
    assert _post(world.pt_procurator, "/api/recommendations/batch/",
                 {**body, "agencies": [world.court.pk, world.police.pk]}).status_code == 404
    response = _post(world.procurator, "/api/recommendations/batch/",
                     {**body, "agencies": [world.court.pk, world.police.pk]})
    assert response.status_code == 201, response.content
    lead = Recommendation.objects.get(pk=response.json()["id"])
    assert set(lead.batch.addressees.all()) == {world.court, world.police} and lead.status == "draft"


def test_state_changes_are_refused_as_the_pages_refuse_them(world):
    rec = world.draft(world.register_case())
    # Not visible, or not staff: 404.
    for user in (world.pt_procurator, world.court_liaison, world.police_liaison, world.observer):
        assert _post(user, _url(rec, "submit/")).status_code == 404, user
    # Visible, but not the table's actor: 403 from the service.
    assert _post(world.supervisor, _url(rec, "submit/")).status_code == 403
    # The table's actor, from the wrong state: 400.
    assert _post(world.procurator, _url(rec, "approve/")).status_code == 403  # the drafter
    assert _post(world.approver, _url(rec, "approve/")).status_code == 400  # still a draft
    assert _post(world.procurator, _url(rec, "submit/")).status_code == 200
    # The approver may not edit a draft waiting for approval: the service says 400.
    response = _client(world.procurator).patch(_url(rec), {"title": "改"},
                                               content_type="application/json")
    assert response.status_code == 400
    # Returning needs a reason (the page's form): 400 naming the field.
    response = _post(world.approver, _url(rec, "return/"), {})
    assert response.status_code == 400 and b"reason" in response.content
    assert _post(world.approver, _url(rec, "return/"),
                 {"reason": "请补充法律依据。"}).json()["status"] == "draft"
    # One who may not edit the draft does not learn the edit exists.
    assert _client(world.supervisor).patch(_url(rec), {"title": "改"},
                                           content_type="application/json").status_code == 404
    rec.refresh_from_db()
    assert rec.status == "draft"


def test_serving_takes_the_pages_rule_that_the_date_is_not_in_the_future(world):
    rec = world.issued(world.register_case())
    response = _post(world.procurator, _url(rec, "serve/"), {"served_on": "2026-11-24"})
    assert response.status_code == 400 and b"served_on" in response.content
    response = _post(world.procurator, _url(rec, "serve/"), {"served_on": "not a date"})
    assert response.status_code == 400 and b"served_on" in response.content
    rec.refresh_from_db()
    assert rec.status == "issued"


def test_the_same_idempotency_key_on_approve_twice_decides_once(world):
    rec = world.draft(world.register_case())
    services.recommendation_submit(actor=world.procurator, recommendation=rec)
    client = _client(world.approver)
    first = client.post(_url(rec, "approve/"), {}, content_type="application/json",
                        HTTP_IDEMPOTENCY_KEY="approve-7")
    again = client.post(_url(rec, "approve/"), {}, content_type="application/json",
                        HTTP_IDEMPOTENCY_KEY="approve-7")
    assert first.status_code == 200 and first.json()["status"] == "approved"
    assert again.status_code == 409  # told it was done, not a second decision
    assert AuditEntry.objects.filter(action="recommendation_approve",
                                     target_id=str(rec.pk)).count() == 1


def test_void_with_a_reason_by_an_issuer_only(world):
    rec = world.issued(world.register_case(assistant=world.assistant))
    assert _post(world.assistant, _url(rec, "void/"), {"reason": "文号有误"}).status_code == 403
    response = _post(world.procurator, _url(rec, "void/"), {"reason": " "})
    assert response.status_code == 400 and b"reason" in response.content
    assert _post(world.pt_procurator, _url(rec, "void/"), {"reason": "x"}).status_code == 404
    response = _post(world.procurator, _url(rec, "void/"), {"reason": "文号有误"})
    assert response.status_code == 200 and response.json()["status"] == "voided"
    assert _post(world.procurator, _url(rec, "void/"), {"reason": "again"}).status_code == 400


def test_a_signed_receipt_is_uploaded_as_multipart(world):
    rec = world.served(SERVED)
    client = _client(world.procurator)
    response = client.post(_url(rec, "receipt/"), {
        "receipt": SimpleUploadedFile("送达回证.pdf", tiny_pdf(), "application/pdf")})
    assert response.status_code == 200, response.content
    rec.refresh_from_db()
    assert rec.receipt and rec.receipt_name == "送达回证.pdf"
    response = client.post(_url(rec, "receipt/"), {
        "receipt": SimpleUploadedFile("x.pdf", b"MZ not a pdf", "application/pdf")})
    assert response.status_code == 400 and b"receipt" in response.content
    assert client.post(_url(rec, "receipt/"), {}).status_code == 400


# --- The agency's requests, decided -------------------------------------------------------------

def test_an_extension_request_is_granted_or_refused_through_the_api(world):
    rec = world.served(SERVED)
    ext = extension_services.extension_request(
        actor=world.court_liaison, recommendation=rec,
        requested_due=rec.due_date + datetime.timedelta(days=30), reason="需要更多时间")
    listed = _client(world.procurator).get(_url(rec, "extensions/")).json()
    assert [(e["id"], e["status"]) for e in listed] == [(ext.pk, "requested")]
    url = _url(rec, f"extensions/{ext.pk}/decide/")
    # Not visible: 404; staff who is not a decider: 403; the form's rule (days or a date): 400.
    assert _post(world.pt_procurator, url, {"decision": "refuse", "reason": "x"}).status_code == 404
    assert _post(world.court_liaison, url, {"decision": "refuse", "reason": "x"}).status_code == 404
    assert _post(world.supervisor, url, {"decision": "refuse", "reason": "x"}).status_code == 403
    response = _post(world.procurator, url, {"decision": "grant", "reason": "同意"})
    assert response.status_code == 400 and b"non_field_errors" in response.content
    old_due = rec.due_date
    response = _post(world.procurator, url, {"decision": "grant", "reason": "同意", "days": 10})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "granted" and response.json()["id"] == ext.pk
    rec.refresh_from_db()
    assert rec.due_date > old_due
    # Decided: nothing left to decide (404, as the page), and the liaison sees its request.
    assert _post(world.procurator, url, {"decision": "refuse", "reason": "x"}).status_code == 404
    mine = _client(world.court_liaison).get(_url(rec, "extensions/")).json()
    assert [e["status"] for e in mine] == ["granted"] and "decided_by" not in mine[0]
    assert _client(world.police_liaison).get(_url(rec, "extensions/")).status_code == 404


def test_an_extension_request_refused_and_one_on_another_instrument_is_not_found(world):
    rec, other = world.served(SERVED), world.served(SERVED)
    ext = extension_services.extension_request(
        actor=world.court_liaison, recommendation=rec,
        requested_due=rec.due_date + datetime.timedelta(days=30), reason="需要更多时间")
    assert _post(world.procurator, _url(other, f"extensions/{ext.pk}/decide/"),
                 {"decision": "refuse", "reason": "不予准许"}).status_code == 404
    response = _post(world.procurator, _url(rec, f"extensions/{ext.pk}/decide/"),
                     {"decision": "refuse", "reason": "理由不充分"})
    assert response.status_code == 200 and response.json()["status"] == "refused"


def test_own_motion_extension(world):
    rec = world.served(SERVED)
    response = _post(world.procurator, _url(rec, "extend/"), {"new_due": "2027-02-01",
                                                             "reason": "案情复杂"})
    assert response.status_code == 201 and response.json()["status"] == "granted"
    assert _post(world.supervisor, _url(rec, "extend/"),
                 {"days": 3, "reason": "x"}).status_code == 403


def test_a_review_request_is_decided_through_the_api(world):
    rec = world.served(SERVED)
    review = services.review_request(actor=world.court_liaison, recommendation=rec,
                                     kind="objection", reason="认定事实有误")
    url = _url(rec, f"reviews/{review.pk}/decide/")
    assert _post(world.court_liaison, url, {"outcome": "rejected", "reason": "x"}).status_code == 404
    assert _post(world.supervisor, url, {"outcome": "rejected", "reason": "x"}).status_code == 403
    response = _post(world.procurator, url, {"outcome": "maybe", "reason": "x"})
    assert response.status_code == 400 and b"outcome" in response.content
    response = _post(world.procurator, url, {"outcome": "rejected", "reason": "事实清楚"})
    assert response.status_code == 200 and response.json()["outcome"] == "rejected"
    rec.refresh_from_db()
    assert rec.status == "awaiting_reply"
    assert _post(world.procurator, url, {"outcome": "upheld", "reason": "x"}).status_code == 400
    assert [r["outcome"] for r in _client(world.court_liaison).get(_url(rec, "reviews/")).json()] \
        == ["rejected"]


# --- 评估 → 核查 / 跟进 → 办结 ----------------------------------------------------------------------

def test_evaluate_per_item_then_verify(world):
    rec = _replied(world, case=world.register_case(assistant=world.assistant))
    items = list(rec.items.all())
    url = _url(rec, "evaluate/")
    # Not one who may work on the case: 404 (the page), whoever sees the instrument.
    for user in (world.supervisor, world.court_liaison, world.pt_procurator):
        assert _post(user, url, {"outcome": "adopted_rectified"}).status_code == 404, user
    # Every item or none; reasons where the outcome needs them.
    response = _post(world.assistant, url, {"outcome": "adopted_in_progress", "items": [
        {"item_id": items[0].pk, "outcome": "adopted_in_progress"}]})
    assert response.status_code == 400 and b"items" in response.content
    response = _post(world.assistant, url, {"outcome": "partly_adopted"})
    assert response.status_code == 400 and b"reasons" in response.content
    response = _post(world.assistant, url, {"outcome": "adopted_in_progress", "items": [
        {"item_id": i.pk, "outcome": "adopted_in_progress", "note": f"第{i.number}项整改中"}
        for i in items]})
    assert response.status_code == 201, response.content
    assert response["Location"] == _url(rec, "evaluations/")
    evaluation = response.json()
    assert [e["item_number"] for e in evaluation["item_evaluations"]] == [1, 2]
    rec.refresh_from_db()
    assert rec.status == "rectification_pending"

    response = _post(world.procurator, _url(rec, "rectification-verify/"),
                     {"rectified": True, "note": "经回头看，已整改到位。"})
    assert response.status_code == 200 and response.json()["rectified"] is True
    rec.refresh_from_db()
    assert rec.status == "closed"
    listed = _client(world.approver).get(_url(rec, "evaluations/")).json()
    assert [e["id"] for e in listed] == [evaluation["id"]]
    assert listed[0]["verification_note"] == "经回头看，已整改到位。"
    # The procuratorate's evaluations and follow-ups are not the agency's to read here.
    assert _client(world.court_liaison).get(_url(rec, "evaluations/")).status_code == 404
    assert _client(world.court_liaison).get(_url(rec, "follow-ups/")).status_code == 404


def test_not_adopted_leads_to_follow_up_then_close(world):
    rec = _replied(world, case=world.register_case(assistant=world.assistant))
    response = _post(world.procurator, _url(rec, "evaluate/"),
                     {"outcome": "not_adopted", "reasons": "未说明不采纳的理由"})
    assert response.status_code == 201
    rec.refresh_from_db()
    assert rec.status == "follow_up"
    url = _url(rec, "follow-up/")
    assert _post(world.supervisor, url, {"kind": "urge", "note": "x"}).status_code == 403
    response = _post(world.procurator, url, {"kind": "urge", "note": "书面催告落实"})
    assert response.status_code == 201 and response.json()["kind"] == "urge"
    higher = _post(world.procurator, url, {"kind": "higher_procuratorate",
                                           "note": "提请上级院跟进监督"})
    assert higher.status_code == 201 and higher.json()["higher_procuratorate"] == world.city.name
    # The higher procuratorate records its action on the request made to it.
    response = _post(world.supervisor, _url(rec, f"follow-ups/{higher.json()['id']}/higher-action/"),
                     {"action": "已约谈该院分管领导"})
    assert response.status_code == 200 and response.json()["higher_action"] == "已约谈该院分管领导"
    assert _post(world.procurator, _url(rec, f"follow-ups/{higher.json()['id']}/higher-action/"),
                 {"action": "x"}).status_code == 403
    assert [f["kind"] for f in _client(world.procurator).get(_url(rec, "follow-ups/")).json()] \
        == ["urge", "higher_procuratorate"]

    assert _post(world.assistant, _url(rec, "close/"), {"reason": "x"}).status_code == 403
    response = _post(world.procurator, _url(rec, "close/"), {"reason": ""})
    assert response.status_code == 400 and b"reason" in response.content
    response = _post(world.procurator, _url(rec, "close/"), {"reason": "已提起诉讼，本件办结"})
    assert response.status_code == 200 and response.json()["status"] == "closed"


def test_follow_up_waits_for_the_period_to_run_out(world):
    rec = world.served(datetime.date(2026, 11, 20))
    response = _post(world.procurator, _url(rec, "follow-up/"), {"kind": "urge", "note": "催告"})
    assert response.status_code == 400


# --- The lists of an instrument's rows -----------------------------------------------------------

def test_the_child_lists_are_as_visible_as_the_instrument(world):
    rec = _replied(world)
    for name in ("items", "replies", "extensions", "reviews"):
        for user in (world.procurator, world.supervisor, world.court_liaison):
            assert _client(user).get(_url(rec, f"{name}/")).status_code == 200, (name, user)
        for user in (world.pt_procurator, world.police_liaison, world.observer):
            assert _client(user).get(_url(rec, f"{name}/")).status_code == 404, (name, user)
    replies = _client(world.court_liaison).get(_url(rec, "replies/")).json()
    assert [a["answer"] for a in replies[0]["item_answers"]] == ["adopted", "adopted"]
    assert Client().get(_url(rec, "items/")).status_code in (401, 403)


def _grow(world, rec: Recommendation, n: int) -> None:
    """``n`` rows in each of the instrument's lists."""
    from recommendations.models import (
        Evaluation,
        FollowUp,
        ItemEvaluation,
        RecommendationExtension,
        RecommendationItem,
        Reply,
        ReplyItemAnswer,
        ReviewRequest,
    )

    items = list(rec.items.all())
    for k in range(n):
        reply = Reply.objects.create(recommendation=rec, author=world.court_liaison,
                                     content=f"补充{k}")
        ReplyItemAnswer.objects.bulk_create(ReplyItemAnswer(reply=reply, item=i, answer="adopted")
                                            for i in items)
        RecommendationExtension.objects.create(
            recommendation=rec, status="refused", requested_by=world.court_liaison,
            old_due=rec.due_date, reason="不予准许", decided_by=world.procurator,
            decided_at=NOW)
        ReviewRequest.objects.create(recommendation=rec, kind="review", reason="复查",
                                     requested_by=world.court_liaison, outcome="rejected",
                                     decision_reason="维持", decided_by=world.procurator,
                                     decided_at=NOW)
        evaluation = Evaluation.objects.create(recommendation=rec, reply=reply,
                                               outcome="adopted_rectified",
                                               evaluated_by=world.procurator)
        ItemEvaluation.objects.bulk_create(ItemEvaluation(evaluation=evaluation, item=i,
                                                          outcome="adopted_rectified")
                                           for i in items)
        FollowUp.objects.create(recommendation=rec, kind="urge", taken_on=SERVED, note="催告",
                                created_by=world.procurator)
        RecommendationItem.objects.create(recommendation=rec, number=10 + k, text=f"第{k}项")


#: url -> queries (session, user, the instrument through its visibility, the rows and what
#: each prefetches) — the same with one row and with five.
CHILD_LISTS = {"items/": 4, "replies/": 6, "extensions/": 4, "reviews/": 4, "evaluations/": 6,
               "follow-ups/": 4}


@pytest.mark.parametrize("name", sorted(CHILD_LISTS))
def test_child_list_query_counts_are_pinned_and_flat(world, name):
    counts = []
    for n in (1, 5):
        rec = world.served(SERVED, items=["一、依法纠正", "二、健全制度"])
        _grow(world, rec, n)
        client = _client(world.procurator)
        client.get(_url(rec, name))  # the session's first use is not the endpoint's
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(_url(rec, name))
        assert response.status_code == 200
        rows = len(response.json())
        assert rows >= n
        counts.append(len(ctx.captured_queries))
    assert counts == [CHILD_LISTS[name]] * 2, counts


# --- The list's filters -------------------------------------------------------------------------

def test_the_list_filters_by_the_one_filterset(world):
    case = world.register_case()
    draft = world.draft(case)
    served = world.served(SERVED)
    client = _client(world.procurator)

    def ids(query: str) -> list[int]:
        response = client.get(f"/api/recommendations/?{query}")
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids("status=draft") == [draft.pk]
    assert ids(f"case={case.pk}") == [draft.pk]
    assert ids(f"agency={world.court.pk}&status=awaiting_reply") == [served.pk]
    assert ids(f"instrument_type={world.recommendation_type.pk}") == [served.pk, draft.pk]
    assert ids(f"agency={world.pt_court.pk}") == []
    for bad in ("status=nonsense", "agency=1.5", "case=99999999999999999999999"):
        response = client.get(f"/api/recommendations/?{bad}")
        assert response.status_code == 400 and bad.split("=")[0].encode() in response.content


# --- Tokens ---------------------------------------------------------------------------------------

def _token_client(user, scope: str) -> Client:
    from supervision.services.api_tokens import api_token_create

    _row, plain = api_token_create(actor=None, user=user, name="系统对接", scope=scope)
    return Client(HTTP_AUTHORIZATION=f"Token {plain}")


def test_a_token_acts_as_its_holder_and_a_liaisons_token_never_reaches_staff_actions(world):
    from supervision.models.api_tokens import ApiTokenScope

    rec = world.draft(world.register_case())
    services.recommendation_submit(actor=world.procurator, recommendation=rec)
    liaison = _token_client(world.court_liaison, ApiTokenScope.ACT)
    assert liaison.post(_url(rec, "approve/"), {}, content_type="application/json").status_code == 404
    # A read-only token may not act, whoever holds it.
    reader = _token_client(world.approver, ApiTokenScope.READ)
    assert reader.post(_url(rec, "approve/"), {}, content_type="application/json").status_code == 403
    assert reader.get(_url(rec, "items/")).status_code == 200
    actor = _token_client(world.approver, ApiTokenScope.ACT)
    response = actor.post(_url(rec, "approve/"), {}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "approved"
    rec.refresh_from_db()
    assert rec.approved_by == world.approver
