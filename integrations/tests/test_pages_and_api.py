"""The subscriber's webhook pages and API: each page renders, the secret is shown once, the
delivery log and redeliver, someone else's subscription is 404, bad input is 400 naming the
field, and the query counts are pinned and flat in the number of rows."""

from __future__ import annotations

import datetime
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from integrations import services
from integrations.models import DeliveryStatus, EventType, WebhookDelivery, WebhookSubscription

PRIVATE_URL = "http://127.0.0.1:9/hook"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def make_subscription(user, url=PRIVATE_URL, types=(EventType.ISSUED, EventType.SERVED)):
    return services.subscription_create(actor=user, name="对接系统", url=url,
                                        event_types=list(types))


def served(world, n: int) -> None:
    for _ in range(n):
        world.served(datetime.date(2026, 11, 2))


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", ["court_liaison", "procurator"])
def test_every_page_renders_and_the_secret_is_shown_once(world, allow_local, persona):
    user = getattr(world, persona)
    client = client_for(user)
    page = client.get(reverse("integrations:webhooks"))
    assert page.status_code == 200 and "尚无订阅" in page.content.decode()
    form = client.get(reverse("integrations:webhook-create"))
    assert form.status_code == 200
    # A liaison is not offered the procuratorate's escalation events.
    assert (EventType.ESCALATION.value in form.content.decode()) == (persona == "procurator")
    created = client.post(reverse("integrations:webhook-create"), {
        "name": "接收系统", "url": PRIVATE_URL, "event_types": [EventType.SERVED]})
    assert created.status_code == 200
    sub = WebhookSubscription.objects.get(owner=user)
    assert sub.secret in created.content.decode()
    listing = client.get(reverse("integrations:webhooks")).content.decode()
    assert "接收系统" in listing and sub.secret not in listing
    edit = client.get(reverse("integrations:webhook-edit", args=[sub.pk]))
    assert edit.status_code == 200 and sub.secret not in edit.content.decode()
    assert client.post(reverse("integrations:webhook-edit", args=[sub.pk]), {
        "name": "接收系统2", "url": PRIVATE_URL,
        "event_types": [EventType.SERVED, EventType.ISSUED]}).status_code == 302
    sub.refresh_from_db()
    assert sub.name == "接收系统2" and sub.event_types == [EventType.ISSUED, EventType.SERVED]
    served(world, 1)
    log = client.get(reverse("integrations:webhook-deliveries", args=[sub.pk]))
    assert log.status_code == 200 and log.content.decode().count('data-testid="delivery-row"') == 2
    rotated = client.post(reverse("integrations:webhook-rotate-secret", args=[sub.pk]))
    old = sub.secret
    sub.refresh_from_db()
    assert rotated.status_code == 200 and sub.secret != old and sub.secret in rotated.content.decode()
    assert client.post(reverse("integrations:webhook-deactivate", args=[sub.pk])).status_code == 302
    sub.refresh_from_db()
    assert not sub.is_active


def test_a_refused_url_is_shown_on_the_form(world):
    client = client_for(world.court_liaison)
    response = client.post(reverse("integrations:webhook-create"), {
        "name": "内网", "url": "http://10.0.0.8/hook", "event_types": [EventType.SERVED]})
    assert response.status_code == 200 and "内部网络" in response.content.decode()
    assert not WebhookSubscription.objects.exists()


def test_redeliver_button_and_another_users_subscription(world, allow_local):
    sub, _ = make_subscription(world.court_liaison)
    served(world, 1)
    delivery = WebhookDelivery.objects.filter(subscription=sub).first()
    client = client_for(world.court_liaison)
    url = reverse("integrations:webhook-redeliver", args=[delivery.pk])
    # Still pending (never tried): refused with a message, nothing changes.
    assert client.post(url).status_code == 302
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.FAILED)
    assert client.post(url).status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING
    other = client_for(world.police_liaison)
    for name in ("webhook-edit", "webhook-deliveries"):
        assert other.get(reverse(f"integrations:{name}", args=[sub.pk])).status_code == 404
    assert other.post(url).status_code == 404
    assert client_for(world.observer).get(reverse("integrations:webhooks")).status_code == 404


def test_api_create_list_update_deactivate(world, allow_local):
    client = client_for(world.court_liaison)
    base = reverse("api-webhook-subscription-list")
    created = client.post(base, {"name": "法院系统", "url": PRIVATE_URL,
                                 "event_types": [EventType.SERVED, EventType.REPLY_RECEIVED]},
                          content_type="application/json")
    assert created.status_code == 201
    body = created.json()
    assert body["secret"].startswith("whsec_")
    listed = client.get(base).json()
    assert [r["id"] for r in listed["results"]] == [body["id"]]
    assert "secret" not in listed["results"][0]
    detail = reverse("api-webhook-subscription-detail", args=[body["id"]])
    assert "secret" not in client.get(detail).json()
    changed = client.put(detail, {"name": "法院系统", "url": PRIVATE_URL,
                                  "event_types": [EventType.SERVED]},
                         content_type="application/json")
    assert changed.status_code == 200 and changed.json()["event_types"] == [EventType.SERVED]
    off = client.post(reverse("api-webhook-subscription-deactivate", args=[body["id"]]))
    assert off.status_code == 200 and off.json()["is_active"] is False
    assert client.post(reverse("api-webhook-subscription-deactivate",
                               args=[body["id"]])).status_code == 400
    # Someone else: 404 on every route.
    other = client_for(world.police_liaison)
    assert other.get(detail).status_code == 404
    assert other.post(reverse("api-webhook-subscription-deactivate",
                              args=[body["id"]])).status_code == 404
    assert other.get(base).json()["results"] == []


