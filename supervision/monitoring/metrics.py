"""Prometheus metrics of our own and the restricted ``/metrics`` view.

Request metrics (latency histograms by view and method, responses by status …) come from
django-prometheus' middleware; this module adds

- ``supervision_deadline_sweep_duration_seconds`` — a histogram observed around the sweep in
  ``recommendations.tasks.sweep_deadlines`` (so in the worker that runs it);
- ``supervision_celery_queue_depth{queue=…}`` — messages waiting in each Celery queue, read from
  the broker at scrape time through kombu (Redis: ``LLEN`` of the queue's lists; the embedded
  filesystem broker: the queue's message files in its folder), and
  ``supervision_celery_broker_up``.

Multi-process servers: prometheus_client keeps each process's values in memory, so gunicorn's
workers (and a prefork Celery worker's children) share them through files in
``PROMETHEUS_MULTIPROC_DIR`` (set before prometheus_client is imported: ``config/gunicorn.conf.py``
does it for gunicorn, compose for the workers); the views below then read that folder.
"""

from __future__ import annotations

import ipaddress
import logging
import os
from collections.abc import Iterable, Iterator

from celery import current_app
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from kombu.exceptions import ChannelError
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Histogram,
    generate_latest,
    multiprocess,
    start_http_server,
)
from prometheus_client.core import GaugeMetricFamily, Metric

logger = logging.getLogger(__name__)

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

SWEEP_DURATION = Histogram(
    "supervision_deadline_sweep_duration_seconds",
    "Wall time of one deadline sweep (recommendations.tasks.sweep_deadlines).",
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, float("inf")),
)


# --- Celery queue depth ----------------------------------------------------------------------

def celery_queue_names() -> list[str]:
    """The queues the Celery app declares (``CELERY_TASK_QUEUES``), else its default queue."""
    queues = current_app.conf.task_queues
    if queues:
        return [queue.name for queue in queues]
    return [current_app.conf.task_default_queue]


def queue_depths(names: Iterable[str], *, timeout: float = 3.0) -> dict[str, int]:
    """Messages waiting in each queue, asked of the broker through kombu's passive
    ``queue_declare`` (Redis sums ``LLEN`` over the queue's priority lists; the filesystem
    transport counts the queue's files). Raises when the broker cannot be reached."""
    depths = {}
    with current_app.connection_for_read() as connection:
        connection.ensure_connection(max_retries=1, interval_start=0, timeout=timeout)
        channel = connection.default_channel
        for name in names:
            try:
                depths[name] = channel.queue_declare(queue=name, passive=True).message_count
            except ChannelError:  # Redis: an empty queue is no key at all
                depths[name] = 0
    return depths


class QueueDepthCollector:
    """A custom collector: reads the broker when scraped, so every web process reports the same
    numbers (not multiprocess-aggregated)."""

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("supervision_celery_broker_up",
                               "1 if the Celery broker answered the last scrape, else 0.")
        try:
            depths = queue_depths(celery_queue_names())
        except Exception:
            logger.warning("metrics: the Celery broker did not answer", exc_info=True)
            up.add_metric([], 0)
            yield up
            return
        depth = GaugeMetricFamily("supervision_celery_queue_depth",
                                  "Messages waiting in a Celery queue.", labels=["queue"])
        for name, count in sorted(depths.items()):
            depth.add_metric([name], count)
        up.add_metric([], 1)
        yield depth
        yield up


_queue_registry = CollectorRegistry()
_queue_registry.register(QueueDepthCollector())


# --- exporting -------------------------------------------------------------------------------

def multiprocess_mode() -> bool:
    return bool(os.environ.get(MULTIPROC_ENV))


def process_registry() -> CollectorRegistry:
    """This process's metrics, or in multiprocess mode those of every process of the server."""
    if not multiprocess_mode():
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry


def mark_process_dead(pid: int) -> None:
    """A worker process exited: drop its live-gauge files (counters and histograms stay)."""
    if multiprocess_mode():
        multiprocess.mark_process_dead(pid)


def start_worker_exporter(port: int, addr: str = "0.0.0.0") -> None:
    """Serve the Celery worker's metrics (the sweep duration …) on ``port`` from a thread of
    the worker's main process (``CELERY_WORKER_METRICS_PORT``)."""
    start_http_server(port, addr=addr, registry=process_registry())
    logger.info("metrics: serving the worker's metrics on port %s", port)


def _networks(entries: Iterable[str]) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            logger.warning("METRICS_ALLOWED_IPS: %r is not an address or network", entry)
    return networks


def client_may_scrape(request: HttpRequest) -> bool:
    """The peer address (``REMOTE_ADDR``, never a forwarded header) is in
    ``METRICS_ALLOWED_IPS``, or the request carries ``Authorization: Bearer METRICS_TOKEN``."""
    token = getattr(settings, "METRICS_TOKEN", "")
    if token and constant_time_compare(request.headers.get("Authorization", ""),
                                       f"Bearer {token}"):
        return True
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in network
               for network in _networks(getattr(settings, "METRICS_ALLOWED_IPS", ())))


@never_cache
def metrics_view(request: HttpRequest) -> HttpResponse:
    """``/metrics``: 404 unless the client may scrape (nothing tells others it exists)."""
    if not client_may_scrape(request):
        raise Http404
    body = generate_latest(process_registry()) + generate_latest(_queue_registry)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
