"""Reading from a PostgreSQL streaming replica where a page asks for it (docs/scaling.md).

Everything reads and writes the primary (``default``) unless code opts in. A read-heavy page
(the deadline dashboard and its lists, the exports, statistics) opts in with
:func:`read_from_replica`, as a view decorator or as a context manager::

    @login_required
    @read_from_replica
    def dashboard(request): ...

    with read_from_replica():
        figures = selectors.yearly_statistics(...)

Inside that scope :class:`ReplicaRouter` sends reads to the ``replica`` alias (configured by
``DATABASE_REPLICA_URL``), except when

- no replica is configured (then there is nothing to choose);
- the request is pinned to the primary, for read-your-writes: it is a non-safe method, it
  carries the pin cookie :class:`ReadYourWritesMiddleware` sets for ``REPLICA_PIN_SECONDS``
  after a request of this browser wrote, or it has itself written already (every write goes
  through ``db_for_write``, which marks the request);
- a transaction is open on the primary (``transaction.atomic()``): what it reads must see
  what it wrote, and its rows may be locked for the update that follows;
- the replica is unreachable or lags more than ``REPLICA_MAX_LAG_SECONDS`` (a one-query check,
  remembered for ``REPLICA_CHECK_SECONDS`` per process).

Writes always go to the primary, inside the scope too: an object read from the replica is
saved to ``default`` (the router answers every question itself, so Django never falls back to
"the database the instance came from"). A decorated view whose replica fails half-way (the
standby went away, a query cancelled by recovery) is run once more on the primary — so only
views that do not write are decorated. A streaming response (the CSV export) keeps the scope
while it is being sent.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

REPLICA = "replica"
PIN_COOKIE = "db_pin"
PIN_SALT = "supervision.db.pin"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

#: One row: is it a standby, is its WAL receiver running, has it replayed all it received,
#: seconds since the last replayed transaction committed on the primary.
LAG_SQL = """
    SELECT pg_is_in_recovery(),
           EXISTS (SELECT 1 FROM pg_stat_wal_receiver),
           pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn(),
           EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float8
