"""Safe retries (issue 15): a form sent twice — again later from a stale page, or ten times at
once — acts once. One case, one reply; the second request is told and shown the result."""

from __future__ import annotations

import datetime
import re
import threading
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from cases.models import SupervisionCase
from recommendations.models import Reply

pytestmark = pytest.mark.django_db


def ten_at_once(user, send) -> list[int]:
    """``send(client)`` from ten threads released together, each with its own signed-in
    client and database connection; their status codes. The clients sign in here, one after
    another: ten sign-ins at once would race to give the user an authenticator (the test
    login's, ``tests.two_factor.authenticator``), and a session verified by a device the user
    is not loaded with is refused (403) — the harness's race, not the one under test."""
    statuses = []
    barrier = threading.Barrier(10)
    clients = []
    for _ in range(10):
        clients.append(Client())
        clients[-1].force_login(user)

    def one(client: Client) -> None:
        barrier.wait()
        statuses.append(send(client).status_code)
        connection.close()

    threads = [threading.Thread(target=one, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def token_of(page: str) -> str:
    return re.search(r'name="form_token" value="([0-9a-f-]{36})"', page).group(1)


def case_form(world, token: str) -> dict:
    return {"matter": world.matter.pk, "agency": world.court.pk, "clue_source": "complaint",
            "title": "某法院执行款发放迟延监督案", "summary": "案情", "accepted_on": "2026-11-20",
            "handler": world.procurator.pk, "related_numbers": "", "party-TOTAL_FORMS": "0",
            "party-INITIAL_FORMS": "0", "form_token": token}


def reply_form(rec, token: str) -> dict:
    data = {"op": "submit", "content": "已采纳并整改。", "measures": "", "version": "",
            "items-TOTAL_FORMS": str(rec.items.count()), "items-INITIAL_FORMS": "0",
            "form_token": token}
    for n, item in enumerate(rec.items.all()):
        data.update({f"items-{n}-item_id": item.pk, f"items-{n}-answer": "adopted",
                     f"items-{n}-measures": "已落实", f"items-{n}-completed_on": ""})
    return data


def test_the_case_form_sent_again_registers_one_case(world):
    client = Client()
    client.force_login(world.procurator)
    token = token_of(client.get(reverse("cases:create")).content.decode())
    first = client.post(reverse("cases:create"), case_form(world, token))
    case = SupervisionCase.objects.get(title="某法院执行款发放迟延监督案")
    assert first["Location"] == case.get_absolute_url()
    again = client.post(reverse("cases:create"), case_form(world, token), follow=True)
    assert SupervisionCase.objects.filter(title="某法院执行款发放迟延监督案").count() == 1
    assert again.redirect_chain[-1][0] == case.get_absolute_url()
    assert "该表单已经提交过，没有重复办理" in again.content.decode()
    # A new page has a new token: registering a second case on purpose still works (the
    # duplicate warning then asks to confirm).
    assert token_of(client.get(reverse("cases:create")).content.decode()) != token


def test_a_stale_reply_page_sent_again_makes_no_supplement(world):
    rec = world.served(datetime.date.today() - datetime.timedelta(days=3),
                       items=["一、依法公告送达", "二、建立台账"])
    client = Client()
    client.force_login(world.court_liaison)
    url = reverse("portal:detail", args=[rec.pk])
    token = token_of(client.get(url).content.decode())
    assert "回复已提交" in client.post(url, reply_form(rec, token), follow=True).content.decode()
    again = client.post(url, reply_form(rec, token), follow=True).content.decode()
    assert "该表单已经提交过" in again
    assert Reply.objects.filter(recommendation=rec).count() == 1
    assert not Reply.objects.filter(recommendation=rec, supplement_to__isnull=False).exists()


def test_a_missing_or_garbled_token_is_not_a_crash(world):
    client = Client()
    client.force_login(world.procurator)
    data = case_form(world, "not-a-uuid")
    assert client.post(reverse("cases:create"), data).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_sends_make_one_case_and_one_reply(world):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers: concurrency is PostgreSQL's to show")
    rec = world.served(datetime.date.today() - datetime.timedelta(days=3),
                       items=["一、依法公告送达", "二、建立台账"])
    jobs = [(world.procurator, reverse("cases:create"), case_form(world, str(uuid.uuid4()))),
            (world.court_liaison, reverse("portal:detail", args=[rec.pk]),
             reply_form(rec, str(uuid.uuid4())))]
    for user, url, data in jobs:
        assert ten_at_once(user, lambda client, url=url, data=data: client.post(url, data)) == [
            302] * 10
    assert SupervisionCase.objects.filter(title="某法院执行款发放迟延监督案").count() == 1
    assert Reply.objects.filter(recommendation=rec).count() == 1


def api_case(world, title: str) -> dict:
    return {"matter": world.matter.pk, "agency": world.court.pk, "title": title,
            "summary": "案情", "confirm_duplicate": True}


def test_an_api_write_with_an_idempotency_key_acts_once(world):
    client = Client()
    client.force_login(world.procurator)
    key = {"HTTP_IDEMPOTENCY_KEY": "integration-42"}
    first = client.post("/api/cases/", api_case(world, "接口登记一次"), "application/json", **key)
    assert first.status_code == 201
    again = client.post("/api/cases/", api_case(world, "接口登记一次"), "application/json", **key)
    assert again.status_code == 409 and again.json()["errors"][0]["code"] == "already_processed"
    assert again.json()["extra"]["result"].endswith(f"/{first.json()['id']}/")
    assert SupervisionCase.objects.filter(title="接口登记一次").count() == 1
    # another key, or another user with the same key, is another action
    other = client.post("/api/cases/", api_case(world, "接口登记一次"), "application/json",
                        HTTP_IDEMPOTENCY_KEY="integration-43")
    assert other.status_code == 201
    colleague = Client()
    colleague.force_login(world.approver)
    assert colleague.post("/api/cases/", api_case(world, "接口登记一次"), "application/json",
                          **key).status_code == 201


def test_a_refused_api_write_leaves_its_key_free_for_the_corrected_retry(world):
    client = Client()
    client.force_login(world.procurator)
    key = {"HTTP_IDEMPOTENCY_KEY": "fix-and-retry"}
    bad = client.post("/api/cases/", {"title": ""}, "application/json", **key)
    assert bad.status_code == 400
    good = client.post("/api/cases/", api_case(world, "改正后重试"), "application/json", **key)
    assert good.status_code == 201
    too_long = client.post("/api/cases/", api_case(world, "x"), "application/json",
                           HTTP_IDEMPOTENCY_KEY="k" * 201)
    assert too_long.status_code == 400
    assert too_long.json()["errors"][0]["attr"] == "Idempotency-Key"


@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_api_sends_with_one_key_make_one_case(world):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers: concurrency is PostgreSQL's to show")
    statuses = ten_at_once(world.procurator, lambda client: client.post(
        "/api/cases/", api_case(world, "十次并发接口登记"), "application/json",
        HTTP_IDEMPOTENCY_KEY="burst-1"))
    assert sorted(statuses) == [201] + [409] * 9
    assert SupervisionCase.objects.filter(title="十次并发接口登记").count() == 1


def test_old_tokens_are_forgotten_and_recent_ones_kept(world, settings):
    from django.utils import timezone

    from supervision.models import FormSubmission
    from supervision.tasks import purge_form_submissions

    old = FormSubmission.objects.create(token=uuid.uuid4(), user=world.procurator)
    FormSubmission.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=settings.FORM_TOKEN_DAYS + 1))
    recent = FormSubmission.objects.create(token=uuid.uuid4(), user=world.procurator)
    assert purge_form_submissions() == 1
    assert list(FormSubmission.objects.values_list("pk", flat=True)) == [recent.pk]
