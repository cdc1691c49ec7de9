"""A real Celery worker (with its embedded beat) killed with SIGKILL in the middle of a webhook
delivery — after its claim, before its POST — and started again: the delivery's lease expires,
the beat task queues it again and the event reaches the (real, local) receiver once.

``WEBHOOK_DELIVERY_TEST_DELAY`` makes the first worker wait between its claim and its POST, so
the kill lands there; the lease is three seconds and the beat re-queues every second."""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import uuid

import pytest
from django.conf import settings

from integrations import services
from integrations.models import DeliveryStatus, EventType, WebhookDelivery
from tests.test_celery_worker import _database_url, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def start_worker(tmp_path, queue: str, run: int, delay: float) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": _database_url(), "CELERY_QUEUE": queue,
           "WEBHOOK_ALLOW_PRIVATE_HOSTS": "1", "WEBHOOK_LEASE_SECONDS": "3",
           "WEBHOOK_REQUEUE_SECONDS": "1", "WEBHOOK_DELIVERY_TEST_DELAY": str(delay),
           "DEADLINE_SWEEP_SECONDS": "3600", "MEDIA_ROOT": str(tmp_path / "media")}
    log = open(tmp_path / f"worker-{run}.log", "w")  # noqa: SIM115 — closed with the process
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-B", "--pool=solo",
         "--loglevel=INFO", "-n", f"{queue}-{run}@%h", "-s", str(tmp_path / f"beat-{run}")],
        env=env, stdout=log, stderr=subprocess.STDOUT, cwd=settings.BASE_DIR,
        start_new_session=True)


def kill(worker: subprocess.Popen) -> None:
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)


def logs(tmp_path) -> str:
    return "".join(p.read_text() for p in sorted(tmp_path.glob("worker-*.log")))


def test_a_worker_killed_mid_delivery_delivers_once(world, tmp_path, receiver, allow_local):
    sub, receiver.secret = services.subscription_create(
        actor=world.court_liaison, name="法院系统", url=receiver.url,
        event_types=[EventType.SERVED])
    world.served(datetime.date(2026, 11, 20))
    delivery = WebhookDelivery.objects.get(subscription=sub)
    queue = f"webhook-fault-{uuid.uuid4().hex[:8]}"

    worker = start_worker(tmp_path, queue, 1, delay=30)
    try:
        assert wait_for(lambda: WebhookDelivery.objects.filter(
            pk=delivery.pk, claimed_at__isnull=False).exists(), timeout=90, interval=0.1), \
            logs(tmp_path)[-3000:]
    finally:
        kill(worker)  # claimed, sleeping before its POST
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    assert receiver.requests == [] and not delivery.attempt_log.exists()

    worker = start_worker(tmp_path, queue, 2, delay=0)
    try:
        assert wait_for(lambda: WebhookDelivery.objects.filter(
            pk=delivery.pk, status=DeliveryStatus.DELIVERED).exists(), timeout=90,
            interval=0.2), logs(tmp_path)[-3000:]
        # Beat keeps re-queueing every second: nothing is sent again.
        wait_for(lambda: False, timeout=4)
    finally:
        kill(worker)
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert list(delivery.attempt_log.values_list("number", "status_code")) == [(2, 200)]
    assert len(receiver.requests) == 1 and len(receiver.handled) == 1
    assert receiver.requests[0]["headers"]["X-Webhook-Id"] == str(delivery.event.uuid)
    print(f"\nwebhook fault test: killed after the claim, delivered once by the next worker "
          f"(broker {settings.CELERY_BROKER_URL.split(':')[0]})")
