"""The figures of bench/run.py, each measured against a reference in the same run.

Every figure is warmed up, then timed ``reps`` times (wall clock around the call, no query
capture), and its SQL queries are counted on one more call under ``CaptureQueriesContext``.
In-process figures use ``django.test.Client`` with ``force_login`` (the session names
``supervision.auth.UserBackend``, as a password login does) and run at the bench's "today"
(``time_machine``, 18:00 Asia/Shanghai, after the build's sweep of that day).
"""

from __future__ import annotations

import base64
import datetime
import json
import math
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import dataset
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
BACKEND = "supervision.auth.UserBackend"
LIST_URL = "/api/recommendations/"
PAGE = 50
NEWLY_DUE_TARGET = 100_000


# --- results -----------------------------------------------------------------------------------

@dataclass
class Result:
    key: str            # "1", "2a" …: the row of the table
    figure: int
    label: str
    unit: str           # "ms" or "req/s"
    median: float | None
    p95: float | None
    queries: int | None
    ref_label: str
    ref_median: float | None
    ref_p95: float | None
    goal: str
    hit: bool | None
    ratio: float | None = None   # cost ours / cost reference (medians)
    note: str = ""
    samples: list[float] = field(default_factory=list)
    loadavg: float | None = None  # the machine's 1-minute load average when it started


def pct(samples: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def summary(samples: list[float]) -> tuple[float, float]:
    return statistics.median(samples), pct(samples, 0.95)


#: A call slower than this (in its first warm-up) is repeated only ``slow_reps`` times.
SLOW_MS = 500
_slow_reps = 5


def time_calls(fn: Callable[[], object], reps: int, warmup: int = 3) -> list[float]:
    """``reps`` wall-clock timings (ms) of ``fn`` after ``warmup`` calls; a slow ``fn`` (its
    first call over SLOW_MS) gets one warm-up and ``--slow-reps`` timings instead."""
    start = time.perf_counter()
    fn()
    if (time.perf_counter() - start) * 1000 > SLOW_MS:
        warmup, reps = 1, min(reps, _slow_reps)
    for _ in range(warmup - 1):
        fn()
    samples = []
    for _ in range(reps):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def ms_result(key: str, figure: int, label: str, samples: list[float], queries: int | None,
              ref_label: str, ref: list[float] | None, goal_ms: float, *,
              max_ratio: float | None = None, note: str = "") -> Result:
    median, p95 = summary(samples)
    ref_median, ref_p95 = summary(ref) if ref else (None, None)
    ratio = median / ref_median if ref_median else None
    hit = p95 <= goal_ms and (max_ratio is None or (ratio is not None and ratio <= max_ratio))
    goal = f"p95 ≤ {goal_ms:g} ms" + (f", ≤ {max_ratio:g}× ref" if max_ratio else "")
    return Result(key, figure, label, "ms", round(median, 2), round(p95, 2), queries, ref_label,
                  _r(ref_median), _r(ref_p95), goal, hit, _r(ratio), note,
                  [round(s, 2) for s in samples])


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


# --- context -------------------------------------------------------------------------------------

class Bench:
    def __init__(self, today: datetime.date, reps: int, slow_reps: int, explain: bool,
                 say: Callable[[str], None]) -> None:
        from supervision.models import User

        self.today = today
        self.reps = reps
        self.slow_reps = slow_reps
        self.explain = explain
        self.say = say
        self.info = dataset.read_info()
        global _slow_reps
        _slow_reps = slow_reps
        self.users = {role: User.objects.select_related("procuratorate").get(username=name)
                      for role, name in dataset.KNOWN_USERS.items()}
        self.clients: dict[str, Client] = {}
        self.notes: list[str] = []

    def client(self, role: str) -> Client:
        if role not in self.clients:
            from tests.two_factor import force_login_verified

            client = Client()
            # Signed in as production signs people in: with the second factor verified
            # (supervision/two_factor.py), so every page pays its middleware's check.
            force_login_verified(client, self.users[role], backend=BACKEND)
            self.clients[role] = client
        return self.clients[role]

    def get(self, role: str, url: str, status: int = 200):
        response = self.client(role).get(url)
        if response.status_code != status:
            raise SystemExit(f"GET {url} as {role}: {response.status_code}, expected {status}")
        return response

    # ---- timing a request ---------------------------------------------------------------
    def request(self, role: str, url: str) -> tuple[list[float], list[dict]]:
        """``reps`` timed GETs (after warm-up) and the queries of one more."""
        client = self.client(role)

        def call() -> None:
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"GET {url} as {role}: {response.status_code}")
        samples = time_calls(call, self.reps)
        with CaptureQueriesContext(connection) as captured:
            call()
        return samples, captured.captured_queries

    def replay(self, queries: list[dict]) -> tuple[list[float], int]:
        """The view's SELECTs, re-executed with a raw cursor: ``reps`` timings of the lot."""
        selects = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))]

        def run() -> None:
            with connection.cursor() as cursor:
                for statement in selects:
                    cursor.execute(statement)
                    cursor.fetchall()
        return time_calls(run, self.reps), len(selects)

    def sql_samples(self, statement: str, reps: int | None = None) -> list[float]:
        def run() -> None:
            with connection.cursor() as cursor:
                cursor.execute(statement)
                cursor.fetchall()
        return time_calls(run, reps or self.reps)

    def explain_slowest(self, label: str, queries: list[dict], top: int = 2) -> None:
        if not self.explain:
            return
        timed = []
        for q in queries:
            statement = q["sql"]
            if not statement.lstrip().upper().startswith("SELECT"):
                continue
            timed.append((min(self.sql_samples(statement, 3)), statement))
        timed.sort(reverse=True)
        for ms, statement in timed[:top]:
            self.say(f"\n--- EXPLAIN {label}: {ms:.1f} ms\n{statement}")
            for (line,) in dataset.rows("EXPLAIN (ANALYZE, BUFFERS) " + statement):
                self.say("    " + line)


