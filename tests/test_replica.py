"""Reads from a streaming replica where a page opts in (supervision.db, docs/scaling.md).

Three kinds of test:

- the router's decisions, with no database: no replica configured; a ``replica`` alias
  configured; pinned requests; an unusable replica;
- pages over HTTP with a *test mirror* as the replica: a second connection to the test
  database under the ``replica`` alias (what Django's TEST MIRROR is), so the queries each
  alias ran can be told apart; committed data, hence ``transaction=True``;
- the real thing, when ``DATABASE_REPLICA_URL`` names a reachable PostgreSQL hot standby of
  the test database's primary (``scripts/pg-replica.sh start``; .ci/run does it): the alias is
  pointed at the standby's copy of the test database (physical replication copies the whole
  cluster, test_<NAME> included), a row written on the primary shows on a page served from
  the standby, the standby refuses writes, and a user who just wrote reads the primary.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import time

import dj_database_url
import psycopg
import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import DatabaseError, connections, router, transaction
from django.db.utils import load_backend
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from recommendations.models import Recommendation
from supervision import db
from supervision.db import REPLICA, read_from_replica
from supervision.models import Procuratorate, User

# --- helpers ------------------------------------------------------------------------------


@contextlib.contextmanager
def replica_alias(settings_dict: dict):
    """This thread's ``replica`` alias is a new connection with ``settings_dict`` for the block.

    When no replica is configured (DATABASES has no ``replica``), the alias exists only as this
    connection — Django's test case allows such a dynamically created connection, where it
    refuses an alias of DATABASES the test did not declare — and the router is told a replica
    is configured."""
    added = REPLICA not in settings.DATABASES
    previous = None if added else connections[REPLICA]
    configured = db.replica_configured
    wrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, REPLICA)
    connections[REPLICA] = wrapper
    db.replica_configured = lambda: True
    db.reset_replica_health()
    try:
        yield wrapper
    finally:
        wrapper.close()
        if added:
            del connections[REPLICA]
        else:
            connections[REPLICA] = previous
        db.replica_configured = configured
        db.reset_replica_health()


def mirror_settings(**overrides) -> dict:
    """The test database's settings, marked as a TEST MIRROR (so no test database is created
    for it and TransactionTestCase does not flush it)."""
    default = connections["default"].settings_dict
    return {**default, **overrides, "TEST": {**default["TEST"], "MIRROR": "default"}}


def queries_on(captured: CaptureQueriesContext, table: str) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if table in q["sql"]]


def only_session_and_user(captured: CaptureQueriesContext) -> bool:
    """The primary served the request's session and signed-in user, nothing else."""
    tables = (Session._meta.db_table, User._meta.db_table)
    sqls = [q["sql"] for q in captured.captured_queries]
    return bool(sqls) and all(any(f'FROM "{t}"' in sql for t in tables) for sql in sqls)


REC_TABLE = Recommendation._meta.db_table


@pytest.fixture
def configured(monkeypatch):
    """The router believes a replica is configured and usable (no connection is made)."""
    monkeypatch.setattr(db, "replica_configured", lambda: True)
    monkeypatch.setattr(db, "replica_usable", lambda alias=REPLICA: True)


def read_alias() -> str:
    return router.db_for_read(Recommendation)


# --- the router's decisions -----------------------------------------------------------------


def test_without_a_replica_everything_is_default(monkeypatch):
    monkeypatch.delitem(settings.DATABASES, REPLICA, raising=False)
    assert read_alias() == "default"
    with read_from_replica():
        assert read_alias() == "default"
        assert router.db_for_write(Recommendation) == "default"


def test_reads_go_to_the_replica_only_in_scope_writes_never(configured):
    assert read_alias() == "default"  # nothing opted in
    with read_from_replica():
        assert read_alias() == REPLICA
        assert router.db_for_write(Recommendation) == "default"
        with read_from_replica():  # nested
            assert read_alias() == REPLICA
        assert read_alias() == REPLICA
    assert read_alias() == "default"

    @read_from_replica
    def page() -> str:
        return read_alias()

    assert page() == REPLICA
    assert read_alias() == "default"


def test_a_pinned_request_and_a_request_that_wrote_read_the_primary(configured):
    with read_from_replica():
        token = db._request.set(db.RequestState(pinned=True))
        try:
            assert read_alias() == "default"
        finally:
            db._request.reset(token)
        state = db.RequestState()
        token = db._request.set(state)
        try:
            assert read_alias() == REPLICA
            router.db_for_write(Recommendation)  # the request writes …
            assert state.wrote and read_alias() == "default"  # … and reads what it wrote
        finally:
            db._request.reset(token)


def test_an_unusable_replica_is_not_read(configured, monkeypatch):
    monkeypatch.setattr(db, "replica_usable", lambda alias=REPLICA: False)
    with read_from_replica():
        assert read_alias() == "default"


