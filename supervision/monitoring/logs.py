"""Logging: one configuration for Django, the Celery worker and beat, and gunicorn.

Every process logs to stdout through the standard library, rendered by structlog's
``ProcessorFormatter``: one JSON object a line (``LOG_FORMAT=json``, production) or a readable
line (``text``, the embedded default). Existing ``logging.getLogger(__name__)`` loggers keep
their names (the ``logger`` key). django-structlog binds the context every line of a request or
a task carries — ``request_id`` (from a sane incoming ``X-Request-ID``, else a new UUID,
returned in the response's ``X-Request-ID``), ``ip``; ``task_id`` (and the ``request_id`` of
the request that queued it) in the Celery worker — and logs ``request_finished`` with the status
and duration. gunicorn's access log goes through the same formatter with its fields as keys.

``settings.LOGGING_CONFIG`` is :func:`configure`; the Celery app calls it on ``setup_logging``
(so Celery does not replace the handlers) and ``config/gunicorn.conf.py`` passes
:func:`logging_config` as ``logconfig_dict``.
"""

from __future__ import annotations

import logging
import logging.config
import re
import time
from collections.abc import Mapping
from typing import Any

import structlog

REQUEST_ID_HEADER = "X-Request-ID"
#: An incoming request id is kept only if it looks like one (a UUID, nginx's ``$request_id``, a
#: trace id): 1–128 letters, digits and ``._:=+/-``, starting with a letter or digit. Anything
#: else (too long, spaces, quotes, control characters) is replaced by a new UUID.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:=+/-]{0,127}")

#: gunicorn access-log atoms copied into the access line's keys.
_ACCESS_ATOMS = {"h": "remote_addr", "m": "method", "U": "path", "q": "query", "s": "status",
                 "B": "bytes", "a": "user_agent", "{x-request-id}o": "request_id"}


def sane_request_id(value: str | None) -> str | None:
    """``value`` if it is usable as a request id, else ``None``."""
    if value and _SANE_REQUEST_ID.fullmatch(value):
        return value
    return None


def _gunicorn_access_fields(logger: Any, method_name: str, event_dict: dict) -> dict:
    """gunicorn logs each request as ``access_log_format % atoms``: keep the atoms as keys
    (method, path, status, duration_ms, request_id from the response header …)."""
    args = event_dict.pop("positional_args", None)
    record = event_dict.get("_record")
    if record is not None and record.name == "gunicorn.access" and isinstance(args, Mapping):
        for atom, key in _ACCESS_ATOMS.items():
            value = args[atom]
            if value not in (None, "-", ""):
                event_dict[key] = value
        if "status" in event_dict:
            event_dict["status"] = int(event_dict["status"])
        event_dict["duration_ms"] = round(int(args["D"]) / 1000, 1)
    return event_dict


def _request_id_from_record(logger: Any, method_name: str, event_dict: dict) -> dict:
    """Django logs a 4xx/5xx response (``django.request``) after the request's context is
    gone; the record still carries the request, and the request its id."""
    record = event_dict.get("_record")
    request_id = getattr(getattr(record, "request", None), "request_id", None)
    if request_id and "request_id" not in event_dict:
        event_dict["request_id"] = request_id
    return event_dict


def _shared_processors() -> list:
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]


def formatter(fmt: str = "text") -> structlog.stdlib.ProcessorFormatter:
    """The formatter of every handler: ``json`` (one object a line) or ``text``."""
    if fmt == "json":
        renderer = [structlog.processors.format_exc_info,
                    structlog.processors.JSONRenderer(ensure_ascii=False)]
    else:
        renderer = [structlog.dev.ConsoleRenderer(
            colors=False, exception_formatter=structlog.dev.plain_traceback)]
    return structlog.stdlib.ProcessorFormatter(
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, *renderer],
        foreign_pre_chain=[*_shared_processors(), _request_id_from_record,
                           _gunicorn_access_fields],
        pass_foreign_args=True,
    )


def logging_config(fmt: str = "text", level: str = "INFO") -> dict:
    """The ``LOGGING`` dict (also gunicorn's ``logconfig_dict``): everything to stdout."""
    handler = {"class": "logging.StreamHandler", "formatter": "structured",
               "stream": "ext://sys.stdout"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"structured": {"()": "supervision.monitoring.logs.formatter", "fmt": fmt}},
        "handlers": {"console": handler},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "INFO"},
            # gunicorn's own loggers do not propagate; give them the same handler.
            "gunicorn.error": {"handlers": ["console"], "level": level, "propagate": False},
            "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
        },
    }


def configure(logging_settings: dict) -> None:
    """``settings.LOGGING_CONFIG``: structlog's own loggers (django-structlog's) hand their
    events to the standard library, whose ``dictConfig`` then applies ``LOGGING``."""
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.stdlib.filter_by_level,
            *_shared_processors()[1:],
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.StackInfoRenderer(),
            structlog.processors.UnicodeDecoder(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    logging.config.dictConfig(logging_settings)


# --- django-structlog's request signals --------------------------------------------------------

def _bind_request(sender: Any, request: Any, logger: Any, log_kwargs: dict, **kwargs: Any) -> None:
    """Before ``request_started``: keep a sane incoming request id instead of the new one."""
    incoming = sane_request_id(request.headers.get(REQUEST_ID_HEADER))
    if incoming:
        structlog.contextvars.bind_contextvars(request_id=incoming)
    request.request_id = structlog.contextvars.get_contextvars().get("request_id")
    request._monitoring_started = time.monotonic()


def _loaded_user_id(request: Any) -> Any:
    """The user's id if the view already loaded the user (never a query of its own)."""
    user = getattr(request, "user", None)
    user = getattr(user, "_wrapped", user)  # SimpleLazyObject: look only if evaluated
    if user is None or not hasattr(user, "is_authenticated") or not user.is_authenticated:
        return None
    return user.pk


def _finish_request(sender: Any, request: Any, response: Any, logger: Any, log_kwargs: dict,
                    **kwargs: Any) -> None:
    """Before ``request_finished``: the id into the response, the duration and user into the
    line."""
    _set_header(request, response)
    started = getattr(request, "_monitoring_started", None)
    if started is not None:
        log_kwargs["duration_ms"] = round((time.monotonic() - started) * 1000, 1)
    user_id = _loaded_user_id(request)
    if user_id is not None:
        log_kwargs["user_id"] = user_id


def _failed_request(sender: Any, request: Any, response: Any, logger: Any, exception: Any,
                    **kwargs: Any) -> None:
    _set_header(request, response)


def _set_header(request: Any, response: Any) -> None:
    request_id = getattr(request, "request_id", None)
    if request_id and response is not None:
        response[REQUEST_ID_HEADER] = request_id


def connect_request_id_receivers() -> None:
    from django_structlog import signals

    signals.bind_extra_request_metadata.connect(_bind_request, dispatch_uid="monitoring-bind")
    signals.bind_extra_request_finished_metadata.connect(_finish_request,
                                                         dispatch_uid="monitoring-finish")
    signals.update_failure_response.connect(_failed_request, dispatch_uid="monitoring-failed")
