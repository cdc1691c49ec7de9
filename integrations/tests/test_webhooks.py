"""Outbound webhooks end to end: events written with the notification, only to whom may see
the instrument; a real local receiver that fails three times gets the event on the fourth try,
once; a claim whose worker died is sent again after the lease, once; addresses refused."""

from __future__ import annotations

import datetime
import json

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from integrations import services
from integrations.models import DeliveryStatus, EventType, WebhookDelivery, WebhookEvent
from integrations.net import RefusedURL, check_url
from integrations.services.delivery import backoff, claim
from integrations.tasks import requeue_webhooks
from recommendations import services as rec_services

ALL = list(EventType.values)
AGENCY = [t for t in ALL if t != EventType.ESCALATION]
T0 = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC)


def subscribe(user, url, types=None):
    sub, secret = services.subscription_create(actor=user, name=f"{user.username} 系统",
                                               url=url, event_types=types or (
                                                   AGENCY if user.role == "liaison" else ALL))
    return sub, secret


def deliveries_of(sub) -> list[WebhookDelivery]:
    return list(WebhookDelivery.objects.filter(subscription=sub).select_related("event")
                .order_by("pk"))


def test_each_subscriber_gets_only_the_events_of_instruments_it_may_see(world, allow_local):
    court, _ = subscribe(world.court_liaison, "http://127.0.0.1:9/court")
    police, _ = subscribe(world.police_liaison, "http://127.0.0.1:9/police")
    staff, _ = subscribe(world.procurator, "http://127.0.0.1:9/dinghai")
    sibling, _ = subscribe(world.pt_procurator, "http://127.0.0.1:9/putuo")
    above, _ = subscribe(world.supervisor, "http://127.0.0.1:9/city")
    rec = world.served(datetime.date(2026, 11, 2))

    got = {sub.pk: [d.event.event_type for d in deliveries_of(sub)]
           for sub in (court, police, staff, sibling, above)}
    assert got[court.pk] == [EventType.ISSUED, EventType.SERVED]
    assert got[staff.pk] == [EventType.ISSUED, EventType.SERVED]
    assert got[above.pk] == [EventType.ISSUED, EventType.SERVED]  # 舟检 sees 定检's instruments
    assert got[police.pk] == []  # another agency's instrument
    assert got[sibling.pk] == []  # another procuratorate's

    # One event per occurrence, shared by its deliveries: one id for every subscriber.
    assert WebhookEvent.objects.count() == 2
    body = json.loads(deliveries_of(court)[1].body)
    assert body["type"] == "instrument.served"
    assert body["id"] == str(deliveries_of(court)[1].event.uuid)
    instrument = body["data"]["instrument"]
    assert instrument["id"] == rec.pk and instrument["number"] == rec.number
    assert instrument["agency"] == {"id": world.court.pk, "name": world.court.name}
    assert instrument["due_date"] == rec.due_date.isoformat()
    assert instrument["url"].endswith(f"/portal/{rec.pk}/")  # the liaison's page
    staff_body = json.loads(deliveries_of(staff)[1].body)
    assert staff_body["data"]["instrument"]["url"].endswith(f"/instruments/{rec.pk}/")

    # A reply: the procuratorate's subscription hears it; the police still nothing.
    rec_services.reply_submit(actor=world.court_liaison, recommendation=rec, content="已整改")
    assert [d.event.event_type for d in deliveries_of(staff)][-1] == EventType.REPLY_RECEIVED
    assert [d.event.event_type for d in deliveries_of(court)][-1] == EventType.REPLY_RECEIVED
    assert deliveries_of(police) == []


def test_only_the_chosen_event_types_and_active_subscriptions_receive(world, allow_local):
    only_served, _ = subscribe(world.court_liaison, "http://127.0.0.1:9/a", [EventType.SERVED])
    stopped, _ = subscribe(world.court_liaison, "http://127.0.0.1:9/b")
    services.subscription_deactivate(actor=world.court_liaison, subscription=stopped)
    world.served(datetime.date(2026, 11, 2))
    assert [d.event.event_type for d in deliveries_of(only_served)] == [EventType.SERVED]
    assert deliveries_of(stopped) == []


