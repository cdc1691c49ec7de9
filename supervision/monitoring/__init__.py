"""Operating the system: health checks, Prometheus metrics, structured logs with a request id.

- :mod:`.health` — ``/health/`` (database, broker, workers, storage) and ``/health/live/``, on
  django-health-check;
- :mod:`.metrics` — the sweep-duration histogram, the Celery queue-depth collector and the
  restricted ``/metrics`` view, on prometheus_client (request metrics come from
  django-prometheus' middleware);
- :mod:`.logs` — one logging configuration (``LOG_FORMAT=json|text``) for Django, the Celery
  worker and beat, and gunicorn, on structlog and django-structlog.

Part of the core layer: it imports no app (the Celery app is reached as ``current_app``).
See docs/operations.md.
"""
