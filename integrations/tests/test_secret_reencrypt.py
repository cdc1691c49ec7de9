"""A webhook's signing secret is encrypted at rest like personal data, and
``manage.py reencrypt_personal_data`` moves it to a new backend too (it has no digest: it is
never searched)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection

from integrations.models import WebhookSubscription
from integrations.services import subscriptions

pytestmark = pytest.mark.django_db


def test_the_command_rewrites_the_secret_under_the_new_backend(world, settings):
    settings.WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1/32"]
    sub, secret = subscriptions.subscription_create(
        actor=world.court_liaison, name="法院办案系统", url="http://127.0.0.1:9/hook",
        event_types=["instrument.served"])
    other = "sm4" if settings.FIELD_CRYPTO_BACKEND == "aes" else "aes"
    settings.FIELD_CRYPTO_BACKEND = other
    out = io.StringIO()
    call_command("reencrypt_personal_data", stdout=out)
    assert "integrations.WebhookSubscription.secret: 1" in out.getvalue()
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM integrations_webhooksubscription WHERE id = %s",
                       [sub.pk])
        (stored,) = cursor.fetchone()
    assert stored.startswith(f"v1:{other}:") and secret not in stored
    assert WebhookSubscription.objects.get(pk=sub.pk).secret == secret