@contextmanager
def bench_clock(today: datetime.date, hour: int = 18):
    from zoneinfo import ZoneInfo

    import time_machine

    moment = datetime.datetime.combine(today, datetime.time(hour), ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(moment, tick=True):
        yield


# --- figures 1 and 2: the instrument list API ------------------------------------------------

def keyset_reference(bench: Bench, first_id: int) -> list[float]:
    return bench.sql_samples(f"SELECT * FROM recommendations_recommendation WHERE id < {first_id + 1}"
                             f" ORDER BY id DESC LIMIT {PAGE}")


def list_page(bench: Bench, key: str, figure: int, role: str, label: str, url: str,
              note: str = "") -> Result:
    data = bench.get(role, url).json()
    results = data.get("results") or []
    if not results:
        raise SystemExit(f"{url} as {role}: empty page")
    samples, queries = bench.request(role, url)
    ref = keyset_reference(bench, results[0]["id"])
    bench.explain_slowest(label, queries)
    return ms_result(key, figure, label, samples, len(queries),
                     f"keyset SQL id < {results[0]['id'] + 1} LIMIT {PAGE}", ref, 100, note=note)


def pagination_mode(data: dict) -> tuple[str, str]:
    """("cursor", param) or ("page", "page") from a list response's ``next`` link."""
    nxt = data.get("next")
    if not nxt:
        return "none", ""
    params = parse_qs(urlsplit(nxt).query)
    if "page" in params:
        return "page", "page"
    for name, values in params.items():
        try:
            decoded = base64.b64decode(values[0].encode()).decode()
        except (ValueError, UnicodeDecodeError):
            continue
        if "p=" in decoded or "o=" in decoded:
            return "cursor", name
    return "unknown", ""


def relative(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")


def figure_1(bench: Bench) -> list[Result]:
    return [list_page(bench, "1", 1, "province", "list API, provincial supervisor, page 1", LIST_URL)]


def figure_2(bench: Bench) -> list[Result]:
    from recommendations.permissions import recommendations_visible_to

    role = "procurator"
    data = bench.get(role, LIST_URL).json()
    mode, param = pagination_mode(data)
    out = [list_page(bench, "2a", 2, role, "list API, district procurator, page 1", LIST_URL,
                     note=f"pagination: {mode}")]
    if not data.get("next"):
        return out
    out.append(list_page(bench, "2b", 2, role, "list API, district procurator, page 2 (next)",
                         relative(data["next"])))
    if mode == "page":
        deep, where = f"{LIST_URL}?page=last", "?page=last"
    elif mode == "cursor":
        user = bench.users[role]
        visible = recommendations_visible_to(user).order_by("pk").values_list("pk", flat=True)
        position = visible[min(2 * PAGE - 1, visible.count() - 1)]
        cursor = base64.b64encode(f"p={position}".encode()).decode()
        deep, where = f"{LIST_URL}?{param}={quote(cursor)}", f"cursor p={position}"
    else:
        bench.notes.append(f"figure 2: unknown pagination in {data.get('next')}: no deep page")
        return out
    out.append(list_page(bench, "2c", 2, role, "list API, district procurator, deepest page",
                         deep, note=where))
    return out


# --- figure 3: the deadline dashboard -----------------------------------------------------------

def figure_3(bench: Bench) -> list[Result]:
    from django.urls import reverse

    url = reverse("reporting:dashboard")
    out = []
    for key, role, who in (("3a", "province", "provincial supervisor"),
                           ("3b", "procurator", "district procurator")):
        bench.get(role, url)
        samples, queries = bench.request(role, url)
        ref, n = bench.replay(queries)
        bench.explain_slowest(f"dashboard ({who})", queries)
        out.append(ms_result(key, 3, f"deadline dashboard, {who}", samples, len(queries),
                             f"its {n} SELECTs replayed", ref, 150))
    return out


# --- figure 4: the detail API under load ---------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


#: ``--gunicorn-config``: a gunicorn config file for figure 4 (None: plain sync workers).
GUNICORN_CONFIG: str | None = None


@contextmanager
def gunicorn(app: str, chdir: Path, **extra_env: str):
    port = free_port()
    exe = Path(sys.executable).with_name("gunicorn")
    # 2 sync workers, as the issue measured, for the app and the hello-world reference alike.
    # (The production config's gthread workers keep wrk's 8 keep-alive connections on one
    # process — one core — so they would understate both.)
    env = dict(os.environ, **extra_env)
    cmd = [str(exe), app, "--workers", "2", "--bind", f"127.0.0.1:{port}", "--chdir", str(chdir),
           "--log-level", "warning"]
    if GUNICORN_CONFIG:  # --gunicorn-config: that file's worker class and threads, 2 workers
        cmd[2:2] = ["-c", str((ROOT / GUNICORN_CONFIG).resolve())]
        cmd += ["--access-logfile", "/dev/null"]
        env.update(GUNICORN_WORKERS="2", PYTHONPATH=str(ROOT), PROMETHEUS_MULTIPROC_DIR=str(
            Path(env.get("VAR_DIR", "/tmp")) / f"prometheus-{port}"))
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.time() + 60
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"gunicorn exited: {proc.stderr.read().decode()[-2000:]}")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except urllib.error.HTTPError:
                break  # it answers
            except OSError:
                if time.time() > deadline:
                    raise SystemExit("gunicorn did not answer within 60 s") from None
                time.sleep(0.3)
        yield port
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


WRK_SCRIPT = """
local paths = {%s}
local cookie = "%s"
local i = 0
request = function()
  i = i + 1
  local headers = {}
  if cookie ~= "" then headers["Cookie"] = cookie end
  return wrk.format("GET", paths[(i %% #paths) + 1], headers)
end
"""


def wrk_run(port: int, paths: list[str], cookie: str, seconds: int,
            connections: int = 8) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(WRK_SCRIPT % (", ".join(json.dumps(p) for p in paths), cookie))
        script = f.name
    try:
        out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency",
                              "-s", script, f"http://127.0.0.1:{port}"],
                             capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*", out)
    lat = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.MULTILINE))
    return {"rps": rps, "non_2xx": int(bad.group(1)) if bad else 0, "p50": lat.get("50"),
            "p99": lat.get("99"), "socket_errors": errors.group(0) if errors else ""}


