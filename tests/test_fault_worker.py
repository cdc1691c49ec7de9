"""Fault test with real processes: a Celery worker (with its embedded beat) on the configured
broker — Redis in CI, the filesystem transport locally — is killed with SIGKILL in the middle
of a delivery batch, twice, and started again; every notification and every e-mail is
delivered exactly once.

Each delivery sleeps ``DEADLINE_DELIVERY_TEST_DELAY`` seconds inside its transaction, so the
kill lands inside one (its claim rolls back). E-mail goes through Django's file-based backend
into a folder this test reads, so mails are counted across processes by their
``X-Delivery-Id`` header.
"""

from __future__ import annotations

import datetime
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter

import pytest
from django.conf import settings
from django.utils import timezone

from recommendations.models import DeadlineEvent
from recommendations.services.sweep import plan_message
from supervision.choices import EmailMode, EmailStatus
from supervision.models import EmailDelivery, Notification
from supervision.services.notifications import notification_preference_set
from tests.test_celery_worker import _database_url, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

DELAY = 0.4


def start_worker(tmp_path, queue: str, run: int) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": _database_url(), "CELERY_QUEUE": queue,
           "DEADLINE_SWEEP_SECONDS": "2", "DEADLINE_DELIVERY_TEST_DELAY": str(DELAY),
           "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
           "EMAIL_FILE_PATH": str(tmp_path / "mail"), "MEDIA_ROOT": str(tmp_path / "media")}
    log = open(tmp_path / f"worker-{run}.log", "w")  # noqa: SIM115 — closed with the process
    # Its own session: SIGKILL goes to the worker and its embedded beat child alike.
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-B", "--pool=solo",
         "--loglevel=INFO", "-n", f"{queue}-{run}@%h", "-s", str(tmp_path / "beat-schedule")],
        env=env, stdout=log, stderr=subprocess.STDOUT, cwd=settings.BASE_DIR,
        start_new_session=True)


def kill(worker: subprocess.Popen) -> None:
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)


def delivered() -> int:
    return DeadlineEvent.objects.filter(delivered_at__isnull=False).count()


def logs(tmp_path) -> str:
    return "".join(p.read_text() for p in sorted(tmp_path.glob("worker-*.log")))


def test_killing_the_worker_mid_batch_loses_and_duplicates_nothing(world, tmp_path):
    today = timezone.localdate()
    for days in (40, 70, 75, 100, 130, 140):  # overdue by ~0–80 days: overdue + escalations
        world.served(today - datetime.timedelta(days=days))
    # E-mail from now on: the liaison's notices of issue and service (no event) send none.
    for user in (world.procurator, world.approver, world.court_liaison):
        user.email = f"{user.username}@example.gov.cn"
        user.save(update_fields=["email"])
        notification_preference_set(actor=user, email_mode=EmailMode.IMMEDIATE, language="zh-hans")
    (tmp_path / "mail").mkdir()
    queue = f"fault-{uuid.uuid4().hex[:8]}"
    kills, at_kill = 0, []
    for run in (1, 2):
        worker = start_worker(tmp_path, queue, run)
        try:
            target = delivered() + 3
            assert wait_for(lambda t=target: delivered() >= t, timeout=90, interval=0.05), \
                logs(tmp_path)[-3000:]
            time.sleep(DELAY / 2)  # inside the next delivery's transaction
        finally:
            kill(worker)
        kills += 1
        at_kill.append(delivered())
        # nothing half-done: every delivered event has its notifications, no other has any
        undelivered = DeadlineEvent.objects.filter(delivered_at__isnull=True)
        assert undelivered.exists(), "the batch finished before the kill; raise the event count"
        assert not Notification.objects.filter(event__in=undelivered).exists()
    events = DeadlineEvent.objects.count()

    worker = start_worker(tmp_path, queue, 3)
    try:
        assert wait_for(lambda: delivered() == DeadlineEvent.objects.count() and not
                        EmailDelivery.objects.exclude(status=EmailStatus.SENT).exists(),
                        timeout=120, interval=0.2), logs(tmp_path)[-3000:]
        time.sleep(5)  # beat sweeps twice more: nothing new may appear
    finally:
        kill(worker)

    # Every event delivered once, to exactly the people it is for.
    assert DeadlineEvent.objects.count() == events
    expected = set()
    for event in DeadlineEvent.objects.select_related(
            "recommendation__case__procuratorate", "recommendation__agency", "deadline"):
        plan = plan_message(event, event.delivered_at.astimezone().date())
        expected |= {(event.pk, user.pk) for user in (plan[0] if plan else [])}
    actual = list(Notification.objects.filter(event__isnull=False)
                  .values_list("event", "recipient"))
    assert len(actual) == len(set(actual)) and set(actual) == expected
    # Every e-mail sent once: one file entry per delivery row, none twice, none stuck.
    sent = set(EmailDelivery.objects.filter(status=EmailStatus.SENT).values_list("pk", flat=True))
    headers = Counter(int(m) for path in (tmp_path / "mail").iterdir()
                      for m in re.findall(r"^X-Delivery-Id: (\d+)$", path.read_text(), re.MULTILINE))
    assert set(headers) == sent and set(headers.values()) == {1}
    assert EmailDelivery.objects.count() == len(sent) == Notification.objects.filter(
        event__isnull=False, recipient__email__gt="").count()
    interrupted = logs(tmp_path).count("test delay") - events
    print(f"\nfault test: {events} events, {kills} kills (after {at_kill} deliveries), "
          f"{len(actual)} notifications, {len(sent)} e-mails, {interrupted} deliveries "
          f"interrupted and redone, broker {settings.CELERY_BROKER_URL.split(':')[0]}")
    assert interrupted >= 1  # at least one kill landed inside a delivery that rolled back
