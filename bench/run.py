#!/usr/bin/env python
"""Provincial-scale benchmark: build a dedicated PostgreSQL database, then measure.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/run.py

DATABASE_URL names the PostgreSQL *server* (any database on it: it is only used to drop and
create the bench database, ``bench_<N>`` by default). The build drops and recreates that
database, runs ``migrate`` and loads the provincial dataset with set-based SQL (see
bench/README.md); the measurements then print one table and write bench/results/<N>.json.
``--reuse`` measures an existing bench database without rebuilding it; ``--growth`` compares
two result files (3M against 1M by default).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

#: The bench's "today": a working day, so that some due dates fall on it (the real
#: 2026-12-06 is a Sunday, when no due date can fall).
DEFAULT_TODAY = datetime.date(2026, 12, 4)



def _redis_answers(url: str) -> bool:
    try:
        import redis
    except ImportError:
        return False
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except (OSError, redis.RedisError):
        return False

def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/run.py",
        description="Build a provincial-scale PostgreSQL database for the app and measure its "
                    "hot paths against references measured in the same run.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="""examples:
  bench/run.py                              build bench_1000000 (drop + create), then measure
  bench/run.py --instruments 20000          a quick small build
  bench/run.py --reuse                      measure bench_1000000 again, no rebuild
  bench/run.py --reuse --only 1,2,5         just some figures
  bench/run.py --instruments 3000000 --awaiting 150000   3x history, same open workload
  bench/run.py --growth                     cost at 3M / cost at 1M from bench/results/*.json
  bench/run.py --scales 1000000 3000000     build and measure both, then the growth table

figures: 1 instrument list API (supervisor)  2 list API (procurator: page 1, next, deep)
  3 deadline dashboard  4 detail API under load (gunicorn + wrk)  5 idle deadline sweep
  6 sweep finding 100k new events  7 service-receipt PDF  8 case page
DATABASE_URL (the server; e.g. postgres://postgres@127.0.0.1:5432/postgres) is required.""")
    parser.add_argument("--instruments", type=int, default=1_000_000, metavar="N",
                        help="instruments to build (default 1000000); cases, history and the "
                             "timeline scale with it")
    parser.add_argument("--awaiting", type=int, default=None, metavar="A",
                        help="instruments awaiting a reply (default 15%% of N); the other open "
                             "states scale with it, so it fixes the open workload")
    parser.add_argument("--db", default=None, metavar="NAME",
                        help="bench database name (default bench_<N>; must start with bench_)")
    parser.add_argument("--reuse", action="store_true",
                        help="measure an existing bench database; do not rebuild it")
    parser.add_argument("--build-only", action="store_true", help="build, do not measure")
    parser.add_argument("--today", type=datetime.date.fromisoformat, default=None,
                        metavar="YYYY-MM-DD",
                        help=f"the bench's today (default {DEFAULT_TODAY}; with --reuse: the "
                             "one the database was built for)")
    parser.add_argument("--reps", type=int, default=30, metavar="K",
                        help="timed repetitions per figure (default 30)")
    parser.add_argument("--slow-reps", type=int, default=5, metavar="K",
                        help="repetitions of slow figures: the 100k sweep, and any call over "
                             "0.5 s in its warm-up (default 5)")
    parser.add_argument("--only", default="", metavar="1,2,…",
                        help="measure only these figures")
    parser.add_argument("--load-seconds", type=int, default=10, metavar="S",
                        help="duration of each load test of figure 4 (default 10)")
    parser.add_argument("--gunicorn-config", default=None, metavar="PATH",
                        help="figure 4: run gunicorn (app and reference alike) with -c PATH, "
                             "e.g. config/gunicorn.conf.py, still 2 workers (default: plain "
                             "gunicorn --workers 2, sync; gthread workers may keep wrk's "
                             "keep-alive connections on one process, i.e. one core)")
    parser.add_argument("--cache-url", default=os.environ.get("CACHE_URL",
                                                              "redis://127.0.0.1:6379/9"),
                        metavar="URL",
                        help="CACHE_URL for the app: a shared cache and cached sessions, as in "
                             "production (default: $CACHE_URL, else redis://127.0.0.1:6379/9; "
                             "'' for none — local-memory cache, database sessions)")
    parser.add_argument("--explain", action="store_true",
                        help="print EXPLAIN (ANALYZE, BUFFERS) of the slowest queries of figures "
                             "1-3 and 8")
    parser.add_argument("--growth", action="store_true",
                        help="print the growth table from two result files (see --scales)")
    parser.add_argument("--scales", type=int, nargs=2, default=None, metavar=("SMALL", "LARGE"),
                        help="build and measure both scales (unless --growth), then print the "
                             "growth table (default with --growth: 1000000 3000000)")
    parser.add_argument("--results", type=Path, default=RESULTS, metavar="DIR",
                        help="where the JSON results go (default bench/results)")
    return parser.parse_args(argv)


def say(message: str) -> None:
    print(message, flush=True)


# --- the database --------------------------------------------------------------------------

def server_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("DATABASE_URL must name a PostgreSQL server, e.g. "
                         "postgres://postgres@127.0.0.1:5432/postgres")
    return url


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def recreate_database(admin_url: str, name: str) -> None:
    import psycopg

    if not name.startswith("bench_"):
        raise SystemExit(f"refusing to drop {name!r}: bench databases are named bench_*")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


# --- the build -----------------------------------------------------------------------------

def build(args: argparse.Namespace, today: datetime.date) -> dict:
    import dataset
    from django.core.management import call_command

    shape = dataset.Shape(args.instruments, today, args.awaiting)
    say(f"building {args.instruments} instruments ({shape.cases} cases, {shape.awaiting} awaiting "
        f"a reply), today = {today}")
    builder = dataset.Builder(shape, say)
    log: list[dict] = []

    def step(label, fn):
        dataset.timed(label, fn, log, say)

    started = time.perf_counter()
    step("migrate", lambda: call_command("migrate", verbosity=0) or "")
    builder.session()
    for label, fn in (("defer indexes", builder.drop_indexes),
                      ("organisation", builder.organisation),
                      ("calendar, pick tables", builder.pick_tables),
                      ("case plan", builder.case_plan),
                      ("instrument plan", builder.instrument_plan),
                      ("instrument rows", builder.instrument_rows),
                      ("cases", builder.cases),
                      ("instruments", builder.instruments),
                      ("replies, deadlines, …", builder.instrument_children),
                      ("clue transfers", builder.transfers),
                      ("timeline (audit)", builder.timeline),
                      ("deadline events", builder.deadline_events),
                      ("counters, sequences", builder.counters)):
        step(label, fn)
    builder.drop_plan_tables()
    step("indexes, foreign keys", builder.restore_indexes)
    step("VACUUM ANALYZE", builder.vacuum)
    sweep = {}
    step("today's sweep (the app's)", lambda: sweep_today(today, sweep))
    total = time.perf_counter() - started
    say(f"  {'total':<28} {total:8.1f} s")
    builder.save_info({"instruments": args.instruments, "awaiting": shape.awaiting,
                       "cases": shape.cases, "today": today.isoformat(),
                       "built_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                       "build_seconds": round(total, 1)})
    return {"steps": log, "seconds": round(total, 1), "sweep_today": sweep,
            "warnings": list(dataset.warnings), "built_at": dataset.read_info()["built_at"]}


def sweep_today(today: datetime.date, out: dict) -> str:
    """The app's own sweep for today, on data swept every day up to yesterday: it writes the
    events firing today. Then they are marked delivered, and a second sweep must find none."""
    import dataset
    import time_machine

    from recommendations.services.sweep import sweep_deadlines

    with time_machine.travel(bench_moment(today, 17), tick=True):
        start = time.perf_counter()
        found = sweep_deadlines(today)
        seconds = time.perf_counter() - start
        dataset.sql("UPDATE recommendations_deadlineevent SET delivered_at = created_at"
                    " + interval '2 minutes' WHERE delivered_at IS NULL")
        again = sweep_deadlines(today)
    dataset.sql("VACUUM ANALYZE recommendations_deadlineevent")
    out.update(found=found, seconds=round(seconds, 3), second_run_found=again)
    note = f"{found} events firing today in {seconds:.2f} s; a second sweep found {again}"
    if again:
        note += "  (NOT idle!)"
    return note


def migrate_reused() -> None:
    """Apply the migrations written since the bench database was built (a migration edited in
    place is not seen: rebuild then)."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        say("applying migrations newer than the bench database: "
            + ", ".join(f"{m.app_label}.{m.name}" for m, _backwards in plan))
        start = time.perf_counter()
        call_command("migrate", verbosity=0)
        say(f"  migrate {time.perf_counter() - start:.1f} s")


def bench_moment(today: datetime.date, hour: int) -> datetime.datetime:
    from zoneinfo import ZoneInfo

    return datetime.datetime.combine(today, datetime.time(hour), ZoneInfo("Asia/Shanghai"))


def print_counts() -> dict:
    import dataset

    counts = dataset.table_counts()
    say("row counts:")
    for table, n in counts.items():
        say(f"  {table:<42} {n:>12,}")
    statuses = dataset.status_counts()
    say("  instruments by status: " + ", ".join(f"{s} {n:,}" for s, n in statuses.items()))
    return {"tables": counts, "instrument_statuses": statuses}


# --- machine description -----------------------------------------------------------------------

def machine() -> dict:
    import dataset

    info = {"python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count()}
    try:
        with open("/proc/meminfo") as f:
            info["memory_gb"] = round(int(f.readline().split()[1]) / 1024 / 1024, 1)
        with open("/proc/cpuinfo") as f:
            model = next((line.split(":", 1)[1].strip() for line in f if "model name" in line), "")
        info["cpu"] = model
    except OSError:
        pass
    info["postgresql"] = dataset.scalar("SHOW server_version")
    info["pg_settings"] = {name: dataset.scalar(f"SHOW {name}") for name in (
        "shared_buffers", "work_mem", "effective_cache_size", "random_page_cost", "jit")}
    try:
        def git(*args: str) -> str:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                                  check=False).stdout
        info["git_commit"] = git("rev-parse", "--short", "HEAD").strip()
        # the working tree may differ from the commit: say how, so results can be matched
        diff = git("diff", "HEAD")
        info["git_uncommitted_files"] = len(git("status", "--porcelain").splitlines())
        info["git_diff_sha1"] = hashlib.sha1(diff.encode()).hexdigest()[:12]
    except OSError:
        pass
    return info


# --- growth ----------------------------------------------------------------------------------

def growth(results: Path, small: int, large: int) -> None:
    import measure

    files = [results / f"{n}.json" for n in (small, large)]
    missing = [str(f) for f in files if not f.exists()]
    if missing:
        raise SystemExit("missing " + ", ".join(missing) + ": run bench/run.py --instruments N "
                         "for each scale first")
    a, b = (json.loads(f.read_text()) for f in files)
    measure.print_growth(a, b)


# --- main ------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.growth:
        small, large = args.scales or (1_000_000, 3_000_000)
        growth(args.results, small, large)
        return
    if args.scales:
        for n in args.scales:
            extra = [a for a in (argv if argv is not None else sys.argv[1:])]
            extra = _without(extra, "--scales", 2)
            cmd = [sys.executable, str(Path(__file__).resolve()), "--instruments", str(n), *extra]
            say("$ " + " ".join(cmd))
            subprocess.run(cmd, check=True)
        growth(args.results, *args.scales)
        return

    admin = server_url()
    name = args.db or f"bench_{args.instruments}"
    if not name.startswith("bench_"):
        raise SystemExit("--db must start with bench_")
    os.environ["DATABASE_URL"] = with_database(admin, name)
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DB_CONN_MAX_AGE", "60")   # production's default (docker-compose.yml)
    os.environ.setdefault("VAR_DIR", "/tmp/var-bench")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # The production shape (docker-compose.yml): Redis as the cache, sessions read from it.
    if args.cache_url and not _redis_answers(args.cache_url):
        print(f"note: no Redis at {args.cache_url}: sessions are read from PostgreSQL",
              flush=True)
        args.cache_url = ""
    if args.cache_url:
        os.environ["CACHE_URL"] = args.cache_url
    else:
        os.environ.pop("CACHE_URL", None)
    if not args.reuse:
        say(f"database {name}: drop and create")
        recreate_database(admin, name)

    import warnings

    import django

    # whitenoise: the bench never runs collectstatic (static files are not measured)
    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    import dataset

    result: dict = {"instruments": args.instruments, "database": name}
    if args.reuse:
        info = dataset.read_info()
        if not info:
            raise SystemExit(f"{name} is not a finished bench database: build it (drop --reuse)")
        migrate_reused()
        today = args.today or datetime.date.fromisoformat(info["today"])
        result["instruments"] = int(info["instruments"])
        result["awaiting"] = int(info["awaiting"])
        result["build"] = {"reused": True, "built_at": info.get("built_at"),
                           "seconds": float(info.get("build_seconds", 0))}
    else:
        today = args.today or DEFAULT_TODAY
        result["build"] = build(args, today)
        result["awaiting"] = int(dataset.read_info()["awaiting"])
    result["today"] = today.isoformat()
    result["counts"] = print_counts()
    result["machine"] = machine()
    result["machine"]["cache_url"] = args.cache_url or "(none: local memory, database sessions)"
    if not args.build_only:
        import measure

        only = {int(x) for x in args.only.split(",") if x.strip()}
        result["figures"], result["notes"] = measure.run_all(
            today=today, reps=args.reps, slow_reps=args.slow_reps, only=only,
            load_seconds=args.load_seconds, explain=args.explain, say=say,
            gunicorn_config=args.gunicorn_config)
        measure.print_table(result["figures"], say)
    args.results.mkdir(parents=True, exist_ok=True)
    out = args.results / f"{result['instruments']}.json"
    previous = json.loads(out.read_text()) if out.exists() else {}
    if previous.get("build", {}).get("built_at") == dataset.read_info().get("built_at"):
        # the same database: keep the build's steps, and the figures not measured now
        if result["build"].get("reused"):
            result["build"] = {**previous["build"], "reused": True}
        if args.only or args.build_only:
            kept = [f for f in previous.get("figures", [])
                    if f["figure"] not in {g["figure"] for g in result.get("figures", [])}]
            result["figures"] = sorted(kept + result.get("figures", []), key=lambda f: f["key"])
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n")
    say(f"results written to {out}")


def _without(argv: list[str], flag: str, values: int) -> list[str]:
    out, skip = [], 0
    for a in argv:
        if skip:
            skip -= 1
            continue
        if a == flag:
            skip = values
            continue
        out.append(a)
    return out


if __name__ == "__main__":
    main()
