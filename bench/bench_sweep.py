"""Benchmark: one deadline sweep over N instruments awaiting a reply, and its delivery.

    VAR_DIR=/tmp/bench-var .venv/bin/python bench/bench_sweep.py [N]

Builds a throwaway database under VAR_DIR (or uses DATABASE_URL), bulk-inserts N awaiting
instruments with due dates spread over ±60 days, then times the sweep (set-based: a fixed
number of queries whatever N is) and prints queries, events and seconds. Not run by the tests.
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

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def main(n: int) -> None:
    call_command("migrate", verbosity=0)
    from agencies.models import Agency
    from cases.models import SupervisionCase
    from cases.services import case_register
    from recommendations.models import DeadlineEvent, InstrumentType, Recommendation
    from recommendations.sweep import sweep_deadlines
    from supervision.models import Matter, User
    from tests.world import build_world

    Recommendation.objects.filter(number__startswith="bench-").delete()
    procurator = User.objects.filter(username="procurator").first() or build_world().procurator
    case = SupervisionCase.objects.first() or case_register(
        actor=procurator, matter=Matter.objects.filter(children__isnull=True).first(),
        agency=Agency.objects.first(), title="bench", summary="bench")
    itype = InstrumentType.objects.get(code="recommendation")
    today = datetime.date.today()
    Recommendation.objects.bulk_create([
        Recommendation(case=case, instrument_type=itype, agency=case.agency, title="bench",
                       body="bench", status="awaiting_reply", drafted_by=procurator,
                       number=f"bench-{i}", due_date=today + datetime.timedelta(days=(i % 121) - 60))
        for i in range(n)], batch_size=1000)
    DeadlineEvent.objects.all().delete()
    for label in ("first sweep", "second sweep"):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            found = sweep_deadlines(today)
            seconds = time.perf_counter() - start
        print(f"{label}: {n} awaiting, {found} new events, {len(ctx.captured_queries)} queries, "
              f"{seconds * 1000:.0f} ms ({connection.vendor})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20000)
