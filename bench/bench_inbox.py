"""Benchmark: the liaison's inbox (issue 8) for an agency with N instruments.

    VAR_DIR=/tmp/bench-var .venv/bin/python bench/bench_inbox.py [N]

Builds a throwaway database under VAR_DIR (or uses DATABASE_URL), bulk-inserts N instruments
addressed to one court, spread over every state a liaison sees (and as many addressed to
another agency, which the inbox must leave out), then renders the inbox page as the court's
liaison through the whole stack (middleware, templates) for the default to-do tab, every
bucket, a search, a filter and a deep page, and prints milliseconds (best of 5) and queries
for each. Not run by the tests; the query count is pinned in tests/test_query_counts.py.
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

django.setup()

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment

STATES = ["issued", "awaiting_reply", "awaiting_reply", "awaiting_reply", "under_review",
          "replied", "rectification_pending", "follow_up", "closed", "closed", "withdrawn"]


def main(n: int) -> None:
    setup_test_environment()  # allows the test client's host
    call_command("migrate", verbosity=0)
    from cases.services import case_register
    from recommendations.models import InstrumentType, Recommendation
    from supervision.models import Matter, User
    from tests.world import build_world

    Recommendation.objects.filter(number__startswith="bench-").delete()
    world_user = User.objects.filter(username="procurator").first()
    if world_user is None:
        build_world()
    procurator = User.objects.get(username="procurator")
    liaison = User.objects.get(username="court_liaison")
    matter = Matter.objects.filter(children__isnull=True).first()
    itype = InstrumentType.objects.get(code="recommendation")
    today = datetime.date.today()
    cases = {agency.pk: case_register(actor=procurator, matter=matter, agency=agency,
                                      title="bench", summary="bench")
             for agency in (liaison.agency, User.objects.get(username="police_liaison").agency)}

    def rows(agency_id: int, prefix: str) -> list:
        return [Recommendation(
            case=cases[agency_id], procuratorate_id=cases[agency_id].procuratorate_id,
            instrument_type=itype, agency_id=agency_id,
            title=f"关于规范第{i}项工作的检察建议", body="bench", status=STATES[i % len(STATES)],
            drafted_by=procurator, number=f"bench-{prefix}〔2026〕{i}号",
            issued_on=today - datetime.timedelta(days=i % 300),
            served_on=today - datetime.timedelta(days=i % 300), service_method="direct",
            due_date=today + datetime.timedelta(days=(i % 121) - 60)) for i in range(n)]

    mixed = [row for pair in zip(rows(liaison.agency_id, "court"), rows(
        next(pk for pk in cases if pk != liaison.agency_id), "police")) for row in pair]
    Recommendation.objects.bulk_create(mixed, batch_size=1000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    client = Client()
    client.force_login(liaison)
    cases_to_time = [("to-do (default)", {}), *[(f"bucket {b}", {"bucket": b}) for b in (
        "new", "awaiting", "overdue", "replied", "closed", "all")],
        ("search 第12", {"q": "第12", "bucket": "all"}),
        ("type filter", {"type": itype.pk, "bucket": "all"}),
        ("page 40 of all", {"bucket": "all", "page": 40})]
    print(f"{n} instruments to the court (+{n} to the police), {connection.vendor}")
    for label, params in cases_to_time:
        client.get("/portal/", params)  # warm
        best, queries = float("inf"), 0
        for _ in range(5):
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                response = client.get("/portal/", params)
                best = min(best, time.perf_counter() - start)
            queries = len(ctx.captured_queries)
            assert response.status_code == 200
        print(f"  {label:<20} {best * 1000:7.1f} ms  {queries} queries")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
