"""Fixtures shared by every test: the persona world and an output folder for artefacts."""

from __future__ import annotations

import pathlib

import pytest

from tests.reference_data import ensure_reference_data
from tests.world import World, build_world


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