def test_relations_between_the_aliases_are_allowed_and_nothing_migrates_the_replica():
    a, b = Procuratorate(), Procuratorate()
    a._state.db, b._state.db = "default", REPLICA
    assert router.allow_relation(a, b)
    assert not router.allow_migrate(REPLICA, "supervision")
    assert router.allow_migrate("default", "supervision")


@pytest.mark.django_db
def test_inside_a_transaction_reads_stay_on_the_primary(configured):
    # A TestCase-style test runs inside transaction.atomic(): the rule that keeps every other
    # test of the suite on the primary.
    with read_from_replica():
        assert connections["default"].in_atomic_block
        assert read_alias() == "default"


@pytest.mark.django_db(transaction=True)
def test_atomic_blocks_read_the_primary(configured):
    with read_from_replica():
        assert read_alias() == REPLICA
        with transaction.atomic():
            assert read_alias() == "default"
        assert read_alias() == REPLICA


# --- pages, with a test mirror as the replica -----------------------------------------------

MIRROR_DB = pytest.mark.django_db(transaction=True, databases="__all__")


@pytest.fixture
def mirror():
    with replica_alias(mirror_settings()) as wrapper:
        yield wrapper


@pytest.fixture
def supervisor_client(world) -> Client:
    client = Client()
    client.force_login(world.supervisor)
    return client


def dashboard(client: Client, replica=None) -> tuple[str, CaptureQueriesContext | None,
                                                     CaptureQueriesContext]:
    """The deadline dashboard, and the queries it ran on the replica (when given: capturing
    connects, which a dead replica cannot) and on the primary."""
    capture = CaptureQueriesContext(replica) if replica is not None else contextlib.nullcontext()
    with capture as on_replica, CaptureQueriesContext(connections["default"]) as on_default:
        response = client.get(reverse("reporting:dashboard"))
    assert response.status_code == 200
    return response.content.decode(), on_replica, on_default


@MIRROR_DB
def test_the_dashboard_and_its_lists_read_the_replica(world, mirror, supervisor_client):
    rec = world.served(timezone.localdate())
    page, on_replica, on_default = dashboard(supervisor_client, mirror)
    assert 'data-testid="count-awaiting">1<' in page
    assert queries_on(on_replica, REC_TABLE)  # the figures came from the replica
    assert only_session_and_user(on_default)
    with CaptureQueriesContext(mirror) as on_replica:
        listing = supervisor_client.get(reverse("reporting:deadline-list", args=["awaiting"]))
    assert rec.number in listing.content.decode() and queries_on(on_replica, REC_TABLE)


@MIRROR_DB
def test_the_streamed_csv_export_reads_the_replica_while_it_streams(world, mirror):
    case = world.register_case()
    client = Client()
    client.force_login(world.procurator)
    with CaptureQueriesContext(mirror) as on_replica, \
            CaptureQueriesContext(connections["default"]) as on_default:
        response = client.get(reverse("cases:export", args=["csv"]))
        body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert case.number in body
    case_table = type(case)._meta.db_table
    assert queries_on(on_replica, case_table) and not queries_on(on_default, case_table)


@MIRROR_DB
def test_after_a_write_the_browser_reads_the_primary_until_the_pin_expires(world, mirror,
                                                                          supervisor_client):
    response = supervisor_client.post(reverse("notifications-mark-read"))
    assert response.status_code == 302 and db.PIN_COOKIE in response.cookies
    assert response.cookies[db.PIN_COOKIE]["max-age"] == settings.REPLICA_PIN_SECONDS
    _page, on_replica, on_default = dashboard(supervisor_client, mirror)
    assert not on_replica.captured_queries and queries_on(on_default, REC_TABLE)
    later = timezone.now() + datetime.timedelta(seconds=settings.REPLICA_PIN_SECONDS + 1)
    with time_machine.travel(later, tick=False):  # the cookie's signature has expired
        _page, on_replica, on_default = dashboard(supervisor_client, mirror)
    assert queries_on(on_replica, REC_TABLE) and not queries_on(on_default, REC_TABLE)


@MIRROR_DB
def test_a_failed_write_does_not_pin(world, mirror, supervisor_client):
    # A POST the site refuses (here: a list that does not exist) wrote nothing.
    response = supervisor_client.post(reverse("reporting:deadline-list", args=["nonsense"]))
    assert response.status_code >= 400 and db.PIN_COOKIE not in response.cookies
    _page, on_replica, _on_default = dashboard(supervisor_client, mirror)
    assert queries_on(on_replica, REC_TABLE)


DEAD_REPLICA = {"ENGINE": "django.db.backends.postgresql", "HOST": "127.0.0.1", "PORT": "1",
                "NAME": "nothing", "USER": "nobody", "PASSWORD": "",
                "OPTIONS": {"connect_timeout": 2}}


@MIRROR_DB
def test_an_unreachable_replica_falls_back_to_the_primary(world, supervisor_client):
    with replica_alias(mirror_settings(**DEAD_REPLICA)):
        assert not db.replica_usable()
        _page, _, on_default = dashboard(supervisor_client)
    assert queries_on(on_default, REC_TABLE)