def _python_worker(args: tuple) -> tuple[int, int]:
    import http.client

    port, paths, cookie, seconds = args
    ok = bad = 0
    end = time.time() + seconds
    i = 0
    while time.time() < end:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", paths[i % len(paths)], headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        response.read()
        conn.close()
        ok, bad = (ok + 1, bad) if response.status < 400 else (ok, bad + 1)
        i += 1
    return ok, bad


def python_run(port: int, paths: list[str], cookie: str, seconds: int,
               connections: int = 8) -> dict:
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(connections) as pool:
        start = time.perf_counter()
        parts = pool.map(_python_worker, [(port, paths[i::connections] or paths, cookie, seconds)
                                          for i in range(connections)])
        elapsed = time.perf_counter() - start
    ok = sum(p[0] for p in parts)
    return {"rps": ok / max(elapsed, seconds), "non_2xx": sum(p[1] for p in parts),
            "p50": None, "p99": None, "socket_errors": ""}


def load(port: int, paths: list[str], cookie: str, seconds: int, runs: int) -> list[dict]:
    runner = wrk_run if shutil.which("wrk") else python_run
    runner(port, paths, cookie, 2)  # warm-up: every worker imported, connected, cached
    return [runner(port, paths, cookie, seconds) for _ in range(runs)]


