"""Operability (docs/operations.md): health endpoints, Prometheus metrics, structured logs with a
request id, the Celery queues and their routes, gunicorn's configuration.

They run on both shapes — SQLite with the filesystem broker, PostgreSQL with Redis — and reach
nothing but local services. The ``worker`` test at the end starts a real Celery worker (prefork,
multiprocess metrics, JSON logs) and asks ``/health/`` about it.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid

import pytest
import yaml
from django.conf import settings
from django.test import Client
from kombu import Exchange, Queue
from prometheus_client.parser import text_string_to_metric_families

from config.celery_app import app as celery_app
from recommendations.tasks import sweep_deadlines
from supervision.monitoring import metrics
from supervision.monitoring.logs import formatter, sane_request_id
from tests.test_celery_worker import _database_url, wait_for

OUR_APPS = ("supervision", "agencies", "cases", "recommendations", "portal", "reporting", "demo",
            "config")


@pytest.fixture
def no_worker_needed(monkeypatch):
    """``/health/`` without a Celery worker: the worker check (a broadcast ping, covered by the
    worker test below) answers ok."""
    from supervision.monitoring.health import Workers

    monkeypatch.setattr(Workers, "run", lambda self: None)


def samples(text: str) -> dict[tuple[str, tuple], float]:
    """``{(sample name, sorted labels): value}`` of a Prometheus text exposition."""
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def scrape(client: Client, **extra) -> str:
    response = client.get("/metrics", **extra)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- health --------------------------------------------------------------------------------

@pytest.mark.django_db
def test_liveness_answers_without_touching_anything(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/health/live/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db(transaction=True, databases="__all__")
def test_health_reports_every_check_ok(client, no_worker_needed):
    response = client.get("/health/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database:default"] == "ok"
    assert {"broker", "workers", "storage:default"} <= set(body["checks"])
    assert set(body["checks"].values()) == {"ok"}
    # whatever the client asks for, it gets only ok/failing
    text = client.get("/health/", HTTP_ACCEPT="text/plain")
    assert text.status_code == 200 and "database:default: ok" in text.content.decode()
    assert client.get("/health/", HTTP_ACCEPT="text/html").json() == body


@pytest.mark.django_db(transaction=True, databases="__all__")
def test_health_reports_an_unreachable_broker_and_tells_no_details(client, monkeypatch,
                                                                   no_worker_needed):
    # Celery reads CELERY_BROKER_URL from the environment first; port 1 refuses at once.
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")
    started = time.monotonic()
    response = client.get("/health/?format=json")
    assert time.monotonic() - started < 15
    assert response.status_code == 500
    body = response.json()
    assert body["status"] == "failing"
    assert body["checks"]["broker"] == "failing"
    assert body["checks"]["database:default"] == "ok"
    assert "127.0.0.1" not in response.content.decode()  # no error text, no address
    # /metrics says so too
    scraped = samples(scrape(client))
    assert scraped[("supervision_celery_broker_up", ())] == 0


# --- metrics -------------------------------------------------------------------------------

@pytest.mark.django_db
def test_metrics_expose_request_latency_sweep_duration_and_queue_depth(client):
    before = samples(scrape(client))
    client.get("/health/live/")
    assert sweep_deadlines() >= 0  # the Celery task, run here (its on_commit never fires)
    after = samples(scrape(client))

    count = ("supervision_deadline_sweep_duration_seconds_count", ())
    assert after[count] == before.get(count, 0) + 1
    assert after[("supervision_deadline_sweep_duration_seconds_sum", ())] > 0
    latency = ("django_http_requests_latency_seconds_by_view_method_count",
               (("method", "GET"), ("view", "health-live")))
    assert after[latency] >= 1
    for name in settings.TASK_QUEUES.values():
        assert after[("supervision_celery_queue_depth", (("queue", name),))] >= 0
    assert after[("supervision_celery_broker_up", ())] == 1


@pytest.mark.django_db
def test_metrics_are_refused_to_other_clients(client, settings):
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9",
                      HTTP_X_FORWARDED_FOR="127.0.0.1").status_code == 404
    settings.METRICS_ALLOWED_IPS = ["10.0.0.0/8", "not-an-address"]
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics").status_code == 404  # 127.0.0.1 no longer listed
    settings.METRICS_TOKEN = "s3cret-token"
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token").status_code == 200
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404


def test_queue_depth_counts_the_messages_waiting_in_a_queue():
    name = f"ops-test-{uuid.uuid4().hex[:8]}"
    queue = Queue(name, Exchange(name), routing_key=name)
    with celery_app.connection_for_write() as connection:
        producer = connection.Producer()
        try:
            for n in range(3):
                producer.publish({"n": n}, exchange=queue.exchange, routing_key=name,
                                 declare=[queue], serializer="json")
            assert metrics.queue_depths([name]) == {name: 3}
        finally:
            queue(connection.default_channel).purge()
            queue(connection.default_channel).delete()
    assert metrics.queue_depths([name]) == {name: 0}


# --- logs ----------------------------------------------------------------------------------

class JsonLines(logging.Handler):
    """Formats every record with the production (JSON) formatter and keeps the lines."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(formatter("json"))
        self.lines: list[dict] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(self.format(record)))