@MIRROR_DB
def test_a_replica_failing_during_the_page_is_retried_on_the_primary(world, supervisor_client,
                                                                   monkeypatch):
    world.served(timezone.localdate())
    with replica_alias(mirror_settings(**DEAD_REPLICA)):
        monkeypatch.setattr(db, "_check", lambda alias: True)  # it looked fine a moment ago
        page, _, on_default = dashboard(supervisor_client)
        assert not db.replica_usable()  # marked down: the next pages do not try it
    assert 'data-testid="count-awaiting">1<' in page and queries_on(on_default, REC_TABLE)


# --- a real PostgreSQL hot standby ----------------------------------------------------------


def wait_for_replay(standby, timeout: float = 30) -> str:
    """Wait until the standby has replayed everything the primary has written so far."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        lsn = cursor.fetchone()[0]
    deadline = time.monotonic() + timeout
    while True:
        with standby.cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
            if cursor.fetchone()[0]:
                return lsn
        if time.monotonic() > deadline:
            pytest.fail(f"the standby did not replay {lsn} within {timeout} s")
        time.sleep(0.05)


@pytest.fixture
def standby():
    """The ``replica`` alias on the real standby's copy of the test database."""
    url = os.environ.get("DATABASE_REPLICA_URL")
    give_up = pytest.fail if os.environ.get("CI") and url else pytest.skip
    if not url:
        pytest.skip("DATABASE_REPLICA_URL is not set (scripts/pg-replica.sh start)")
    if connections["default"].vendor != "postgresql":
        give_up("the replica test needs DATABASE_URL on PostgreSQL")
    parsed = dj_database_url.parse(url)
    try:
        with psycopg.connect(host=parsed["HOST"], port=parsed["PORT"] or 5432,
                             user=parsed["USER"], password=parsed["PASSWORD"] or None,
                             dbname="postgres", connect_timeout=3) as conn:
            in_recovery = conn.execute("SELECT pg_is_in_recovery()").fetchone()[0]
    except psycopg.Error as exc:
        give_up(f"the replica at {parsed['HOST']}:{parsed['PORT']} is unreachable: {exc}")
    if not in_recovery:
        give_up("DATABASE_REPLICA_URL is not a standby (pg_is_in_recovery() is false)")
    test_db = connections["default"].settings_dict["NAME"]
    with replica_alias(mirror_settings(
            HOST=parsed["HOST"], PORT=parsed["PORT"], USER=parsed["USER"],
            PASSWORD=parsed["PASSWORD"], NAME=test_db)) as wrapper:
        yield wrapper


@MIRROR_DB
def test_a_real_standby_serves_the_dashboard_refuses_writes_and_pins_the_writer(
        world, standby, supervisor_client):
    with standby.cursor() as cursor:
        cursor.execute("SELECT current_setting('port'), pg_is_in_recovery(), current_database()")
        port, in_recovery, name = cursor.fetchone()
    assert in_recovery and name == connections["default"].settings_dict["NAME"]
    print(f"\nstandby: port {port}, in recovery, database {name}")

    # 1. Before the write: the standby's copy has no instrument awaiting a reply.
    wait_for_replay(standby)
    page, on_replica, on_default = dashboard(supervisor_client, standby)
    assert 'data-testid="count-awaiting">0<' in page

    # 2. A row committed on the primary (an instrument served today) …
    rec = world.served(timezone.localdate())
    assert Recommendation.objects.using("default").filter(pk=rec.pk).exists()
    lsn = wait_for_replay(standby)
    print(f"written on the primary, replayed on the standby up to {lsn}")

    # … shows on the dashboard, whose figures were read on the standby.
    assert db.replica_usable()
    page, on_replica, on_default = dashboard(supervisor_client, standby)
    assert 'data-testid="count-awaiting">1<' in page
    assert queries_on(on_replica, REC_TABLE) and not queries_on(on_default, REC_TABLE)
    assert only_session_and_user(on_default)
    print(f"dashboard: {len(on_replica.captured_queries)} queries on the standby, "
          f"{len(on_default.captured_queries)} on the primary (session, user)")
    with CaptureQueriesContext(standby) as on_list:
        listing = supervisor_client.get(reverse("reporting:deadline-list", args=["awaiting"]))
    assert rec.number in listing.content.decode() and queries_on(on_list, REC_TABLE)

    # 3. The standby refuses writes.
    with pytest.raises(DatabaseError, match="read-only"):
        Procuratorate.objects.using(REPLICA).create(name="只读", short_name="只读")
    print("a write through the replica alias: refused (read-only transaction)")

    # 4. The user who just wrote reads the primary.
    response = supervisor_client.post(reverse("notifications-mark-read"))
    assert response.status_code == 302 and db.PIN_COOKIE in response.cookies
    page, on_replica, on_default = dashboard(supervisor_client, standby)
    assert 'data-testid="count-awaiting">1<' in page
    assert not on_replica.captured_queries and queries_on(on_default, REC_TABLE)
    print("after the user's own write: 0 queries on the standby, the figures from the primary")
