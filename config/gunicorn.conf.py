# ruff: noqa: N999 — the file name gunicorn documents (gunicorn -c config/gunicorn.conf.py)
"""gunicorn settings for the web container: ``gunicorn -c config/gunicorn.conf.py config.wsgi``.

Sized for the 2-core host (docs/operations.md): ``2 × cores + 1`` worker processes, capped by
``GUNICORN_MAX_WORKERS`` (or set exactly with ``GUNICORN_WORKERS``), each with
``GUNICORN_THREADS`` threads (gthread: a request waiting on PostgreSQL or on WeasyPrint's fonts
does not hold a whole process). Every variable below has a default; none is required.

Prometheus: several processes answer ``/metrics``, so prometheus_client runs in multiprocess
mode — ``PROMETHEUS_MULTIPROC_DIR`` is set here, before any worker imports prometheus_client,
emptied when the server starts and pruned when a worker exits (``child_exit``).

Logs: gunicorn's error and access logs go through the project's logging configuration
(``LOG_FORMAT=json``: one JSON object a line, the access line with method, path, status,
``duration_ms`` and the ``request_id`` the application put in the response's X-Request-ID).
"""

import os
import shutil

from supervision.monitoring.logs import logging_config


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the CPUs this container may use
    except AttributeError:
        return os.cpu_count() or 1


# --- processes ---------------------------------------------------------------------------
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = _int("GUNICORN_WORKERS", min(2 * _cores() + 1, _int("GUNICORN_MAX_WORKERS", 5)))
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 4)
# A request may render a PDF: allow a minute before the worker is killed and replaced.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)  # behind a reverse proxy that reuses connections
# Recycle workers now and then (memory held by WeasyPrint and caches); jitter avoids all at once.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)
# The heartbeat files in memory, not on the container's overlay filesystem.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# X-Forwarded-Proto is believed only from these proxies.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# --- logs --------------------------------------------------------------------------------
accesslog = "-"
# The line's text ("event"); its parts are also separate keys (supervision.monitoring.logs).
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms'
logconfig_dict = logging_config(os.environ.get("LOG_FORMAT", "text").strip().lower(),
                                os.environ.get("LOG_LEVEL", "INFO"))

# --- Prometheus multiprocess mode --------------------------------------------------------
PROMETHEUS_MULTIPROC_DIR = os.environ.setdefault(
    "PROMETHEUS_MULTIPROC_DIR", "/tmp/prometheus-gunicorn")  # per container


def on_starting(server) -> None:
    """In the master, before any worker: values left by a previous run would be added in."""
    shutil.rmtree(PROMETHEUS_MULTIPROC_DIR, ignore_errors=True)
    os.makedirs(PROMETHEUS_MULTIPROC_DIR, exist_ok=True)


def child_exit(server, worker) -> None:
    """A worker exited (recycled, timed out, killed): drop its live-gauge files."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