@pytest.fixture
def json_lines():
    handler = JsonLines()
    root = logging.getLogger()
    root.addHandler(handler)
    yield handler.lines
    root.removeHandler(handler)


@pytest.mark.django_db
def test_a_request_logs_json_lines_carrying_its_request_id(client, json_lines):
    response = client.get("/health/live/", HTTP_X_REQUEST_ID="edge-4f2a9c")
    assert response["X-Request-ID"] == "edge-4f2a9c"
    finished = [line for line in json_lines if line["event"] == "request_finished"]
    assert len(finished) == 1
    line = finished[0]
    assert line["request_id"] == "edge-4f2a9c"
    assert line["code"] == 200 and line["request"] == "GET /health/live/"
    assert line["logger"] == "django_structlog.middlewares.request" and "duration_ms" in line

    # no header, or one that is no id: a new UUID, in the response and on every line
    json_lines.clear()
    response = client.get("/metrics", REMOTE_ADDR="203.0.113.9",
                          HTTP_X_REQUEST_ID='x" onmouseover=alert(1) ' + "y" * 200)
    generated = response["X-Request-ID"]
    assert uuid.UUID(generated)
    lines = [line for line in json_lines if line.get("request_id") == generated]
    # django-structlog's line and Django's own "Not Found" (logged after the request's context)
    assert {line["logger"] for line in lines} >= {"django_structlog.middlewares.request",
                                                  "django.request"}


def test_request_ids_are_checked():
    assert sane_request_id("0f1e2d3c4b5a69788796a5b4c3d2e1f0") == "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
    assert sane_request_id("Root=1-67891233-abcdef012345678912345678")
    for bad in (None, "", "a b", "a\nb", "<script>", "-leading", "x" * 129, "中文"):
        assert sane_request_id(bad) is None


def test_log_format_text_keeps_the_logger_name_and_message():
    record = logging.LogRecord("recommendations.services.sweep", logging.INFO, __file__, 1,
                               "deadline event %s: test delay %ss", (7, 0.4), None)
    line = formatter("text").format(record)
    assert "deadline event 7: test delay 0.4s" in line
    assert "recommendations.services.sweep" in line


# --- Celery queues -------------------------------------------------------------------------

def test_every_task_of_ours_has_a_route_to_a_declared_queue():
    celery_app.autodiscover_tasks(force=True)
    ours = sorted(name for name in celery_app.tasks if name.split(".")[0] in OUR_APPS)
    assert "recommendations.tasks.sweep_deadlines" in ours
    declared = {queue.name for queue in celery_app.conf.task_queues}
    assert declared == set(settings.TASK_QUEUES.values())
    missing = [name for name in ours if name not in settings.CELERY_TASK_ROUTES]
    assert not missing, f"add these tasks to CELERY_TASK_ROUTES (config/settings.py): {missing}"
    for name in ours:
        queue = celery_app.amqp.router.route({}, name)["queue"]
        assert queue.name in declared, name
        # its own exchange and key: a message for it lands in it and in no other queue
        assert queue.exchange.name == queue.routing_key == queue.name, name
    role = {name: queue for queue, name in settings.TASK_QUEUES.items()}
    assert role[celery_app.amqp.router.route({}, "recommendations.tasks.sweep_deadlines")
                ["queue"].name] == "sweep"
    assert role[celery_app.amqp.router.route({}, "supervision.tasks.send_email")
                ["queue"].name] == "email"