def figure_4(bench: Bench, cookies: dict[str, str], load_seconds: int, runs: int = 3) -> list[Result]:
    from django.core.cache import cache

    from recommendations.permissions import recommendations_visible_to

    tool = "wrk -t2 -c8" if shutil.which("wrk") else "Python client, 8 processes"
    if not shutil.which("wrk"):
        bench.say("  wrk not found (Debian: apt-get install wrk): figure 4 uses the slower "
                  "multi-process Python client instead")
    server = (f"gunicorn -c {GUNICORN_CONFIG}, 2 workers" if GUNICORN_CONFIG
              else "gunicorn --workers 2 (sync)")
    bench.notes.append(f"figure 4 load generator: {tool}; {server}, "
                       f"DB_CONN_MAX_AGE={os.environ.get('DB_CONN_MAX_AGE')}, "
                       f"CACHE_URL={os.environ.get('CACHE_URL') or '(none)'}")
    with gunicorn("hello_wsgi:application", BENCH) as port:
        hello = load(port, ["/"], "", load_seconds, runs)
    ref = [r["rps"] for r in hello]
    out = []
    for key, role, who in (("4a", "procurator", "district procurator"),
                           ("4b", "province", "provincial supervisor")):
        visible = list(recommendations_visible_to(bench.users[role]).order_by("pk")
                       .values_list("pk", flat=True))
        step = max(1, len(visible) // 200)
        paths = [f"{LIST_URL}{pk}/" for pk in visible[::step][:200]]
        cache.clear()  # a previous run's answers: the miss below must be one
        with bench_clock(bench.today):
            for path in paths[1:3]:  # warm: caches, the session
                bench.get(role, path)
            with CaptureQueriesContext(connection) as captured:  # a miss: served from the DB
                bench.get(role, paths[0])
            with CaptureQueriesContext(connection) as captured_hit:  # then from the cache
                bench.get(role, paths[0])
        cookie = f"{settings.SESSION_COOKIE_NAME}={cookies[role]}"
        with gunicorn("config.wsgi", ROOT) as port:
            runs_ = load(port, paths, cookie, load_seconds, runs)
        # The same load with the detail cache off: what every request would cost if no
        # instrument were ever asked for twice unchanged.
        with gunicorn("config.wsgi", ROOT, API_DETAIL_CACHE_SECONDS="0") as port:
            cold = load(port, paths, cookie, load_seconds, 1)[0]
        rps = [r["rps"] for r in runs_]
        median, ref_median = statistics.median(rps), statistics.median(ref)
        bad = sum(r["non_2xx"] for r in runs_) + cold["non_2xx"]
        note = (f"{tool}, {len(paths)} instruments; latency p50 {runs_[-1]['p50']} p99 "
                f"{runs_[-1]['p99']}; runs {', '.join(f'{x:.0f}' for x in rps)} req/s; "
                f"{len(captured_hit.captured_queries)} queries from the cache, "
                f"{len(captured.captured_queries)} on a miss; cache off "
                f"(API_DETAIL_CACHE_SECONDS=0): {cold['rps']:.0f} req/s")
        if bad:
            note += f"; {bad} non-2xx responses!"
        out.append(Result(key, 4, f"detail API under load, {who}", "req/s", round(median, 1),
                          round(min(rps), 1), len(captured.captured_queries),
                          "hello-world WSGI, same gunicorn", round(ref_median, 1), round(min(ref), 1),
                          "≥ 300 req/s", median >= 300 and not bad,
                          round(ref_median / median, 2) if median else None, note, rps))
    return out


def gunicorn_cookies(bench: Bench) -> dict[str, str]:
    """Sessions for the gunicorn figure, made in real time (not the bench's "today"), since
    the server runs in real time."""
    cookies = {}
    for role in ("procurator", "province"):
        client = Client()
        client.force_login(bench.users[role], backend=BACKEND)
        cookies[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return cookies


# --- figures 5 and 6: the deadline sweep -------------------------------------------------------

def swept_windows(day: datetime.date) -> list[tuple[str, int, str, str | None, bool]]:
    """``(kind, offset, reach, after, instruments only)`` of every event the sweep writes on
    ``day``, from the settings (the rules of recommendations/services/sweep.py)."""
    reminders = sorted({int(x) for x in settings.DEADLINE_REMINDER_DAYS})
    out = []
    for i, offset in enumerate(reminders):
        after = day + datetime.timedelta(days=reminders[i - 1] if i else -1)
        out.append(("reminder", offset, day + datetime.timedelta(days=offset), after, False))
    out.append(("overdue", 1, day - datetime.timedelta(days=1), None, False))
    for step, age in enumerate(settings.DEADLINE_ESCALATION_DAYS, start=1):
        out.append(("escalation", step, day - datetime.timedelta(days=int(age)), None, True))
    return [(k, o, reach.isoformat(), after.isoformat() if after else None, only)
            for k, o, reach, after, only in out]


def newly_due_select(day: datetime.date, since: datetime.date) -> str:
    """Every event that became due after ``since`` (the day everything was swept to) and by
    ``day`` and is missing, as (recommendation, deadline, transfer, kind, offset, due date):
    one hand-written SELECT, an index range and an anti-join on the unique key per event."""
    previous = {(k, o): reach for k, o, reach, _after, _only in swept_windows(since)}
    models = [
        ("recommendations_recommendation", "x.status = 'awaiting_reply'", "x.id", "NULL::bigint",
         "NULL::bigint", "recommendation_id", "AND e.deadline_id IS NULL"),
        ("recommendations_internaldeadline", "x.closed_at IS NULL", "x.recommendation_id", "x.id",
         "NULL::bigint", "deadline_id", ""),
        ("cases_cluetransfer", "x.replied_on IS NULL", "NULL::bigint", "NULL::bigint", "x.id",
         "transfer_id", ""),
    ]
    parts = []
    for kind, offset, reach, after, only_instruments in swept_windows(day):
        for table, running, rec, deadline, transfer, column, extra in models:
            if only_instruments and table != "recommendations_recommendation":
                continue
            window = (f"x.due_date <= DATE '{reach}'"
                      f" AND x.due_date > DATE '{max(after or '', previous[kind, offset])}'")
            parts.append(f"""
                SELECT {rec} AS recommendation_id, {deadline} AS deadline_id,
                       {transfer} AS transfer_id, '{kind}'::varchar AS kind,
                       {offset}::smallint AS offset_days, x.due_date
                FROM {table} x
                WHERE {running} AND {window}
                  AND NOT EXISTS (SELECT 1 FROM recommendations_deadlineevent e
                                  WHERE e.{column} = x.id AND e.kind = '{kind}'
                                    AND e.offset_days = {offset} AND e.due_date = x.due_date {extra})""")
    return " UNION ALL ".join(parts)


def newly_due_insert(day: datetime.date, since: datetime.date) -> str:
    return ("INSERT INTO recommendations_deadlineevent (recommendation_id, deadline_id, transfer_id,"
            " kind, offset_days, due_date, created_at) SELECT n.*, now() FROM ("
            + newly_due_select(day, since) + ") n ON CONFLICT DO NOTHING")


def count_newly_due(day: datetime.date, since: datetime.date) -> int:
    return dataset.scalar(f"SELECT count(*) FROM ({newly_due_select(day, since)}) n")


def figure_5(bench: Bench) -> list[Result]:
    from recommendations.services.sweep import sweep_deadlines

    today = bench.today
    found = []
    samples = time_calls(lambda: found.append(sweep_deadlines(today)), bench.reps)
    with CaptureQueriesContext(connection) as captured:
        found.append(sweep_deadlines(today))
    due7 = today + datetime.timedelta(days=7)
    ref = bench.sql_samples("SELECT count(*) FROM recommendations_recommendation WHERE"
                            f" status = 'awaiting_reply' AND due_date = DATE '{due7}'")
    note = "idle: every sweep found 0" if not any(found) else f"NOT idle: found {max(found)}"
    return [ms_result("5", 5, "idle deadline sweep", samples, len(captured.captured_queries),
                      "count(*) running AND due = today+7", ref, 50, note=note)]


def pick_later_day(today: datetime.date, target: int) -> tuple[datetime.date, int]:
    """The first day after ``today`` by which about ``target`` events are newly due (at most
    180 days on: a small build has fewer)."""
    def count(days: int) -> int:
        return count_newly_due(today + datetime.timedelta(days=days), today)

    lo, hi = 1, 180
    if count(hi) < target:
        return today + datetime.timedelta(days=hi), count(hi)
    while lo < hi:
        mid = (lo + hi) // 2
        if count(mid) >= target:
            hi = mid
        else:
            lo = mid + 1
    return today + datetime.timedelta(days=lo), count(lo)


def rolled_back(fn: Callable[[], int]) -> tuple[float, int]:
    with transaction.atomic():
        start = time.perf_counter()
        n = fn()
        elapsed = (time.perf_counter() - start) * 1000
        transaction.set_rollback(True)
    return elapsed, n


def figure_6(bench: Bench) -> list[Result]:
    from recommendations.services.sweep import sweep_deadlines

    day, expected = pick_later_day(bench.today, NEWLY_DUE_TARGET)
    insert = newly_due_insert(day, bench.today)

    def reference() -> int:
        with connection.cursor() as cursor:
            cursor.execute(insert)
            return cursor.rowcount

    ours, theirs, found, ref_found = [], [], set(), set()
    for i in range(bench.slow_reps + 1):  # the first of each is the warm-up
        ms, n = rolled_back(lambda: sweep_deadlines(day))
        found.add(n)
        if i:
            ours.append(ms)
        ms, n = rolled_back(reference)
        ref_found.add(n)
        if i:
            theirs.append(ms)
    with CaptureQueriesContext(connection) as captured:
        rolled_back(lambda: sweep_deadlines(day))
    note = (f"sweep for {day} (today+{(day - bench.today).days}): {expected} events newly due; "
            f"sweep wrote {sorted(found)}, reference {sorted(ref_found)}")
    if found != ref_found:
        note += " (DIFFERENT!)"
    return [ms_result("6", 6, f"sweep finding {expected // 1000}k newly due events", ours,
                      len(captured.captured_queries),
                      "one INSERT … SELECT … ON CONFLICT DO NOTHING", theirs, 1500, note=note)]


# --- figure 7: the service receipt PDF ------------------------------------------------------------

def figure_7(bench: Bench) -> list[Result]:
    from django.template.loader import render_to_string
    from django.urls import reverse
    from weasyprint import HTML

    from recommendations import documents
    from recommendations.permissions import get_recommendation_for_user, recommendations_visible_to

    user = bench.users["procurator"]
    pk = (recommendations_visible_to(user).filter(status="awaiting_reply", number__isnull=False)
          .order_by("-pk").values_list("pk", flat=True).first())
    url = reverse("recommendations:receipt-pdf", args=[pk])
    response = bench.get("procurator", url)
    assert response["Content-Type"] == "application/pdf"
    samples, queries = bench.request("procurator", url)
    rec = get_recommendation_for_user(user, pk)
    html = render_to_string(documents.RECEIPT_TEMPLATE, documents.receipt_context(rec))
    ref = time_calls(lambda: HTML(string=html).write_pdf(), bench.reps)
    return [ms_result("7", 7, "service-receipt PDF (warm), procurator", samples, len(queries),
                      "HTML(string=…).write_pdf(), same HTML", ref, 150, max_ratio=1.3,
                      note=f"instrument {pk}")]


# --- figure 8: the case page ----------------------------------------------------------------------

def figure_8(bench: Bench) -> list[Result]:
    from django.urls import reverse

    from cases.models import SupervisionCase
    from cases.selectors import case_timeline

    pk = int(bench.info["big_case"])
    url = reverse("cases:detail", args=[pk])
    bench.get("procurator", url)
    samples, queries = bench.request("procurator", url)
    ref, n = bench.replay(queries)
    case = SupervisionCase.objects.get(pk=pk)
    size = f"case {pk}: {case.recommendations.count()} instruments, {len(case_timeline(case))} timeline items"
    bench.explain_slowest("case page", queries)
    return [ms_result("8", 8, "case page, procurator", samples, len(queries),
                      f"its {n} SELECTs replayed", ref, 100, note=size)]


# --- figure 9: the supervisors' reporting pages (issue 16) ---------------------------------------

def figure_9(bench: Bench) -> list[Result]:
    """Statistics for a calendar year against the year before, the agency ranking and the
    similar-case candidates, for the provincial supervisor (every instrument of the province)
    and the biggest city's: each page's own SELECTs replayed are the reference, so the figure
    shows what Django and the templates add to the aggregate queries themselves."""
    from django.urls import reverse

    year = bench.today.year - 1
    period = f"from={year}-01-01&to={year}-12-31"
    pages = [
        ("9a", "province", "statistics, a year vs the year before, provincial supervisor",
         f"{reverse('reporting:statistics')}?{period}", 3000),
        ("9b", "city", "statistics, a year vs the year before, city supervisor",
         f"{reverse('reporting:statistics')}?{period}", 1500),
        ("9c", "province", "agency ranking, provincial supervisor",
         f"{reverse('reporting:agency-ranking')}?start={year}-01-01&end={year}-12-31", 3000),
        ("9d", "city", "similar-case candidates, city supervisor",
         f"{reverse('reporting:similar')}?{period}", 3000),
    ]
    out = []
    for key, role, label, url, goal in pages:
        bench.get(role, url)
        samples, queries = bench.request(role, url)
        ref, n = bench.replay(queries)
        bench.explain_slowest(label, queries)
        out.append(ms_result(key, 9, label, samples, len(queries),
                             f"its {n} SELECTs replayed", ref, goal))
    return out


# --- all -------------------------------------------------------------------------------------------

FIGURES = {1: figure_1, 2: figure_2, 3: figure_3, 5: figure_5, 6: figure_6, 7: figure_7,
           8: figure_8, 9: figure_9}


def run_all(*, today: datetime.date, reps: int, slow_reps: int, only: set[int], load_seconds: int,
            explain: bool, say: Callable[[str], None],
            gunicorn_config: str | None = None) -> tuple[list[dict], list[str]]:
    global GUNICORN_CONFIG
    GUNICORN_CONFIG = gunicorn_config
    bench = Bench(today, reps, slow_reps, explain, say)
    wanted = only or {1, 2, 3, 4, 5, 6, 7, 8, 9}
    say(f"measuring figures {', '.join(map(str, sorted(wanted)))} (today = {today}, "
        f"{reps} repetitions)")
    results: list[Result] = []
    cookies = gunicorn_cookies(bench) if 4 in wanted else {}
    with bench_clock(today):
        for number, fn in FIGURES.items():
            if number in wanted:
                start, load = time.perf_counter(), os.getloadavg()[0]
                got = fn(bench)
                for r in got:
                    r.loadavg = round(load, 2)
                results += got
                say(f"  figure {number}: {time.perf_counter() - start:.0f} s — "
                    + "; ".join(_short(r) for r in got))
    if 4 in wanted:
        start, load = time.perf_counter(), os.getloadavg()[0]
        got = figure_4(bench, cookies, load_seconds)
        for r in got:
            r.loadavg = round(load, 2)
        results += got
        say(f"  figure 4: {time.perf_counter() - start:.0f} s — " + "; ".join(_short(r) for r in got))
    results.sort(key=lambda r: r.key)
    for note in bench.notes:
        say("  note: " + note)
    return [asdict(r) for r in results], bench.notes


def _short(r: Result) -> str:
    return f"{r.key} {_fmt(r.median, r.unit)}"


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    return f"{value:.0f}/s" if unit == "req/s" else f"{value:.1f}"


def print_table(figures: list[dict], say: Callable[[str], None]) -> None:
    say("")
    head = (f"{'fig':<4}{'what':<50}{'median':>9}{'p95':>9}{'SQL':>5}  {'reference':<40}"
            f"{'median':>9}{'p95':>9}{'ratio':>8}  {'goal':<26}{'':>5}")
    say(head)
    say("-" * len(head))
    for f in figures:
        ratio = f"{f['ratio']:.1f}×" if f["ratio"] is not None else "—"
        hit = "hit" if f["hit"] else "miss"
        p95 = "—" if f["unit"] == "req/s" else _fmt(f["p95"], f["unit"])
        ref_p95 = "—" if f["unit"] == "req/s" else _fmt(f["ref_p95"], f["unit"])
        queries = "—" if f["queries"] is None else str(f["queries"])
        say(f"{f['key']:<4}{f['label'][:49]:<50}{_fmt(f['median'], f['unit']):>9}{p95:>9}"
            f"{queries:>5}  {f['ref_label'][:39]:<40}{_fmt(f['ref_median'], f['unit']):>9}"
            f"{ref_p95:>9}{ratio:>8}  {f['goal']:<26}{hit:>5}")
    say("times in ms (req/s for figure 4); ratio = cost ours / cost reference (medians)")
    for f in figures:
        if f.get("note"):
            say(f"  {f['key']}: {f['note']}")


def print_growth(small: dict, large: dict) -> None:
    """Cost at the large scale ÷ cost at the small one, per figure (medians; throughput
    inverted), goal ≤ 1.5×."""
    a = {f["key"]: f for f in small.get("figures", [])}
    b = {f["key"]: f for f in large.get("figures", [])}
    ns, nl = small["instruments"], large["instruments"]
    print(f"growth: cost at {nl:,} ÷ cost at {ns:,} instruments (medians; goal ≤ 1.5×)")
    head = f"{'fig':<4}{'what':<50}{ns:>12,}{nl:>12,}{'growth':>9}  {'p95 growth':>10}{'':>6}"
    print(head)
    print("-" * len(head))
    for key in sorted(set(a) & set(b)):
        fa, fb = a[key], b[key]
        if fa["unit"] == "req/s":
            g = fa["median"] / fb["median"] if fb["median"] else None
            g95 = None
        else:
            g = fb["median"] / fa["median"] if fa["median"] else None
            g95 = fb["p95"] / fa["p95"] if fa["p95"] else None
        hit = "hit" if g is not None and g <= 1.5 else "miss"
        print(f"{key:<4}{fa['label'][:49]:<50}{_fmt(fa['median'], fa['unit']):>12}"
              f"{_fmt(fb['median'], fb['unit']):>12}{(f'{g:.2f}×' if g else '—'):>9}"
              f"  {(f'{g95:.2f}×' if g95 else '—'):>10}{hit:>6}")
    for key in sorted(set(a) ^ set(b)):
        print(f"{key:<4}(only in one of the two files)")
