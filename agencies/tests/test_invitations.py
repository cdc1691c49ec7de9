"""A liaison is invited by e-mail and sets their password once through the link.

The invitation goes through the e-mail outbox like every other e-mail (``EmailDelivery``, the
``send_email`` task, its retries), written in the invited person's language; the tests send
the outbox rows themselves, as the worker would.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from agencies.services import invitations
from supervision.choices import EmailStatus, Role
from supervision.models import AuditEntry, EmailDelivery, NotificationPreference, User
from supervision.services import emails
from tests.failing_mail import FlakyBackend


def _invite(world, **kwargs) -> User:
    return invitations.liaison_invite(
        actor=kwargs.pop("actor", world.procurator), agency=kwargs.pop("agency", world.court),
        email=kwargs.pop("email", "Clerk@Court.example"), display_name="书记员",
        accept_url=lambda uid, token: f"http://testserver/invite/{uid}/{token}/")


def _send_outbox() -> list[str]:
    """What a worker does with the pending outbox: send each row once."""
    return [emails.email_send(pk) for pk in emails.due_email_ids()]


def test_the_invitation_mails_a_one_time_link_that_sets_the_password(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = _invite(world)
    assert not mail.outbox  # queued in the outbox, not sent by the request
    assert _send_outbox() == [EmailStatus.SENT]
    assert user.role == Role.LIAISON and user.agency == world.court and not user.has_usable_password()
    assert user.username == "clerk@court.example"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["clerk@court.example"]
    link = re.search(r"http://testserver(/invite/\S+/)", mail.outbox[0].body).group(1)
    client = Client()
    assert "设置密码" in client.get(link).content.decode()
    response = client.post(link, {"new_password1": "Haian-2026-court", "new_password2": "Haian-2026-court"})
    assert response.status_code == 302
    assert client.get(reverse("portal:inbox")).status_code == 200  # logged in, in the portal
    user.refresh_from_db()
    assert user.check_password("Haian-2026-court")
    # the link is spent
    assert "邀请链接无效" in Client().get(link).content.decode()
    assert AuditEntry.objects.filter(action="liaison_invite", target_id=str(user.pk)).exists()


def test_no_usable_token_is_stored_with_the_outbox_row(world, django_capture_on_commit_callbacks):
    """The one-time link's token is made when the e-mail is written, never kept in the
    database beside the notification (whoever reads the tables could set the password)."""
    with django_capture_on_commit_callbacks(execute=True):
        user = _invite(world)
    uidb64, token = invitations.invitation_path(user)
    note = EmailDelivery.objects.get(recipient=user).notification
    assert token not in str(note.params) and uidb64 not in str(note.params)
    assert token not in note.message
    _send_outbox()
    assert f"http://testserver/invite/{uidb64}/" in mail.outbox[0].body


def test_inviting_again_before_the_password_is_set_mails_a_fresh_link(
        world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(world)
        _invite(world, email="clerk@court.example")  # the first mail was lost
    assert _send_outbox() == [EmailStatus.SENT, EmailStatus.SENT]
    assert len(mail.outbox) == 2
    assert re.search(r"http://testserver/invite/\S+/", mail.outbox[1].body)


def test_a_failing_mail_server_does_not_undo_or_break_the_invitation(
        world, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.failing_mail.FlakyBackend"
    FlakyBackend.calls, FlakyBackend.failures = 0, 1
    with django_capture_on_commit_callbacks(execute=True):
        user = _invite(world)
    delivery = EmailDelivery.objects.get(recipient=user)
    with pytest.raises(emails.RetryLater):
        emails.email_send(delivery.pk)
    assert FlakyBackend.calls == 1 and not mail.outbox
    assert User.objects.filter(pk=user.pk).exists()
    delivery.refresh_from_db()
    assert delivery.status == EmailStatus.PENDING and delivery.attempts == 1
    # The retry, once the backoff has passed, delivers the same invitation once.
    EmailDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert _send_outbox() == [EmailStatus.SENT] and _send_outbox() == []
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["clerk@court.example"]
    assert re.search(r"http://testserver/invite/\S+/", mail.outbox[0].body)


def test_the_invitation_is_written_in_the_invited_persons_language(
        world, django_capture_on_commit_callbacks):
    """Not the inviter's: a liaison who reads English gets English from a Chinese-speaking
    procurator, and a newcomer (no preference yet) the site's Chinese from an English one."""
    world.court_liaison.email = "liaison@court.example"
    world.court_liaison.set_unusable_password()  # invited before, never set a password
    world.court_liaison.save()
    NotificationPreference.objects.create(user=world.court_liaison, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        with override("zh-hans"):
            _invite(world, email="liaison@court.example")
        with override("en"):
            _invite(world, email="new@court.example")
    english, chinese = EmailDelivery.objects.order_by("pk")
    assert english.recipient == world.court_liaison and english.notification.code == "liaison.invited"
    assert english.status == chinese.status == EmailStatus.PENDING
    assert _send_outbox() == [EmailStatus.SENT, EmailStatus.SENT]
    to_liaison, to_newcomer = mail.outbox
    assert to_liaison.to == ["liaison@court.example"]
    assert to_liaison.subject == "Invitation to a liaison account in the procuratorial supervision system"
    assert "Please open this link within" in to_liaison.body and "邀请" not in to_liaison.body
    assert re.search(r"http://testserver/invite/\S+/", to_liaison.body)
    assert to_newcomer.to == ["new@court.example"]
    assert to_newcomer.subject == "检察监督系统联络员账号邀请"
    assert "请在" in to_newcomer.body and "Please" not in to_newcomer.body


def test_adding_an_existing_liaison_tells_them_in_their_language(
        world, django_capture_on_commit_callbacks):
    world.court_liaison.email = "liaison@court.example"
    world.court_liaison.save()
    NotificationPreference.objects.create(user=world.court_liaison, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        _invite(world, agency=world.police, email="liaison@court.example")
    assert _send_outbox() == [EmailStatus.SENT]
    assert mail.outbox[0].subject == f"You have been added as a liaison of {world.police.name}"
    assert "has added you as a liaison" in mail.outbox[0].body


def test_weak_or_mismatched_passwords_are_refused_and_the_link_stays_valid(world):
    user = _invite(world)
    uid, token = invitations.invitation_path(user)
    link = reverse("liaison-accept", args=[uid, token])
    page = Client().post(link, {"new_password1": "12345678", "new_password2": "12345678"})
    assert page.status_code == 200 and "invalid-feedback" in page.content.decode()
    assert invitations.user_from_invitation(uid, token) == user


def test_only_staff_of_the_supervising_procuratorate_invite(world):
    with pytest.raises(PermissionDenied):
        _invite(world, actor=world.pt_procurator)  # 普检 does not supervise the 定海 court
    with pytest.raises(PermissionDenied):
        _invite(world, actor=world.assistant)
    with pytest.raises(PermissionDenied):
        _invite(world, actor=world.court_liaison)
    _invite(world, actor=world.sysadmin, email="a@b.example")


def test_an_address_used_by_procuratorate_staff_is_refused(world):
    world.procurator.email = "chen@jcy.example"
    world.procurator.save()
    with pytest.raises(ValidationError):
        _invite(world, email="chen@jcy.example")


def test_the_invite_page_lists_only_agencies_of_ones_own_procuratorate(world):
    client = Client()
    client.force_login(world.pt_procurator)
    html = client.get(reverse("liaison-invite")).content.decode()
    assert world.pt_court.name in html and world.court.name not in html