def test_compose_runs_a_worker_on_every_queue_and_one_beat():
    """docker-compose.yml (not run here: no Docker) agrees with the settings: every queue group
    has a worker service, each worker's healthcheck pings its own node name, one beat."""
    compose = yaml.safe_load((settings.BASE_DIR / "docker-compose.yml").read_text())
    services = compose["services"]
    prefix = "${CELERY_QUEUE:-supervision}."
    consumed = set()
    for name, service in services.items():
        command = service.get("command") or []
        if command[:4] != ["celery", "-A", "config", "worker"]:
            continue
        queues = command[command.index("-Q") + 1].split(",")
        assert all(queue.startswith(prefix) for queue in queues), name
        consumed |= {queue.removeprefix(prefix) for queue in queues}
        node = command[command.index("-n") + 1].split("@")[0]
        assert f"-d {node}@$$HOSTNAME" in " ".join(service["healthcheck"]["test"]), name
        assert service["environment"]["CELERY_WORKER_METRICS_PORT"]
    assert consumed == set(settings.TASK_QUEUES)
    assert {"worker-sweep", "worker-email", "worker-documents"} <= set(services)
    beats = [name for name, service in services.items()
             if (service.get("command") or [])[:4] == ["celery", "-A", "config", "beat"]]
    assert beats == ["beat"] and "healthcheck" in services["beat"]
    web = services["web"]
    assert web["command"] == ["gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"]
    assert "/health/live/" in " ".join(web["healthcheck"]["test"])
    assert "@postgres-replica:5432/" in web["environment"]["DATABASE_REPLICA_URL"]
    for script in ("scripts/compose-replica-entrypoint.sh", "scripts/compose-postgres-init.sh",
                   "scripts/compose-db-roles.sh"):
        assert (settings.BASE_DIR / script).exists()


def test_compose_connects_as_the_app_role_and_migrates_as_the_owner():
    """Least privilege (issue 15): web, workers and beat connect as supervision_app, which the
    migrate service (as supervision_owner) grants; the superuser is nobody's connection."""
    compose = yaml.safe_load((settings.BASE_DIR / "docker-compose.yml").read_text())
    services = compose["services"]
    for name, service in services.items():
        env = service.get("environment") or {}
        if "DATABASE_URL" not in env:
            continue
        user = env["DATABASE_URL"].split("//", 1)[1].split(":", 1)[0]
        assert user == ("supervision_owner" if name == "migrate" else "supervision_app"), name
        assert env["DATABASE_APP_ROLE"] == "supervision_app", name
        for key in ("DATABASE_REPLICA_URL",):
            assert key not in env or "//supervision_app:" in env[key], name
    assert services["postgres"]["environment"]["POSTGRES_USER"] == "postgres"
    roles = (settings.BASE_DIR / "scripts/compose-db-roles.sh").read_text()
    assert "CREATE ROLE supervision_app LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB" in roles


# --- gunicorn ------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, headers: dict | None = None, timeout: float = 10) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # loopback only
        return response.status, dict(response.headers), response.read()


def test_gunicorn_serves_with_json_access_logs_and_multiprocess_metrics(tmp_path):
    port = _free_port()
    env = {**os.environ, "LOG_FORMAT": "json", "GUNICORN_BIND": f"127.0.0.1:{port}",
           "GUNICORN_WORKERS": "2", "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prometheus")}
    log = tmp_path / "gunicorn.log"
    with open(log, "w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"],
            env=env, stdout=out, stderr=subprocess.STDOUT, cwd=settings.BASE_DIR)
    try:
        def up() -> bool:
            try:
                return _get(f"http://127.0.0.1:{port}/health/live/", timeout=2)[0] == 200
            except OSError:
                return False

        assert wait_for(up, timeout=60, interval=0.3), log.read_text()[-3000:]
        for _ in range(6):  # spread over both workers
            status, headers, _body = _get(f"http://127.0.0.1:{port}/health/live/",
                                          {"X-Request-ID": "gunicorn-check-1"})
            assert status == 200 and headers["X-Request-ID"] == "gunicorn-check-1"
        _status, _headers, body = _get(f"http://127.0.0.1:{port}/metrics")
    finally:
        server.terminate()
        server.wait(timeout=30)
    scraped = samples(body.decode())
    latency = ("django_http_requests_latency_seconds_by_view_method_count",
               (("method", "GET"), ("view", "health-live")))
    assert scraped[latency] >= 6  # summed over the workers' files
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    access = [line for line in lines if line["logger"] == "gunicorn.access"
              and line.get("request_id") == "gunicorn-check-1"]
    assert len(access) == 6, log.read_text()[-3000:]
    assert access[0]["status"] == 200 and access[0]["path"] == "/health/live/"
    assert access[0]["method"] == "GET" and access[0]["duration_ms"] >= 0
    assert any(line["logger"] == "gunicorn.error" for line in lines)


