"""The portal's reply form: save a draft, send it, supplement it; bad input loses nothing."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from agencies.models import LiaisonMembership
from agencies.services import memberships
from recommendations.models import Reply, ReplyDraft

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def rec(world):
    return world.served(datetime.date(2026, 11, 2), items=["一、依法公告送达", "二、建立台账"])


@pytest.fixture
def client(world) -> Client:
    client = Client()
    client.force_login(world.court_liaison)
    return client


def form_data(rec, *, op="save", content="已采纳。", answer="adopted", version="", **extra):
    data = {"op": op, "content": content, "measures": "", "version": version,
            "items-TOTAL_FORMS": str(rec.items.count()), "items-INITIAL_FORMS": "0"}
    for n, item in enumerate(rec.items.all()):
        data.update({f"items-{n}-item_id": item.pk, f"items-{n}-answer": answer,
                     f"items-{n}-measures": f"第{item.number}项措施", f"items-{n}-completed_on": ""})
    data.update(extra)
    return data


def test_save_then_send(world, rec, client):
    url = reverse("portal:detail", args=[rec.pk])
    response = client.post(url, form_data(rec, answer="", content="初稿"), follow=True)
    assert "草稿已保存" in response.content.decode()
    draft = ReplyDraft.objects.get()
    page = client.get(url).content.decode()
    assert "初稿" in page and 'data-testid="draft-badge"' in page
    assert f'name="version" value="{draft.version}"' in page
    inbox = client.get(reverse("portal:inbox")).content.decode()
    assert 'data-testid="inbox-draft"' in inbox and "回复草稿" in inbox

    response = client.post(url, form_data(rec, op="submit", answer="", content="初稿",
                                          version=draft.version), follow=True)
    assert "草稿已保存，但还不能发送" in response.content.decode()
    assert not Reply.objects.exists()

    draft.refresh_from_db()
    response = client.post(url, form_data(rec, op="submit", version=draft.version,
                                          attachment=SimpleUploadedFile("整改.pdf", PDF)),
                           follow=True)
    body = response.content.decode()
    assert "回复已提交，检察院已收到。" in body
    reply = Reply.objects.get()
    assert reply.attachment_name == "整改.pdf" and reply.item_answers.count() == 2
    # The form now offers a supplement (补充回复).
    assert "提交补充回复" in body and 'data-testid="reply"' in body


def test_a_renamed_executable_is_refused_and_the_text_stays(world, rec, client):
    exe = SimpleUploadedFile("整改报告.pdf", b"MZ\x90\x00" + b"\x00" * 300, "application/pdf")
    response = client.post(reverse("portal:detail", args=[rec.pk]),
                           form_data(rec, content="辛苦写好的回复", attachment=exe))
    body = response.content.decode()
    assert response.status_code == 200
    assert "不支持的文件类型" in body and "辛苦写好的回复" in body
    assert not ReplyDraft.objects.exists()


def test_a_stale_page_is_told_and_the_text_stays(world, rec, client):
    url = reverse("portal:detail", args=[rec.pk])
    client.post(url, form_data(rec, content="第一版"))
    client.post(url, form_data(rec, content="第二版", version="1"))
    response = client.post(url, form_data(rec, content="旧页面上的修改", version="1"))
    body = response.content.decode()
    assert "修改了这份草稿" in body and "旧页面上的修改" in body
    assert ReplyDraft.objects.get().content == "第二版"


def test_a_bad_date_is_a_field_error(world, rec, client):
    data = form_data(rec, content="回复")
    data["items-0-completed_on"] = "明天"
    response = client.post(reverse("portal:detail", args=[rec.pk]), data)
    assert response.status_code == 200 and "回复" in response.content.decode()
    assert "有效的日期" in response.content.decode() or "Enter a valid date" in \
        response.content.decode()
    assert not ReplyDraft.objects.exists()


def test_the_sign_off_screens(world, rec, client):
    world.court.reply_requires_signoff = True
    world.court.save()
    head = world.court_liaison.__class__.objects.create_user(
        username="court_head", password="x" * 12, role="liaison", agency=world.court)
    LiaisonMembership.objects.create(user=head, agency=world.court, is_responsible=True)
    url = reverse("portal:detail", args=[rec.pk])
    assert "提请单位负责人签发" in client.get(url).content.decode()
    response = client.post(url, form_data(rec, op="submit"), follow=True)
    assert "已提请单位负责人签发" in response.content.decode()
    assert 'data-testid="signoff"' in response.content.decode()
    assert "签发并送达检察院" not in response.content.decode()

    boss = Client()
    boss.force_login(head)
    inbox = boss.get(reverse("portal:inbox")).content.decode()
    assert 'data-testid="inbox-tab-signoff"' in inbox and "回复待负责人签发" in inbox
    queue = boss.get(reverse("portal:inbox"), {"bucket": "signoff"}).content.decode()
    assert queue.count('data-testid="inbox-item"') == 1 and rec.number in queue
    assert "由单位负责人签发后即送达检察院" in queue
    page = boss.get(url).content.decode()
    assert "签发并送达检察院" in page and "已采纳。" in page
    response = boss.post(reverse("portal:reply-sign-off", args=[rec.pk]), follow=True)
    assert "已签发，回复已送达检察院。" in response.content.decode()
    assert Reply.objects.get().signed_off_by == head
    # With nothing waiting, the tab goes away.
    assert 'data-testid="inbox-tab-signoff"' not in boss.get(reverse("portal:inbox")).content.decode()


def test_an_instrument_of_the_other_agency_offers_the_switch(world, client):
    police_rec = world.served(datetime.date(2026, 11, 2),
                              case=world.register_case(agency=world.police))
    url = reverse("portal:detail", args=[police_rec.pk])
    assert client.get(url).status_code == 404  # not a member of the police
    memberships.liaison_join(actor=world.procurator, user=world.court_liaison,
                             agency=world.police)
    page = client.get(url)
    assert page.status_code == 200 and "切换到 " in page.content.decode()
    response = client.post(reverse("portal-switch"), {"agency": world.police.pk, "next": url})
    assert response["Location"] == url
    assert client.get(url).status_code == 200
    response = client.post(reverse("portal-switch"),
                           {"agency": world.court.pk, "next": "https://evil.example/"})
    assert response["Location"] == reverse("portal:inbox")


def test_the_decision_on_an_extension_request_comes_back_to_the_page(world, rec, client):
    from recommendations.services import extensions

    request = extensions.extension_request(
        actor=world.court_liaison, recommendation=rec,
        requested_due=rec.due_date + datetime.timedelta(days=30), reason="案件量大，需要时间自查")
    url = reverse("portal:detail", args=[rec.pk])
    page = client.get(url).content.decode()
    assert "案件量大，需要时间自查" in page and "待检察院决定" in page
    extensions.extension_refuse(actor=world.procurator, extension=request, reason="理由不充分")
    page = client.get(url).content.decode()
    assert "不予准许" in page and "理由不充分" in page


def test_the_reply_screens_speak_english(world, rec, client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("portal:detail", args=[rec.pk])
    client.post(url, form_data(rec, content="Adopted."))
    page = client.get(url).content.decode()
    for text in ("Save draft", "Submit reply", "Draft saved by", "Delete draft", "Adoption"):
        assert text in page, text
    inbox = client.get(reverse("portal:inbox")).content.decode()
    assert "To do" in inbox and "Draft reply" in inbox
