"""A real Celery worker with embedded beat (separate processes, not eager mode) consumes the
deadline sweep from the configured broker — Redis in CI, the filesystem transport locally —
and every notification is created exactly once although beat sweeps again and again."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from recommendations.choices import DeadlineEventKind
from recommendations.models import DeadlineEvent
from supervision.models import Notification

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(tmp_path, *, queue: str, sweep_seconds: int) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": _database_url(), "CELERY_QUEUE": queue,
           "DEADLINE_SWEEP_SECONDS": str(sweep_seconds), "MEDIA_ROOT": str(tmp_path / "media")}
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115 — closed with the process
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-B", "--pool=solo",
         "--loglevel=INFO", "-n", f"{queue}@%h", "-s", str(tmp_path / "beat-schedule")],
        env=env, stdout=log, stderr=subprocess.STDOUT, cwd=settings.BASE_DIR)


def wait_for(predicate, timeout: float = 90.0, interval: float = 0.5) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def test_beat_and_worker_deliver_the_overdue_notice_exactly_once(world, tmp_path):
    today = timezone.localdate()
    overdue = world.served(today - datetime.timedelta(days=120))
    assert overdue.is_overdue()
    worker = start_worker(tmp_path, queue=f"test-{uuid.uuid4().hex[:8]}", sweep_seconds=2)
    try:
        delivered = wait_for(lambda: DeadlineEvent.objects.filter(
            recommendation=overdue, kind=DeadlineEventKind.OVERDUE, delivered_at__isnull=False).exists())
        log = (tmp_path / "worker.log").read_text()
        assert delivered, log[-3000:]
        # let beat sweep a few more times; nothing may be written or sent again
        assert wait_for(lambda: (tmp_path / "worker.log").read_text().count(
            "recommendations.tasks.sweep_deadlines") >= 8, timeout=60)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    log = (tmp_path / "worker.log").read_text()
    assert "filesystem" in log or "redis" in log
    # one overdue notice, and one event per escalation step reached (ages 15/30/60 days)
    kinds = list(DeadlineEvent.objects.filter(recommendation=overdue).values_list("kind", "offset_days"))
    assert ("overdue", 1) in kinds and len(kinds) == len(set(kinds))
    assert not DeadlineEvent.objects.filter(delivered_at__isnull=True).exists()
    per_recipient = list(Notification.objects.filter(event__recommendation=overdue,
                                                     event__kind=DeadlineEventKind.OVERDUE)
                         .values_list("recipient__username", flat=True).order_by("recipient__username"))
    assert per_recipient == ["approver", "court_liaison", "procurator"]
    pairs = list(Notification.objects.filter(event__isnull=False)
                 .values_list("event", "recipient"))
    assert len(pairs) == len(set(pairs))