# --- a real worker ---------------------------------------------------------------------------

@pytest.mark.worker
@pytest.mark.django_db(transaction=True, databases="__all__")
def test_worker_answers_health_logs_task_ids_and_exports_the_sweep_duration(
        client, tmp_path, monkeypatch):
    prefix = f"ops-{uuid.uuid4().hex[:8]}"
    queues = [Queue(f"{prefix}.{role}", Exchange(f"{prefix}.{role}"),
                    routing_key=f"{prefix}.{role}") for role in settings.TASK_QUEUES]
    # this process asks about the worker's queues (Celery's conf: this process only)
    monkeypatch.setitem(celery_app.conf, "task_queues", queues)
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": _database_url(), "CELERY_QUEUE": prefix,
           "DEADLINE_SWEEP_SECONDS": "2", "MEDIA_ROOT": str(tmp_path / "media"),
           "LOG_FORMAT": "json", "CELERY_WORKER_METRICS_PORT": str(port),
           "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prometheus")}
    (tmp_path / "prometheus").mkdir()
    log = tmp_path / "worker.log"
    with open(log, "w") as out:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "-B",
             "--pool=prefork", "--concurrency=1", "-n", f"{prefix}@%h",
             "-s", str(tmp_path / "beat-schedule")],
            env=env, stdout=out, stderr=subprocess.STDOUT, cwd=settings.BASE_DIR)

    def json_lines() -> list[dict]:
        return [json.loads(line) for line in log.read_text().splitlines()
                if line.startswith("{")]

    def sweep_finished() -> list[dict]:
        return [line for line in json_lines() if line.get("event") == "task_succeeded"
                and line.get("task_id")]

    try:
        assert wait_for(lambda: len(sweep_finished()) >= 2, timeout=90), log.read_text()[-3000:]
        response = client.get("/health/")
        _status, _headers, exported = _get(f"http://127.0.0.1:{port}/")
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert response.status_code == 200, response.content
    assert response.json()["checks"]["workers"] == "ok"

    # the task's lines carry its id, Celery's own included
    lines = json_lines()
    started = [line for line in lines if line.get("event") == "task_started"]
    assert started and all(line.get("task_id") for line in started)
    assert started[0]["task"] == "recommendations.tasks.sweep_deadlines"
    task_id = started[0]["task_id"]
    trace = [line for line in lines if line["logger"] == "celery.app.trace"
             and task_id in line["event"]]
    assert trace and trace[0]["task_id"] == task_id

    scraped = samples(exported.decode())
    assert scraped[("supervision_deadline_sweep_duration_seconds_count", ())] >= 2



def test_a_failing_replica_degrades_the_health_without_failing_it():
    """A replica that is down only sends the read-heavy pages back to the primary
    (``supervision.db``): ``/health/`` says ``degraded`` and still answers 200; a failing
    primary answers 500."""
    from types import SimpleNamespace

    from health_check.checks import Database

    from supervision.monitoring.health import HealthView

    def view(*failing: str) -> HealthView:
        v = HealthView()
        v.results = [SimpleNamespace(check=Database(alias=alias),
                                     error=Exception("down") if alias in failing else None)
                     for alias in ("default", "replica")]
        return v

    degraded = view("replica").render_to_response_json(500)
    assert degraded.status_code == 200
    assert json.loads(degraded.content) == {
        "status": "degraded", "checks": {"database:default": "ok", "database:replica": "degraded"}}
    assert view("default").render_to_response_json(200).status_code == 500
    assert view().render_to_response_text(500).status_code == 200
