from __future__ import annotations

import pytest

from integrations.tests.receiver import Receiver


@pytest.fixture
def allow_local(settings):
    """The tests' receivers listen on 127.0.0.1: allowed here as an administrator would."""
    settings.WEBHOOK_ALLOW_PRIVATE_HOSTS = True
    return settings


@pytest.fixture
def receiver():
    r = Receiver().start()
    yield r
    r.stop()


@pytest.fixture
def eager_celery():
    """Tasks queued with ``delay`` run at once, in this process (the retry test drives the
    beat task and the delivery task through Celery's own API)."""
    from celery import current_app as app  # config's app (config/__init__.py), not imported

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield app
    app.conf.task_always_eager = before