@pytest.mark.parametrize(("data", "field"), [
    ({"name": "x", "url": "http://10.0.0.1/", "event_types": ["instrument.served"]}, "url"),
    ({"name": "x", "url": "gopher://93.184.216.34/", "event_types": ["instrument.served"]}, "url"),
    ({"name": "x", "url": "https://93.184.216.34/", "event_types": []}, "event_types"),
    ({"name": "x", "url": "https://93.184.216.34/", "event_types": ["nope"]}, "event_types"),
    ({"name": "x", "url": "https://93.184.216.34/",
      "event_types": ["deadline.escalation"]}, "event_types"),
    ({"url": "https://93.184.216.34/", "event_types": ["instrument.served"]}, "name"),
])
def test_api_bad_input_is_400_naming_the_field(world, data, field):
    response = client_for(world.court_liaison).post(
        reverse("api-webhook-subscription-list"), data, content_type="application/json")
    assert response.status_code == 400
    assert field.encode() in response.content
    assert not WebhookSubscription.objects.exists()


def test_api_a_user_who_may_not_subscribe_is_refused(world):
    response = client_for(world.observer).post(
        reverse("api-webhook-subscription-list"),
        {"name": "x", "url": "https://93.184.216.34/", "event_types": ["instrument.served"]},
        content_type="application/json")
    assert response.status_code == 403


def test_api_deliveries_and_redeliver(world, allow_local):
    sub, _ = make_subscription(world.court_liaison)
    other, _ = make_subscription(world.procurator)
    served(world, 1)
    client = client_for(world.court_liaison)
    listed = client.get(reverse("api-webhook-delivery-list"), {"subscription": sub.pk}).json()
    assert listed["count"] == 2
    assert {r["event_type"] for r in listed["results"]} == {EventType.ISSUED, EventType.SERVED}
    mine = WebhookDelivery.objects.filter(subscription=sub).order_by("pk").first()
    theirs = WebhookDelivery.objects.filter(subscription=other).first()
    detail = client.get(reverse("api-webhook-delivery-detail", args=[mine.pk])).json()
    assert json.loads(detail["body"])["id"] == detail["event_id"]
    assert detail["attempt_log"] == []
    assert client.get(reverse("api-webhook-delivery-detail", args=[theirs.pk])).status_code == 404
    redeliver = reverse("api-webhook-delivery-redeliver", args=[mine.pk])
    assert client.post(redeliver).status_code == 400  # pending: already waiting
    WebhookDelivery.objects.filter(pk=mine.pk).update(status=DeliveryStatus.DELIVERED)
    first = client.post(redeliver, HTTP_IDEMPOTENCY_KEY="r-1")
    assert first.status_code == 202 and first.json()["status"] == DeliveryStatus.PENDING
    # The same retry: acts not (answered with the first result, or 409 already processed).
    again = client.post(redeliver, HTTP_IDEMPOTENCY_KEY="r-1")
    assert again.status_code in (202, 409)
    assert client.post(redeliver).status_code == 400  # a new press while it waits
    assert client.post(reverse("api-webhook-delivery-redeliver",
                               args=[theirs.pk])).status_code == 404


def test_query_counts_are_pinned_and_flat(world, allow_local):
    sub, _ = make_subscription(world.court_liaison)
    client = client_for(world.court_liaison)
    served(world, 1)  # two events
    delivery = WebhookDelivery.objects.filter(subscription=sub).first()
    # Pages: session, user, + the base template's bell count, liaison memberships, the agency
    # the liaison acts for (whose type decides which duty flows the portal menu offers) and the
    # menu's pending duties (every registered flow counted in one query).
    urls = {
        "page-list": (reverse("integrations:webhooks"), 7),  # + the subscriptions
        # + the subscription, the bounded count, the page (events, instruments), attempts
        "page-log": (reverse("integrations:webhook-deliveries", args=[sub.pk]), 10),
        "api-subscriptions": (reverse("api-webhook-subscription-list"), 4),
        "api-deliveries": (reverse("api-webhook-delivery-list"), 4),
        "api-delivery": (reverse("api-webhook-delivery-detail", args=[delivery.pk]), 4),
    }
    few = {name: queries(client, url) for name, (url, _) in urls.items()}

    for _ in range(4):
        make_subscription(world.court_liaison, types=[EventType.SERVED])
    served(world, 4)  # ten more events, some subscriptions more
    from integrations.models import WebhookAttempt

    WebhookAttempt.objects.bulk_create([
        WebhookAttempt(delivery=d, number=1, started_at=d.created_at, status_code=500,
                       duration_ms=3) for d in WebhookDelivery.objects.all()])
    many = {name: queries(client, url) for name, (url, _) in urls.items()}
    assert few == many
    assert few == {name: pinned for name, (_, pinned) in urls.items()}