def test_a_liaison_cannot_subscribe_to_escalations(world, allow_local):
    with pytest.raises(ValidationError) as exc:
        subscribe(world.court_liaison, "http://127.0.0.1:9/", [EventType.ESCALATION])
    assert "event_types" in exc.value.message_dict
    with pytest.raises(Exception, match="不能订阅"):
        subscribe(world.observer, "http://127.0.0.1:9/", [EventType.SERVED])


def test_the_outbox_rows_roll_back_with_the_occurrence(world, allow_local):
    sub, _ = subscribe(world.court_liaison, "http://127.0.0.1:9/")
    with pytest.raises(RuntimeError), transaction.atomic():
        world.served(datetime.date(2026, 11, 2))
        assert deliveries_of(sub)
        raise RuntimeError("the occurrence fails after notifying")
    assert deliveries_of(sub) == [] and not WebhookEvent.objects.exists()


def test_the_secret_is_stored_encrypted(world, allow_local):
    sub, secret = subscribe(world.court_liaison, "http://127.0.0.1:9/")
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM integrations_webhooksubscription WHERE id = %s",
                       [sub.pk])
        stored = cursor.fetchone()[0]
    assert secret.startswith("whsec_") and secret not in stored
    sub.refresh_from_db()
    assert sub.secret == secret
    _, new = services.subscription_rotate_secret(actor=world.court_liaison, subscription=sub)
    from supervision.models import AuditEntry

    trail = " ".join(str(e.data) + str(e.changes) for e in AuditEntry.objects.filter(
        target_type="integrations.webhooksubscription", target_id=str(sub.pk)))
    assert secret not in trail and new not in trail
    assert AuditEntry.objects.filter(action="webhook_subscription_rotate_secret").exists()


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/hook", "http://localhost:8000/", "http://10.1.2.3/", "http://192.168.0.1/",
    "http://172.16.5.4/", "http://169.254.169.254/latest/meta-data/", "http://[::1]/",
    "http://224.0.0.1/", "http://0.0.0.0/", "http://100.64.0.1/", "http://[::ffff:10.0.0.1]/",
    "ftp://93.184.216.34/", "file:///etc/passwd", "http://user:pw@93.184.216.34/", "http:///x",
])
def test_a_private_local_or_odd_address_is_refused(url, world):
    with pytest.raises(RefusedURL):
        check_url(url)
    with pytest.raises(ValidationError) as exc:
        subscribe(world.court_liaison, url)
    assert "url" in exc.value.message_dict


def test_a_public_address_is_accepted_and_the_allow_list_opens_one_network(world, settings):
    assert check_url("https://93.184.216.34/hooks?x=1").path == "/hooks?x=1"
    settings.WEBHOOK_ALLOWED_HOSTS = ["10.8.0.0/16"]
    assert check_url("http://10.8.1.2:8080/").address == "10.8.1.2"
    with pytest.raises(RefusedURL):
        check_url("http://10.9.1.2/")


def test_an_address_refused_at_delivery_time_is_not_requested(world, allow_local, receiver):
    sub, receiver.secret = subscribe(world.court_liaison, receiver.url, [EventType.SERVED])
    world.served(datetime.date(2026, 11, 2))
    allow_local.WEBHOOK_ALLOW_PRIVATE_HOSTS = False  # the administrator withdrew the permission
    (delivery,) = deliveries_of(sub)
    assert services.deliver(delivery.pk) is False
    delivery.refresh_from_db()
    assert receiver.requests == []
    assert delivery.status == DeliveryStatus.PENDING and delivery.last_status_code is None
    assert "内部网络" in delivery.last_error


