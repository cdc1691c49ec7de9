"""Health endpoints, on django-health-check 4.x (checks are dataclasses listed on the view).

- ``/health/live/`` — liveness for the container's healthcheck: the web process answers. No
  query, no broker, no check run.
- ``/health/`` — everything the system needs: every database alias, every non-local cache,
  media storage (write, read, delete a probe file), the Celery broker, and the Celery workers
  (they answer, and every declared queue has a worker consuming it). 200 when all pass, else 500;
  a failing replica is reported ``degraded`` and does not fail the whole (``NON_CRITICAL``).

Both are unauthenticated, so they show only ``ok``/``failing`` per check; what failed and why
goes to the log (django-health-check logs each failure on the ``health_check`` logger).
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from collections.abc import Iterator

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from health_check.base import HealthCheck
from health_check.checks import Cache, Database, Storage
from health_check.contrib.celery import Ping
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

from supervision.monitoring.metrics import celery_queue_names, queue_depths

#: Cache backends that live in the process: nothing to check.
_LOCAL_CACHES = ("django.core.cache.backends.locmem.", "django.core.cache.backends.dummy.")


@dataclasses.dataclass
class Broker(HealthCheck):
    """The Celery broker answers: connect, and look up every declared queue (Redis: the
    queue keys; the filesystem broker: its message folder)."""

    timeout = datetime.timedelta(seconds=3)

    def run(self) -> None:
        try:
            queue_depths(celery_queue_names(), timeout=self.timeout.total_seconds())
        except Exception as exc:
            raise ServiceUnavailable("broker unreachable") from exc


@dataclasses.dataclass
class Workers(Ping):
    """django-health-check's Celery ping, in one broadcast: only a live worker answers
    ``active_queues``, and its answer says which queues it consumes; every declared queue must
    have one. (The library's ``run`` pings for its whole timeout and then asks for the queues,
    which overruns its own time budget on the filesystem broker, which polls once a second.)"""

    #: How long the broadcast collects replies. The filesystem broker adds up to a second of
    #: polling, so the check's whole budget (``timeout``) is larger.
    reply_timeout: datetime.timedelta = dataclasses.field(
        default=datetime.timedelta(seconds=2), repr=False)
    timeout: datetime.timedelta = dataclasses.field(
        default=datetime.timedelta(seconds=4), repr=False)

    def run(self) -> None:
        try:
            replies = self.app.control.inspect(
                timeout=self.reply_timeout.total_seconds()).active_queues()
        except OSError as exc:
            raise ServiceUnavailable("IOError") from exc
        if not replies:
            raise ServiceUnavailable("Celery workers unavailable")
        consumed = {queue.get("name") for queues in replies.values() for queue in queues}
        for queue in sorted(set(celery_queue_names()) - consumed):
            raise ServiceUnavailable(f"No worker for Celery task queue {queue}")


#: Checks whose failure degrades the service without stopping it: a replica that is down or
#: behind only sends the read-heavy pages back to the primary (``supervision.db``).
NON_CRITICAL = frozenset({"database:replica"})


def check_name(check: HealthCheck) -> str:
    """A stable public name: ``database:default``, ``cache:default``, ``broker``, ``workers``,
    ``storage:default`` (never a host name or an error text)."""
    kind = {Database: "database", Cache: "cache", Storage: "storage", Broker: "broker",
            Workers: "workers"}.get(type(check), type(check).__name__.lower())
    alias = getattr(check, "alias", None)
    return f"{kind}:{alias}" if alias else kind


class HealthView(HealthCheckView):
    """django-health-check's view, answering JSON (or ``text/plain`` when asked) with only
    ``ok``/``failing``: the library's HTML, feeds and error texts are not for the public."""

    def get_checks(self) -> Iterator[HealthCheck]:
        for alias in settings.DATABASES:
            yield Database(alias=alias)
        for alias, config in settings.CACHES.items():
            if not config["BACKEND"].startswith(_LOCAL_CACHES):
                yield Cache(alias=alias)
        yield Storage()
        yield Broker()
        yield Workers()

    def _statuses(self) -> dict[str, str]:
        return {check_name(result.check):
                ("degraded" if check_name(result.check) in NON_CRITICAL else "failing")
                if result.error else "ok"
                for result in self.results}

    # The library passes the status it computed (any failure: 500); ours leaves the
    # non-critical checks out of it.
    def render_to_response_json(self, status: int) -> JsonResponse:
        checks = self._statuses()
        overall = ("failing" if "failing" in checks.values()
                   else "degraded" if "degraded" in checks.values() else "ok")
        return JsonResponse({"status": overall, "checks": checks}, status=self._status_code())

    def render_to_response_text(self, status: int) -> HttpResponse:
        lines = "".join(f"{name}: {state}\n" for name, state in self._statuses().items())
        return HttpResponse(lines, content_type="text/plain; charset=utf-8",
                            status=self._status_code())

    def render_to_response(self, context: dict, **kwargs: object) -> JsonResponse:
        return self.render_to_response_json(self._status_code())

    def render_to_response_atom(self) -> JsonResponse:
        return self.render_to_response_json(self._status_code())

    render_to_response_rss = render_to_response_atom
    render_to_response_openmetrics = render_to_response_atom

    def _status_code(self) -> int:
        return 500 if any(result.error and check_name(result.check) not in NON_CRITICAL
                          for result in self.results) else 200


@never_cache
def liveness(request: HttpRequest) -> HttpResponse:
    """``/health/live/``: the web process is up and routing. Touches nothing else."""
    return HttpResponse(json.dumps({"status": "ok"}), content_type="application/json")
