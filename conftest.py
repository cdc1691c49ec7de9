"""Fixtures shared by every test: the persona world and an output folder for artefacts."""

from __future__ import annotations

import os
import pathlib

import pytest

from tests.reference_data import ensure_reference_data
from tests.world import World, build_world


def _flush_past_the_audit_trigger() -> None:
    """A transactional test ends with ``flush``, a TRUNCATE of every table; on PostgreSQL the
    audit table refuses TRUNCATE (supervision/models/audit.py), so the test database's flush
    runs with that one trigger ignored — the only place anything does."""
    from django.core.management.commands import flush

    original = flush.Command.handle

    def handle(self, *args, **options):
        import pgtrigger

        with pgtrigger.ignore("supervision.AuditEntry:audit_no_truncate"):
            return original(self, *args, **options)

    flush.Command.handle = handle


_flush_past_the_audit_trigger()


@pytest.fixture(scope="session", autouse=True)
def audit_tracker(request):
    """Counts every write service's calls for the whole session (tests/audit_coverage.py)."""
    from tests.audit_coverage import Tracker, write_services

    tracker = Tracker(write_services())
    config = request.config
    tracker.full_run = (config.args_source == pytest.Config.ArgsSource.TESTPATHS
                        and not config.option.keyword and not config.option.markexpr
                        and not config.option.deselect)
    with pytest.MonkeyPatch.context() as monkeypatch:
        tracker.install(monkeypatch)
        yield tracker


def pytest_collection_modifyitems(config, items):
    """The audit-coverage check runs last, on what the whole session called. A check marked
    ``once`` is skipped, saying why, where ``RUN_ONCE_CHECKS=0`` (.ci/run's second run)."""
    last = [item for item in items if item.nodeid.startswith("tests/test_audit_coverage.py")]
    items[:] = [item for item in items if item not in last] + last
    if os.environ.get("RUN_ONCE_CHECKS") == "0":
        skip = pytest.mark.skip(reason="database-independent; .ci/run runs it in the embedded run")
        for item in items:
            if item.get_closest_marker("once"):
                item.add_marker(skip)


@pytest.fixture
def world(db) -> World:
    ensure_reference_data()
    return build_world()


@pytest.fixture
def output_dir(request) -> pathlib.Path:
    """test-results/<test name>/ — screenshots and files a test saves for people to look at."""
    path = pathlib.Path(__file__).parent / "test-results" / request.node.name.replace("/", "_")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(autouse=True)
def _force_login_gives_the_second_factor(monkeypatch) -> None:
    """``client.force_login(user)`` signs in as the user really would: with a verified second
    factor for everyone who must give one (a real authenticator, created for them). A test of
    the password-only state uses ``tests.two_factor.password_only_login``."""
    from django.test import Client

    from tests.two_factor import force_login_verified

    monkeypatch.setattr(Client, "force_login", force_login_verified)


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    # PBKDF2 costs ~0.2 s a user; the persona world creates a dozen.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts and ends in the default language: ``LocaleMiddleware`` activates a
    request's language on the thread and leaves it there, so a test that asked for English
    would otherwise change what the next test's messages say."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a rolled-back test leaves its rows' ids free for
    the next test's (SQLite reuses them), and a cached answer must not outlive its rows."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def duty_flows():
    """The test flows of the agencies' duties (tests/duty_flows.py), alone in the registry for
    the test: the shared pages' counts and query numbers do not depend on the project's flows."""
    from duties.registry import registered
    from tests.duty_flows import TEST_FLOWS

    with registered(*TEST_FLOWS, alone=True) as flows:
        yield flows


@pytest.fixture
def no_duty_flows():
    """No flow of the agencies' duties registered, for the test."""
    from duties.registry import registered

    with registered(alone=True) as flows:
        yield flows
