"""A liaison never reaches another agency's instrument, PDF, attachment, reply, draft or
notification — by URL, by API, by guessing ids or by search — and the procuratorate never
sees an agency's draft (issue 8)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from recommendations import services
from recommendations.models import Recommendation, Reply, ReplyDraft, ReplyItemAnswer
from supervision.models import Notification

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
DRAFT_TEXT = "草稿：内部讨论稿，尚未定稿"


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, "application/pdf")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _agency_world(world, agency, liaison, tag: str) -> dict:
    """For one agency: an instrument replied to with attachment and evidence and a draft
    supplement with files, one awaiting reply with a draft, and one issued (to acknowledge)."""
    case = world.register_case(agency=agency, title=f"{tag}案件")
    replied = world.served(datetime.date(2026, 11, 2), case=case, items=[f"一、{tag}第一项"],
                           title=f"{tag}已回复的检察建议")
    item = replied.items.get()
    reply = services.reply_submit(
        actor=liaison, recommendation=replied, content=f"{tag}已整改", attachment=_pdf("整改.pdf"),
        item_answers=[services.ItemAnswerInput(item_id=item.pk, answer="adopted",
                                               evidence=_pdf("证明.pdf"))])
    services.reply_draft_save(
        actor=liaison, recommendation=replied, content=f"{tag}{DRAFT_TEXT}",
        attachment=_pdf("补充.pdf"),
        item_answers=[services.ItemAnswerInput(item_id=item.pk, answer="adopted",
                                               evidence=_pdf("补充证明.pdf"))])
    awaiting = world.served(datetime.date(2026, 11, 16), case=case, title=f"{tag}待回复的检察建议")
    services.reply_draft_save(actor=liaison, recommendation=awaiting,
                              content=f"{tag}{DRAFT_TEXT}")
    issued = world.issued(case, title=f"{tag}待签收的检察建议")
    return {"replied": replied, "reply": reply, "answer": reply.item_answers.get(),
            "item": item, "awaiting": awaiting, "issued": issued}


@pytest.fixture
def both(world):
    with time_machine.travel(NOW, tick=False):
        court = _agency_world(world, world.court, world.court_liaison, "法院")
        police = _agency_world(world, world.police, world.police_liaison, "公安")
    return court, police


def _object_urls(o: dict) -> dict[str, tuple[str, str]]:
    """(method, url) of everything about one agency's objects a liaison might try."""
    rec, awaiting, issued = o["replied"], o["awaiting"], o["issued"]
    get = lambda name, *args: ("get", reverse(name, args=args))
    post = lambda name, *args: ("post", reverse(name, args=args))
    return {
        "portal": get("portal:detail", rec.pk),
        "portal-issued": get("portal:detail", issued.pk),
        "page": get("recommendations:detail", rec.pk),
        "pdf": get("recommendations:pdf", rec.pk),
        "receipt": get("recommendations:receipt-pdf", rec.pk),
        "reply-attachment": get("recommendations:reply-attachment", o["reply"].pk),
        "reply-evidence": get("recommendations:reply-evidence", o["answer"].pk),
        "draft-attachment": get("portal:draft-attachment", rec.pk),
        "draft-evidence": get("portal:draft-evidence", rec.pk, o["item"].pk),
        "api": get("api-recommendation-detail", rec.pk),
        "save-draft": post("portal:detail", awaiting.pk),
        "acknowledge": post("portal:acknowledge", issued.pk),
        "extension": post("portal:extension-request", awaiting.pk),
        "review": post("portal:review-request", awaiting.pk),
        "sign-off": post("portal:reply-sign-off", awaiting.pk),
        "return": post("portal:reply-return", awaiting.pk),
        "recall": post("portal:reply-recall", awaiting.pk),
        "discard": post("portal:reply-discard", awaiting.pk),
    }


def test_every_url_of_another_agencys_objects_answers_404_and_changes_nothing(world, both):
    court, police = both
    for liaison, theirs, others in ((world.police_liaison, police, court),
                                    (world.court_liaison, court, police)):
        client = _client(liaison)
        for name, (method, url) in _object_urls(others).items():
            data = {"op": "save", "content": "入侵", "items-TOTAL_FORMS": "0",
                    "items-INITIAL_FORMS": "0", "reason": "x", "return-reason": "x"}
            response = client.post(url, data) if method == "post" else client.get(url)
            assert response.status_code == 404, (liaison.username, name, response.status_code)
        # Their own objects answer (the POSTs redirect back with a message).
        for name, (method, url) in _object_urls(theirs).items():
            if method == "get" and name != "page":
                assert client.get(url).status_code == 200, (liaison.username, name)
    # Nothing of the court's changed: its drafts, replies and states are as they were.
    assert ReplyDraft.objects.filter(recommendation=court["awaiting"]).get().content == \
        f"法院{DRAFT_TEXT}"
    assert Reply.objects.filter(recommendation__agency=world.court).count() == 1
    court["issued"].refresh_from_db()
    assert court["issued"].status == "issued"


