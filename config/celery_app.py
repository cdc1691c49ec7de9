"""The Celery application. Tasks live in each app's ``tasks.py`` and are discovered; the queues
and the route of every task are in ``config/settings.py`` (``CELERY_TASK_QUEUES``,
``CELERY_TASK_ROUTES``).

Operations (docs/operations.md): the worker and beat log through the project's ``LOGGING``
(``setup_logging`` below, so Celery leaves the handlers alone), django-structlog's worker step
binds each task's ``task_id`` to its log lines, and a worker started with
``CELERY_WORKER_METRICS_PORT`` serves its Prometheus metrics (the deadline sweep's duration)
on that port.
"""

import os

from celery import Celery, signals
from django_structlog.celery.steps import DjangoStructLogInitStep
from kombu.transport import TRANSPORT_ALIASES

# ``filesystem://`` (the embedded mode's broker) is kombu's transport writing each message whole
# before a worker can see it (config/filesystem_broker.py); any other URL is kombu's as it is.
TRANSPORT_ALIASES["filesystem"] = "config.filesystem_broker:Transport"

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    # prometheus_client writes there from its first metric on: the folder must exist by then
    os.makedirs(os.environ["PROMETHEUS_MULTIPROC_DIR"], exist_ok=True)

app = Celery("supervision")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.steps["worker"].add(DjangoStructLogInitStep)


@signals.setup_logging.connect
def _configure_logging(**kwargs) -> None:
    """Worker and beat: the project's logging instead of Celery's (no stdout redirection)."""
    from django.conf import settings

    from supervision.monitoring.logs import configure

    configure(settings.LOGGING)


@signals.worker_init.connect
def _start_metrics_exporter(sender=None, **kwargs) -> None:
    """In the worker's main process, before the pool forks: the metrics server (only when
    ``CELERY_WORKER_METRICS_PORT`` is set). A prefork pool needs ``PROMETHEUS_MULTIPROC_DIR``
    set, and empty, before the worker starts (compose mounts a fresh tmpfs there)."""
    from django.conf import settings

    from supervision.monitoring import metrics

    port = settings.WORKER_METRICS_PORT
    if port:
        metrics.start_worker_exporter(port)


@signals.worker_process_shutdown.connect
def _forget_pool_process(pid=None, **kwargs) -> None:
    from supervision.monitoring import metrics

    metrics.mark_process_dead(pid or os.getpid())
