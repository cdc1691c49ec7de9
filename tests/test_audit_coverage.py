"""Every service that changes state writes an audit entry (issue 15).

``tests/audit_coverage.py`` wraps every write service for the whole session; this test runs
last (root conftest). It builds the demo world through the services too — a year of a
procuratorate's work — and then asserts that every call that changed a row wrote an audit
entry, and, when the whole suite ran, that every write service ran at least once. The figure
is printed for the closing note.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import time_machine

from demo.builder import load_demo_world
from supervision.services.audit import audit_verify
from tests.audit_coverage import EXEMPT
from tests.reference_data import ensure_reference_data

NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_every_write_service_writes_an_audit_entry(db, audit_tracker, capsys):
    ensure_reference_data()  # a transactional test's flush may have emptied it
    with time_machine.travel(NOW, tick=False):
        load_demo_world(today=NOW.date())
    assert audit_verify().ok

    t = audit_tracker
    audited = [name for name in t.services if name not in EXEMPT]
    unaudited = sorted(f"{n}: {t.unaudited[n]} of {t.changed[n]} changing calls"
                       for n in audited if t.unaudited[n])
    never = sorted(n for n in audited if not t.calls[n])
    proven = [n for n in audited if t.changed[n] and not t.unaudited[n]]
    with capsys.disabled():
        print(f"\naudit coverage: {len(proven)} of {len(audited)} write services changed rows "
              f"and wrote an entry on every such call ({sum(t.changed.values())} calls; "
              f"{len(EXEMPT)} exempt; {'whole suite' if t.full_run else 'partial run'})")
        if never:
            print("  not run in this session: " + ", ".join(never))
    assert unaudited == [], "calls that changed rows without an audit entry"
    if t.full_run:
        assert never == [], "write services no test ran"
