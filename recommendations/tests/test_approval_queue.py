"""The approver's queue (待我审批, issue 14): a submitted draft reaches the department head's
home and bell; it leaves the queue once decided; nobody else has the queue."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django.utils.translation import override

from recommendations import selectors, services
from supervision.choices import Role
from supervision.models import Notification, User
from supervision.services.notifications import render_message


def test_a_submitted_draft_waits_in_the_department_heads_queue_and_bell(world):
    draft = world.draft(title="关于规范送达程序的检察建议")
    assert list(selectors.approval_queue(world.approver)) == []
    services.recommendation_submit(actor=world.procurator, recommendation=draft)
    assert list(selectors.approval_queue(world.approver)) == [draft]
    note = Notification.objects.get(recipient=world.approver, code="approval.requested")
    assert note.link == reverse("recommendations:detail", args=[draft.pk])
    assert render_message(note.code, note.params) == (
        f"{world.procurator} 提请审批检察建议“关于规范送达程序的检察建议”，请审批。")
    with override("en"):
        assert "submitted" in render_message(note.code, note.params)
    # neither the drafter, another department's head nor another procuratorate is told
    assert not Notification.objects.filter(code="approval.requested").exclude(
        recipient=world.approver).exists()
    assert list(selectors.approval_queue(User.objects.get(username="pt_approver"))) == []
    assert list(selectors.approval_queue(world.procurator)) == []
    services.recommendation_approve(actor=world.approver, recommendation=draft)
    assert list(selectors.approval_queue(world.approver)) == []


def test_the_approvers_home_is_the_queue(world):
    draft = world.draft(title="关于规范送达程序的检察建议")
    services.recommendation_submit(actor=world.procurator, recommendation=draft)
    client = Client()
    client.force_login(world.approver)
    home = client.get("/", follow=True)
    assert home.redirect_chain[-1][0] == reverse("recommendations:approvals")
    page = home.content.decode()
    assert "关于规范送达程序的检察建议" in page and "共 1 项" in page
    assert 'href="/instruments/approvals/"' in page  # in the navigation too


def test_an_empty_queue_says_what_happens_next_and_others_have_none(world):
    client = Client()
    client.force_login(world.approver)
    page = client.get(reverse("recommendations:approvals")).content.decode()
    assert "目前没有等待您审批的文书" in page
    client.force_login(world.procurator)
    assert client.get(reverse("recommendations:approvals")).status_code in (403, 404)


def test_without_a_department_head_the_chief_is_told(world):
    User.objects.filter(role=Role.APPROVER, procuratorate=world.dinghai).update(is_active=False)
    chief = User.objects.create_user(username="dh_chief", password="x", role=Role.CHIEF,
                                     procuratorate=world.dinghai, display_name="检察长")
    draft = world.draft()
    services.recommendation_submit(actor=world.procurator, recommendation=draft)
    assert list(Notification.objects.filter(code="approval.requested")
                .values_list("recipient__username", flat=True)) == ["dh_chief"]
    assert list(selectors.approval_queue(chief)) == [draft]