def test_a_receiver_failing_three_times_gets_the_event_on_the_fourth_try_once(
        world, allow_local, receiver, eager_celery):
    receiver.failures = 3
    with time_machine.travel(T0, tick=True) as traveller:
        sub, receiver.secret = subscribe(world.court_liaison, receiver.url, [EventType.SERVED])
        world.served(datetime.date(2026, 11, 20))
        (delivery,) = deliveries_of(sub)
        assert requeue_webhooks.delay().get() == 1  # the beat task queues it, it fails once
        for attempt in (1, 2, 3):
            delivery.refresh_from_db()
            assert delivery.attempts == attempt and delivery.status == DeliveryStatus.PENDING
            assert delivery.last_status_code == 500
            # Not due before its backoff (1, 2, 4 minutes): the beat task queues nothing.
            traveller.shift(backoff(attempt) - datetime.timedelta(seconds=5))
            assert requeue_webhooks.delay().get() == 0
            traveller.shift(datetime.timedelta(seconds=10))
            assert requeue_webhooks.delay().get() == 1
        delivery.refresh_from_db()
        assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 4
        # Later beats send nothing more.
        traveller.shift(datetime.timedelta(days=1))
        assert requeue_webhooks.delay().get() == 0
    assert len(receiver.requests) == 4 and receiver.bad_signatures == 0
    assert len(receiver.handled) == 1
    assert {r["headers"]["X-Webhook-Id"] for r in receiver.requests} == {str(delivery.event.uuid)}
    assert {r["body"] for r in receiver.requests} == {delivery.body}
    assert receiver.requests[0]["path"] == "/hooks/supervision"
    log = list(delivery.attempt_log.values_list("number", "status_code", "succeeded"))
    assert log == [(1, 500, False), (2, 500, False), (3, 500, False), (4, 200, True)]
    assert receiver.handled[0]["data"]["instrument"]["number"]


def test_a_claim_whose_worker_died_is_sent_after_the_lease_once(world, allow_local, receiver,
                                                                settings):
    with time_machine.travel(T0, tick=True) as traveller:
        sub, receiver.secret = subscribe(world.court_liaison, receiver.url, [EventType.SERVED])
        world.served(datetime.date(2026, 11, 20))
        (delivery,) = deliveries_of(sub)
        assert claim(delivery.pk) is not None  # a worker claims it, then is killed
        # While the lease runs nobody else may send it, however often it is queued.
        assert services.due_delivery_ids() == []
        assert services.deliver(delivery.pk) is None
        assert claim(delivery.pk) is None
        traveller.shift(datetime.timedelta(seconds=settings.WEBHOOK_LEASE_SECONDS + 1))
        assert services.due_delivery_ids() == [delivery.pk]
        assert services.deliver(delivery.pk) is True
        assert services.deliver(delivery.pk) is None  # a second message for it: nothing
        assert services.due_delivery_ids() == []
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 2
    assert len(receiver.requests) == 1 and len(receiver.handled) == 1


def test_two_workers_cannot_both_claim(world, allow_local):
    sub, _ = subscribe(world.court_liaison, "http://127.0.0.1:9/", [EventType.SERVED])
    world.served(datetime.date(2026, 11, 20))
    (delivery,) = deliveries_of(sub)
    assert claim(delivery.pk) is not None
    assert claim(delivery.pk) is None


def test_redeliver_makes_one_more_attempt(world, allow_local, receiver):
    sub, receiver.secret = subscribe(world.court_liaison, receiver.url, [EventType.SERVED])
    world.served(datetime.date(2026, 11, 20))
    (delivery,) = deliveries_of(sub)
    assert services.deliver(delivery.pk) is True
    with pytest.raises(WebhookDelivery.DoesNotExist):  # not another subscriber's to redo
        services.delivery_redeliver(actor=world.police_liaison, delivery=delivery)
    services.delivery_redeliver(actor=world.court_liaison, delivery=delivery)
    with pytest.raises(ValidationError):  # pressed twice: still one attempt waiting
        services.delivery_redeliver(actor=world.court_liaison, delivery=delivery)
    assert services.deliver(delivery.pk) is True
    assert services.deliver(delivery.pk) is None
    delivery.refresh_from_db()
    assert delivery.attempts == 2 and len(receiver.requests) == 2
    assert len(receiver.handled) == 1  # the receiver de-duplicated on the event id


def test_a_delivery_gives_up_after_the_maximum_attempts(world, allow_local, receiver, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    receiver.failures = 10
    with time_machine.travel(T0, tick=True) as traveller:
        sub, receiver.secret = subscribe(world.court_liaison, receiver.url, [EventType.SERVED])
        world.served(datetime.date(2026, 11, 20))
        (delivery,) = deliveries_of(sub)
        assert services.deliver(delivery.pk) is False
        traveller.shift(datetime.timedelta(hours=1))
        assert services.deliver(delivery.pk) is False
        traveller.shift(datetime.timedelta(days=1))
        assert services.due_delivery_ids() == []
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and len(receiver.requests) == 2
