"""With a shared cache (``CACHE_URL``: Redis, the production shape) sessions are read from the
cache — no session query per request — and a logout ends the session in every worker."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/11")


def _redis_up() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping())
    except (redis.RedisError, OSError):
        return False


def test_the_setting_picks_redis_and_cached_sessions_only_when_a_cache_url_is_given():
    code = ("from django.conf import settings as s; "
            "print(s.CACHES['default']['BACKEND'], s.SESSION_ENGINE)")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "CACHE_URL": REDIS}
    shared = subprocess.run([sys.executable, "-c", "import django; django.setup(); " + code],
                            env=env, capture_output=True, text=True, check=True).stdout.split()
    assert shared == ["django.core.cache.backends.redis.RedisCache",
                      "django.contrib.sessions.backends.cached_db"]
    env.pop("CACHE_URL")
    alone = subprocess.run([sys.executable, "-c", "import django; django.setup(); " + code],
                           env=env, capture_output=True, text=True, check=True).stdout.split()
    assert alone == ["django.core.cache.backends.locmem.LocMemCache",
                     "django.contrib.sessions.backends.db"]


@pytest.mark.skipif(not _redis_up(), reason="no Redis at TEST_REDIS_URL")
def test_a_request_reads_its_session_from_the_shared_cache_and_logout_ends_it(world):
    caches = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": REDIS, "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}}
    with override_settings(CACHES=caches,
                           SESSION_ENGINE="django.contrib.sessions.backends.cached_db"):
        client = Client()
        client.force_login(world.procurator)
        client.get("/notifications/")  # the first read fills the cache
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/notifications/").status_code == 200
        assert not [q for q in ctx.captured_queries if "django_session" in q["sql"]]
        other_worker = Client()  # the same browser, served by another process
        other_worker.cookies = client.cookies
        client.post("/logout/")
        assert other_worker.get("/notifications/").status_code == 302  # to the login page
