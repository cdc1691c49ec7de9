"""Fixtures for the tests that cross layers (tests/)."""

from __future__ import annotations

import pytest
from django.db import connections


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Test mirrors (the ``replica`` alias, when ``DATABASE_REPLICA_URL`` is set) in every
    thread, not only this one.

    Django points a TEST MIRROR alias at its primary's test database by changing this thread's
    connection object only (``set_as_test_mirror``); a thread started later — the live server
    of the browser tests — builds its connections from ``DATABASES`` and would read the
    standby's real database. Point those entries at the test database too, for the session.
    """
    mirrored = {}
    for alias in connections:
        mirror = connections.settings[alias].get("TEST", {}).get("MIRROR")
        if mirror:
            mirrored[alias] = connections.settings[alias]
            connections.settings[alias] = connections[mirror].settings_dict
    yield
    for alias, original in mirrored.items():
        connections[alias].close()  # it reads the test database, which is dropped next
        connections.settings[alias] = original