"""


@dataclass
class RequestState:
    """What the router knows about the current request."""

    pinned: bool = False  # its reads stay on the primary
    wrote: bool = False  # it has written (db_for_write was asked)


@dataclass
class _Scope:
    used: str | None = None  # the replica alias, once a read went there


_request: ContextVar[RequestState | None] = ContextVar("db_request", default=None)
_scope: ContextVar[_Scope | None] = ContextVar("db_replica_scope", default=None)
_health: dict[str, tuple[float, bool]] = {}  # alias -> (valid until, monotonic clock; usable)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class _ReplicaScope:
    """``with read_from_replica():`` — one instance per ``with``."""

    def __enter__(self) -> _Scope:
        self.scope = _Scope()
        self._token = _scope.set(self.scope)
        return self.scope

    def __exit__(self, *exc_info) -> None:
        _scope.reset(self._token)


def read_from_replica(view: Callable | None = None):
    """Route reads in this scope to the replica (see the module's docstring for when not).

    ``read_from_replica()`` is a context manager; ``@read_from_replica`` decorates a view that
    only reads. Put it under ``@login_required``: the signed-in user is then loaded from the
    primary, before the scope opens."""
    if view is None:
        return _ReplicaScope()

    @functools.wraps(view)
    def wrapped(*args, **kwargs) -> HttpResponse:
        for arg in args[:2]:  # a function view's request, or a method's
            if isinstance(arg, HttpRequest) and hasattr(arg, "user"):
                arg.user.is_authenticated  # noqa: B018 — load the lazy user on the primary
        state = _request.get()
        scope = _ReplicaScope()
        try:
            with scope:
                response = view(*args, **kwargs)
        except (OperationalError, InterfaceError) as exc:
            alias = scope.scope.used
            if alias is None or not connections[alias].errors_occurred:
                raise
            mark_replica_down(alias, exc)
            return view(*args, **kwargs)  # once more, every read on the primary
        if getattr(response, "streaming", False):
            response.streaming_content = _stream_in_scope(response.streaming_content, state)
        return response

    return wrapped


def _stream_in_scope(content: Iterator, state: RequestState | None) -> Iterator:
    """Produce each chunk of a streaming response in the replica scope and in the request's
    state (pinned or not), though the server pulls the chunks after the view has returned."""
    iterator = iter(content)
    while True:
        token = _request.set(state)
        try:
            with _ReplicaScope():
                chunk = next(iterator)
        except StopIteration:
            return
        finally:
            _request.reset(token)
        yield chunk


def pin_to_primary() -> None:
    """Keep this request's reads, and this browser's for ``REPLICA_PIN_SECONDS``, on the
    primary — for a write the router cannot see (raw SQL on a cursor)."""
    state = _request.get()
    if state is not None:
        state.pinned = state.wrote = True


def replica_usable(alias: str = REPLICA) -> bool:
    """Is the replica reachable and no more than ``REPLICA_MAX_LAG_SECONDS`` behind? Checked
    with one query at most every ``REPLICA_CHECK_SECONDS`` per process."""
    now = time.monotonic()
    known = _health.get(alias)
    if known is not None and now < known[0]:
        return known[1]
    usable = _check(alias)
    _health[alias] = (now + settings.REPLICA_CHECK_SECONDS, usable)
    return usable


def mark_replica_down(alias: str, exc: BaseException) -> None:
    """Read from the primary for ``REPLICA_CHECK_SECONDS`` after the replica failed."""
    logger.warning("replica %r failed, reading from the primary: %s", alias, exc)
    _health[alias] = (time.monotonic() + settings.REPLICA_CHECK_SECONDS, False)
    _close_quietly(alias)


def reset_replica_health() -> None:
    """Forget what the checks found (tests; after pointing the alias somewhere else)."""
    _health.clear()


def _check(alias: str) -> bool:
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return True  # a test mirror on SQLite: the same database
    try:
        with connection.cursor() as cursor:
            cursor.execute(LAG_SQL)
            in_recovery, receiving, caught_up, lag = cursor.fetchone()
    except DatabaseError as exc:
        logger.warning("replica %r unreachable, reading from the primary: %s", alias, exc)
        _close_quietly(alias)
        return False
    if not in_recovery:
        return True  # promoted, or the primary itself (a test mirror)
    if receiving and caught_up:
        return True
    usable = lag is not None and lag <= settings.REPLICA_MAX_LAG_SECONDS
    if not usable:
        logger.warning("replica %r is %s s behind (receiving: %s), reading from the primary",
                       alias, "?" if lag is None else round(lag, 1), receiving)
    return usable


def _close_quietly(alias: str) -> None:
    try:
        connections[alias].close()
    except DatabaseError:
        pass


def _read_alias() -> str:
    scope = _scope.get()
    if scope is None or not replica_configured():
        return DEFAULT_DB_ALIAS
    state = _request.get()
    if state is not None and state.pinned:
        return DEFAULT_DB_ALIAS
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS
    if not replica_usable(REPLICA):
        return DEFAULT_DB_ALIAS
    scope.used = REPLICA
    return REPLICA


class ReplicaRouter:
    """Writes to ``default``; reads to ``default`` unless :func:`read_from_replica` says
    otherwise. Always answers (never ``None``), so that an instance read from the replica is
    still saved to, and its relations read from, the database this module chooses."""

    def db_for_read(self, model, **hints) -> str:
        return _read_alias()

    def db_for_write(self, model, **hints) -> str:
        state = _request.get()
        if state is not None:
            state.pinned = state.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # The replica holds the primary's rows: an object from either may point at the other.
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA, None}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool | None:
        return False if db == REPLICA else None


class ReadYourWritesMiddleware:
    """Pins a browser's reads to the primary for ``REPLICA_PIN_SECONDS`` after it wrote.

    A request is pinned from the start when its method is not safe or it carries a valid pin
    cookie (signed, its age checked here, not only by the browser), and from its first write
    on. The response sets the cookie when the request wrote, or was a non-safe method that
    succeeded (status below 400). Keep ``REPLICA_MAX_LAG_SECONDS`` below
    ``REPLICA_PIN_SECONDS``: when the pin expires, the replica has the write."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        unsafe = request.method not in SAFE_METHODS
        configured = replica_configured()
        state = RequestState(pinned=unsafe or (configured and self._pinned_by_cookie(request)))
        token = _request.set(state)
        try:
            response = self.get_response(request)
        finally:
            _request.reset(token)
        if configured and (state.wrote or (unsafe and response.status_code < 400)):
            response.set_signed_cookie(
                PIN_COOKIE, "1", salt=PIN_SALT, max_age=settings.REPLICA_PIN_SECONDS,
                httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
        return response

    @staticmethod
    def _pinned_by_cookie(request: HttpRequest) -> bool:
        return request.get_signed_cookie(PIN_COOKIE, default=None, salt=PIN_SALT,
                                         max_age=settings.REPLICA_PIN_SECONDS) is not None
