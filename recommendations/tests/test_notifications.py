"""Notifications read in the recipient's language; e-mail goes out at most once per
notification (or digest), is retried with backoff when the mail server fails, and a daily
digest replaces the flood for those who chose it. (Moved from ``supervision/tests``: the
notifications are the deadline sweep's and the digest's, both instruments' services.)"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.translation import override

from recommendations.services.digest import queue_digests, render_digest
from recommendations.services.sweep import deliver_event, pending_event_ids, sweep_deadlines
from supervision.choices import EmailMode, EmailStatus
from supervision.models import EmailDelivery, Notification, NotificationPreference
from supervision.services import emails
from supervision.services.notifications import notification_preference_set, render_message
from supervision.tasks import send_email
from tests.failing_mail import FlakyBackend

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def flaky(settings):
    settings.EMAIL_BACKEND = "tests.failing_mail.FlakyBackend"
    FlakyBackend.calls, FlakyBackend.failures = 0, 0
    return FlakyBackend


def wants_mail(user, mode=EmailMode.IMMEDIATE, language="zh-hans", email=None) -> None:
    user.email = email or f"{user.username}@example.gov.cn"
    user.save(update_fields=["email"])
    notification_preference_set(actor=user, email_mode=mode, language=language)


@pytest.fixture
def overdue(world):
    return world.served(datetime.date(2026, 9, 1))  # due 2026-11-02: overdue 21 days


def sweep_and_deliver(capture) -> None:
    sweep_deadlines(TODAY)
    with capture(execute=False):
        for pk in pending_event_ids():
            deliver_event(pk)


def test_the_same_notification_reads_in_each_readers_language(world, overdue):
    sweep_deadlines(TODAY)
    for pk in pending_event_ids():
        deliver_event(pk)
    note = Notification.objects.filter(recipient=world.procurator, code="deadline.overdue").get()
    assert note.params == {"number": overdue.number, "agency": "舟山市定海区人民法院",
                           "due": "2026-11-02"}
    with override("zh-hans"):
        assert note.text == f"{overdue.number}（舟山市定海区人民法院）已逾期：回复期限 2026年11月2日 已过。"
    with override("en"):
        english = note.text
    assert english != note.text and "2026-11-02" in english
    # rows written before codes existed still show their stored text
    assert render_message("", {}, fallback="旧通知") == "旧通知"
    client = Client()
    client.force_login(world.procurator)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert english in client.get(reverse("notifications")).content.decode()


def test_liaisons_have_the_bell_too(world, overdue):
    sweep_deadlines(TODAY)
    for pk in pending_event_ids():
        deliver_event(pk)
    client = Client()
    client.force_login(world.court_liaison)
    page = client.get(reverse("portal:inbox")).content.decode()
    assert 'data-testid="unread-count"' in page
    notes = client.get(reverse("notifications")).content.decode()
    assert reverse("portal:detail", args=[overdue.pk]) in notes


def test_immediate_mail_goes_once_per_notification_in_the_recipients_language(
        world, overdue, flaky, django_capture_on_commit_callbacks):
    wants_mail(world.procurator)
    wants_mail(world.court_liaison, language="en")
    wants_mail(world.approver, mode=EmailMode.DIGEST)  # digest: no single mails
    sweep_and_deliver(django_capture_on_commit_callbacks)
    rows = list(EmailDelivery.objects.select_related("recipient"))
    assert {r.recipient.username for r in rows} == {"procurator", "court_liaison"}
    for row in rows:
        assert emails.email_send(row.pk) == EmailStatus.SENT
        assert emails.email_send(row.pk) == ""  # a second run sends nothing
    assert len(mail.outbox) == len(rows)
    by_to = {}
    for message in mail.outbox:
        by_to.setdefault(message.to[0], []).append(message)
    chinese = by_to["procurator@example.gov.cn"]
    assert any("已逾期" in m.subject for m in chinese)
    english = by_to["court_liaison@example.gov.cn"][0]
    assert "已逾期" not in english.subject and overdue.number in english.subject
    assert english.extra_headers["X-Delivery-Id"]
    assert f"http://127.0.0.1:8000/portal/{overdue.pk}/" in english.body


def test_a_failing_mail_server_is_retried_with_backoff_and_never_sends_twice(
        world, overdue, flaky, django_capture_on_commit_callbacks):
    wants_mail(world.procurator)
    sweep_and_deliver(django_capture_on_commit_callbacks)
    row = EmailDelivery.objects.get(recipient=world.procurator,
                                    notification__code="deadline.overdue")
    flaky.failures = 2
    result = send_email.apply(args=[row.pk])  # Celery runs the retries in-process
    assert result.get() == EmailStatus.SENT
    row.refresh_from_db()
    assert (row.status, row.attempts, flaky.calls) == (EmailStatus.SENT, 3, 3)
    assert "smtp relay down" in row.last_error or row.last_error == ""
    assert [m.to for m in mail.outbox].count(["procurator@example.gov.cn"]) == 1
    # re-running the task (a redelivered message, a second worker) changes nothing
    assert send_email.apply(args=[row.pk]).get() == ""
    assert len([m for m in mail.outbox if m.extra_headers["X-Delivery-Id"] == str(row.pk)]) == 1


def test_backoff_grows_and_a_mail_gives_up_after_the_last_attempt(
        world, overdue, flaky, settings, django_capture_on_commit_callbacks):
    assert [emails.retry_delay(n) for n in (1, 2, 3, 4, 8, 20)] == [30, 60, 120, 240, 3600, 3600]
    settings.EMAIL_MAX_ATTEMPTS = 2
    wants_mail(world.procurator)
    sweep_and_deliver(django_capture_on_commit_callbacks)
    row = EmailDelivery.objects.filter(recipient=world.procurator).first()
    flaky.failures = 99
    with pytest.raises(emails.RetryLater) as retry:
        emails.email_send(row.pk)
    assert retry.value.delay == 30
    row.refresh_from_db()
    assert row.status == EmailStatus.PENDING
    assert row.next_attempt_at == NOW + datetime.timedelta(seconds=30)
    assert row.pk not in emails.due_email_ids()  # the sweep waits for the backoff too
    with time_machine.travel(NOW + datetime.timedelta(seconds=31), tick=False):
        assert row.pk in emails.due_email_ids()
        assert emails.email_send(row.pk) == EmailStatus.FAILED
    assert not mail.outbox


def test_a_claimed_mail_is_never_sent_again_even_if_its_worker_died(
        world, overdue, flaky, django_capture_on_commit_callbacks):
    wants_mail(world.procurator)
    sweep_and_deliver(django_capture_on_commit_callbacks)
    row = EmailDelivery.objects.filter(recipient=world.procurator).first()
    EmailDelivery.objects.filter(pk=row.pk).update(status=EmailStatus.SENDING, claimed_at=NOW)
    assert emails.email_send(row.pk) == "" and not mail.outbox
    assert row.pk not in emails.due_email_ids()


def test_the_daily_digest_goes_once_per_person_and_day(world, overdue, flaky,
                                                       django_capture_on_commit_callbacks):
    due_soon = world.served(datetime.date(2026, 9, 30))  # due 2026-11-30, this week
    for user in (world.procurator, world.supervisor, world.court_liaison, world.police_liaison):
        wants_mail(user, mode=EmailMode.DIGEST)
    wants_mail(world.approver, mode=EmailMode.IMMEDIATE)  # chose single mails: no digest
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert queue_digests(TODAY) == 4
        assert queue_digests(TODAY) == 4  # a second beat: no new rows, same pending ones
    assert len(queued) == 2
    assert EmailDelivery.objects.filter(digest_on=TODAY).count() == 4
    rows = EmailDelivery.objects.filter(digest_on=TODAY).select_related("recipient")
    statuses = {row.recipient.username: emails.email_send(row.pk) for row in rows}
    # the police have nothing due: no empty mail
    assert statuses == {"procurator": "sent", "supervisor": "sent", "court_liaison": "sent",
                        "police_liaison": "skipped"}
    assert len(mail.outbox) == 3
    liaison_mail = next(m for m in mail.outbox if m.to == ["court_liaison@example.gov.cn"])
    assert "逾期 1 件，本周到期 1 件" in liaison_mail.subject
    assert overdue.number in liaison_mail.body and due_soon.number in liaison_mail.body
    assert "逾期 21 日" in liaison_mail.body
    queue_digests(TODAY)
    assert EmailDelivery.objects.filter(digest_on=TODAY).count() == 4 and len(mail.outbox) == 3


def test_the_digest_lists_the_procuratorates_own_deadlines_to_staff_only(world, overdue):
    from recommendations import services

    replied = world.served(datetime.date(2026, 10, 20))
    services.reply_submit(actor=world.court_liaison, recommendation=replied, content="已整改")
    with time_machine.travel(NOW + datetime.timedelta(days=26), tick=False):
        _subject, body = render_digest(world.procurator, TODAY + datetime.timedelta(days=26))
    assert "本院办理期限（1 项）" in body and "回复的审查评估" in body
    _subject, liaison_body = render_digest(world.court_liaison, TODAY)
    assert "本院办理期限" not in liaison_body


def test_the_settings_page_saves_the_choice(world):
    client = Client()
    client.force_login(world.court_liaison)
    assert client.get(reverse("settings-notifications")).status_code == 200
    client.post(reverse("settings-notifications"), {"email_mode": "immediate", "language": "en"})
    pref = NotificationPreference.objects.get(user=world.court_liaison)
    assert (pref.email_mode, pref.language) == ("immediate", "en")


def test_the_digest_and_the_calendar_feed_carry_clue_transfer_deadlines_to_staff(world):
    from cases.choices import TransferRecipient
    from cases.services import clue_transfer_create
    from recommendations.ics_feed import deadlines_ics

    case = world.register_case(accepted_on=datetime.date(2026, 8, 3))
    late = clue_transfer_create(
        actor=world.procurator, case=case, recipient_kind=TransferRecipient.SUPERVISORY_COMMISSION,
        recipient="舟山市定海区监察委员会", clue="线索", transferred_on=datetime.date(2026, 9, 1))
    _subject, body = render_digest(world.procurator, TODAY)
    assert "移送线索反馈期限（1 项）" in body
    due = late.due_date
    assert f"{case.number} · 舟山市定海区监察委员会 · 期限 {due.year}年{due.month}月{due.day}日" in body
    assert "逾期" in body.split("移送线索反馈期限", 1)[1]
    feed = deadlines_ics(world.procurator)
    assert f"UID:transfer-{late.pk}@" in feed and "舟山市定海区监察委员会" in feed
    assert "移送线索" not in (render_digest(world.court_liaison, TODAY) or ("", ""))[1]
    assert f"transfer-{late.pk}" not in deadlines_ics(world.court_liaison)
