"""Benchmark: one deadline sweep over N instruments awaiting a reply, and its query plans.

    VAR_DIR=/tmp/bench-var .venv/bin/python bench/bench_sweep.py [N] [--explain]

Builds a throwaway database under VAR_DIR (or uses DATABASE_URL), bulk-inserts N awaiting
instruments with due dates spread over ±60 days, as many closed ones interleaved with them
(which the partial index ``rec_awaiting_due_idx`` leaves out), and internal deadlines for every
second awaiting instrument, half of them closed (``internal_deadline_open_idx`` leaves those
out); then times the sweep (set-based: a fixed number of queries whatever N is) and prints
queries, events and seconds. With ``--explain`` on PostgreSQL it prints ``EXPLAIN (ANALYZE,
BUFFERS)`` of every SELECT the sweep runs (tables vacuumed and analysed first), on the first
sweep (no events yet) and on the steady state (every event already written). Not run by the tests.
"""

from __future__ import annotations

import datetime
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("VAR_DIR", "/tmp/bench-var")

import django
import django.utils.timezone

django.setup()

from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext


class _Rollback(Exception):
    pass


def sweep_selects(sweep, today: datetime.date) -> list[tuple[str, tuple]]:
    """The SELECTs one sweep runs, captured inside a transaction that is rolled back."""
    with CaptureQueriesContext(connection) as ctx:
        try:
            with transaction.atomic():
                sweep(today)
                raise _Rollback
        except _Rollback:
            pass
    selects = []
    for query in ctx.captured_queries:
        sql = query["sql"]
        if sql.lstrip().upper().startswith("SELECT") and "deadlineevent" in sql:
            selects.append(sql)
    return selects


def explain(label: str, selects: list[str]) -> None:
    print(f"\n===== {label}: {len(selects)} SELECT(s) =====")
    with connection.cursor() as cursor:
        for sql in selects:
            print("\n-- " + sql[:400] + (" …" if len(sql) > 400 else ""))
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING ON) " + sql)
            for (line,) in cursor.fetchall():
                print(line)


def analyze(command: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(command)


def main(n: int, show_plans: bool) -> None:
    call_command("migrate", verbosity=0)
    from agencies.models import Agency
    from cases.models import SupervisionCase
    from cases.services import case_register
    from recommendations.models import (
        DeadlineEvent,
        InstrumentType,
        InternalDeadline,
        Recommendation,
    )
    from recommendations.services.sweep import sweep_deadlines
    from supervision.models import Matter, User
    from tests.world import build_world

    Recommendation.objects.filter(number__startswith="bench-").delete()
    procurator = User.objects.filter(username="procurator").first() or build_world().procurator
    case = SupervisionCase.objects.first() or case_register(
        actor=procurator, matter=Matter.objects.filter(children__isnull=True).first(),
        agency=Agency.objects.first(), title="bench", summary="bench")
    itype = InstrumentType.objects.get(code="recommendation")
    today = datetime.date.today()

    def rows(prefix: str, status: str, count: int) -> list:
        return [Recommendation(
            case=case, procuratorate_id=case.procuratorate_id, instrument_type=itype,
            agency=case.agency, title="bench", body="bench",
            status=status, drafted_by=procurator, number=f"bench-{prefix}{i}",
            served_on=today - datetime.timedelta(days=60), service_method="direct",
            due_date=today + datetime.timedelta(days=(i % 121) - 60)) for i in range(count)]

    # Interleaved, as years of real use leave them: awaiting rows are not stored together.
    mixed = [row for pair in zip(rows("a", "awaiting_reply", n), rows("c", "closed", n))
             for row in pair]
    Recommendation.objects.bulk_create(mixed, batch_size=1000)
    awaiting = list(Recommendation.objects.filter(number__startswith="bench-a")
                    .values_list("pk", "due_date", "procuratorate_id"))
    # One open internal deadline per fourth awaiting instrument, and as many closed ones.
    InternalDeadline.objects.bulk_create([
        InternalDeadline(recommendation_id=pk, procuratorate_id=proc, kind=kind, start=due,
                         due_date=due, responsible=procurator, closed_at=closed)
        for i, (pk, due, proc) in enumerate(awaiting[::2])
        for kind, closed in [("evaluation" if i % 2 else "verification",
                              None if i % 2 else django.utils.timezone.now())]],
        batch_size=1000)
    DeadlineEvent.objects.all().delete()
    analyze("VACUUM ANALYZE")
    if show_plans and connection.vendor == "postgresql":
        explain("first sweep (no events yet)", sweep_selects(sweep_deadlines, today))
    internal = InternalDeadline.objects.running().count()
    for label in ("first sweep", "second sweep"):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            found = sweep_deadlines(today)
            seconds = time.perf_counter() - start
        print(f"{label}: {n} awaiting (+{n} closed), {internal} open internal deadlines, "
              f"{found} new events, {len(ctx.captured_queries)} queries, "
              f"{seconds * 1000:.0f} ms ({connection.vendor})")
        analyze("ANALYZE")  # what autovacuum does after a bulk insert
    if show_plans and connection.vendor == "postgresql":
        explain("steady state (every event already written)", sweep_selects(sweep_deadlines, today))


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(int(args[0]) if args else 20000, "--explain" in sys.argv)