def test_guessed_ids_answer_404_unless_they_are_the_agencys_own(world, both):
    client = _client(world.police_liaison)
    own = set(Recommendation.objects.filter(agency=world.police, status__in=[
        "issued", "awaiting_reply", "replied"]).values_list("pk", flat=True))
    top = Recommendation.objects.order_by("-pk").first().pk + 3
    for pk in range(1, top):
        for name in ("portal:detail", "recommendations:pdf", "api-recommendation-detail"):
            status = client.get(reverse(name, args=[pk])).status_code
            assert status == (200 if pk in own else 404), (name, pk, status)
    own_replies = set(Reply.objects.filter(recommendation__agency=world.police)
                      .values_list("pk", flat=True))
    for pk in range(1, Reply.objects.order_by("-pk").first().pk + 3):
        status = client.get(reverse("recommendations:reply-attachment", args=[pk])).status_code
        assert status == (200 if pk in own_replies else 404), pk
    own_answers = set(ReplyItemAnswer.objects.filter(reply__recommendation__agency=world.police)
                      .values_list("pk", flat=True))
    for pk in range(1, ReplyItemAnswer.objects.order_by("-pk").first().pk + 3):
        status = client.get(reverse("recommendations:reply-evidence", args=[pk])).status_code
        assert status == (200 if pk in own_answers else 404), pk


def test_lists_search_and_the_api_hold_only_the_agencys_own(world, both):
    court, police = both
    client = _client(world.police_liaison)
    inbox = client.get(reverse("portal:inbox"), {"bucket": "all"}).content.decode()
    for rec in (police["replied"], police["awaiting"], police["issued"]):
        assert rec.title in inbox
    for rec in (court["replied"], court["awaiting"], court["issued"]):
        assert rec.title not in inbox and rec.number not in inbox
    for query in (court["replied"].number, "法院", court["awaiting"].title):
        found = client.get(reverse("portal:inbox"), {"q": query, "bucket": "all"}).content.decode()
        assert 'data-testid="inbox-item"' not in found, query  # the box echoes the query only
    own = client.get(reverse("portal:inbox"), {"q": police["awaiting"].number, "bucket": "all"})
    assert police["awaiting"].title in own.content.decode()
    api = client.get(reverse("api-recommendation-list")).json()
    assert {row["id"] for row in api["results"]} == {
        police["replied"].pk, police["awaiting"].pk, police["issued"].pk}
    assert client.get(reverse("api-recommendation-list"),
                      {"agency": world.court.pk}).json()["count"] == 0
    # Liaisons have no case search at all.
    assert client.get(reverse("cases:list"), {"q": "法院"}).status_code == 404


def test_the_api_carries_the_agencys_own_replies_and_never_a_draft(world, both):
    court, _police = both
    client = _client(world.court_liaison)
    data = client.get(reverse("api-recommendation-detail", args=[court["replied"].pk])).json()
    (reply,) = data["replies"]
    assert reply["content"] == "法院已整改" and reply["attachment_name"] == "整改.pdf"
    assert client.get(reply["attachment_url"]).status_code == 200
    evidence = reply["item_answers"][0]["evidence_url"]
    assert client.get(evidence).status_code == 200
    assert _client(world.police_liaison).get(evidence).status_code == 404
    assert _client(world.police_liaison).get(reply["attachment_url"]).status_code == 404
    assert DRAFT_TEXT not in str(client.get(reverse("api-recommendation-list")).json())


def test_notifications_stay_with_their_recipients(world, both):
    court, _police = both
    mine = set(Notification.objects.filter(recipient=world.police_liaison)
               .values_list("pk", flat=True))
    theirs = Notification.objects.filter(recipient=world.court_liaison)
    assert mine and theirs.exists(), "each liaison was told of the instruments issued to them"
    page = _client(world.police_liaison).get(reverse("notifications")).content.decode()
    assert court["replied"].number not in page
    _client(world.police_liaison).post(reverse("notifications-mark-read"))
    assert not Notification.objects.filter(pk__in=theirs.values("pk"), read_at__isnull=False)
    assert Notification.objects.filter(pk__in=mine, read_at__isnull=True).count() == 0


def test_the_procuratorate_never_sees_a_draft(world, both):
    court, _police = both
    client = _client(world.procurator)
    for url in (reverse("recommendations:detail", args=[court["replied"].pk]),
                reverse("recommendations:detail", args=[court["awaiting"].pk]),
                reverse("cases:detail", args=[court["replied"].case_id]),
                reverse("api-recommendation-detail", args=[court["awaiting"].pk])):
        body = client.get(url).content.decode()
        assert DRAFT_TEXT not in body, url
    timeline = client.get(reverse("cases:detail", args=[court["replied"].case_id])).content.decode()
    assert "reply_draft" not in timeline, "the agency's drafting stays out of the case timeline"
    for url in (reverse("portal:draft-attachment", args=[court["replied"].pk]),
                reverse("portal:draft-evidence", args=[court["replied"].pk, court["item"].pk])):
        assert client.get(url).status_code == 404
