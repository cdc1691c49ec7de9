"""Property-based fuzzing of the API against the schema it serves (issue 17).

Schemathesis reads ``/api/schema/`` from the Django application itself (in-process WSGI, the
test's database) and, for every operation in it, sends ``FUZZ_EXAMPLES`` valid requests
(default 50: half as a procurator, half as a court liaison, each with an API token that may
act) and ``FUZZ_NEGATIVE_EXAMPLES`` invalid ones (default 10, as the procurator).
Path parameters are drawn from the ids the account really sees (read from the list the path
hangs under) as well as generated ones, so the detail and action endpoints are reached, not
only their 404. Every response must pass:

- ``not_a_server_error``: never a 5xx;
- ``status_code_conformance``: a status code the schema documents for the operation;
- ``content_type_conformance``: the documented content type;
- ``response_schema_conformance``: a body matching the documented schema;
- ``negative_data_rejection``: invalid input refused with a 4xx (negative examples).

Each example runs in a savepoint rolled back afterwards, so examples do not depend on each
other and a run is reproducible from its seed: ``FUZZ_SEED`` (default below) and
``FUZZ_EXAMPLES``. The figures — operations, examples, failures by check — are printed
(run with ``-s`` to see them; ``.ci/run`` does, once per database). Marked ``fuzz``: the
default test run leaves it out, ``.ci/run`` runs it as its own step.
"""

from __future__ import annotations

import collections
import datetime
import logging
import os
import re
import time
from dataclasses import dataclass, field

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client

from supervision.services.api_tokens import api_token_create

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

FUZZ_SEED = int(os.environ.get("FUZZ_SEED", "20261217"))
FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "50"))
FUZZ_NEGATIVE_EXAMPLES = int(os.environ.get("FUZZ_NEGATIVE_EXAMPLES", "10"))
#: The accounts the valid examples are sent as (the first also sends the invalid ones).
PERSONAS = ("procurator", "court_liaison")
#: Known ids offered for a path parameter (besides generated ones).
KNOWN_IDS = 3


def authenticate(user) -> dict[str, str]:
    """The header that signs ``user`` in for the fuzz: an API token that may act, as a
    connected system would hold (``supervision.services.api_tokens``)."""
    _token, plain = api_token_create(actor=None, user=user, name="fuzz", scope="act")
    return {"Authorization": f"Token {plain}"}


@dataclass
class Figures:
    """What one run did: examples per operation, failures per check (with one sample each)."""

    examples: collections.Counter = field(default_factory=collections.Counter)
    valid: collections.Counter = field(default_factory=collections.Counter)
    failures: collections.Counter = field(default_factory=collections.Counter)
    samples: dict = field(default_factory=dict)
    statuses: collections.Counter = field(default_factory=collections.Counter)
    modes: collections.Counter = field(default_factory=collections.Counter)
    by_operation: collections.Counter = field(default_factory=collections.Counter)

    def record_failure(self, label: str, check: str, message: str) -> None:
        self.failures[check] += 1
        self.by_operation[(label, check)] += 1
        self.samples.setdefault((label, check), message)


CHECKS = ("not_a_server_error", "status_code_conformance", "content_type_conformance",
          "response_schema_conformance", "negative_data_rejection")


def _checks():
    from schemathesis import checks

    return [getattr(checks, name) for name in CHECKS]


def _known_path_parameters(operation, headers: dict[str, str]) -> list[dict]:
    """Up to ``KNOWN_IDS`` sets of path parameters naming rows the account sees: each
    ``{param}`` filled from the ``results`` of the list above it (``/api/cases/{id}/parties/``
    → ``GET /api/cases/`` for ``id``), one level at a time."""
    names = re.findall(r"\{(\w+)\}", operation.path)
    if not names:
        return []
    client = Client()
    combos = [{}]
    for name in names:
        head = operation.path.split("{" + name + "}")[0]
        found = []
        for combo in combos:
            response = client.get(head.format(**combo), headers=headers)
            if response.status_code != 200 or "json" not in response.get("Content-Type", ""):
                continue
            body = response.json()
            rows = body.get("results", body) if isinstance(body, dict) else body
            if not isinstance(rows, list):
                continue
            for row in rows[:KNOWN_IDS]:
                if isinstance(row, dict) and row.get("id") is not None:
                    found.append({**combo, name: row["id"]})
        combos = found[:KNOWN_IDS]
        if not combos:
            return []
    return combos


def _fuzz_operation(operation, *, headers: dict[str, str], figures: Figures, negative: bool,
                    examples: int) -> None:
    import hypothesis
    from hypothesis import strategies as st
    from schemathesis import GenerationMode
    from schemathesis.core.failures import FailureGroup

    checks = _checks()
    label = operation.label
    if negative:
        strategy = operation.as_strategy(generation_mode=GenerationMode.NEGATIVE)
    else:
        known = _known_path_parameters(operation, headers)
        strategy = st.one_of([operation.as_strategy()]
                             + [operation.as_strategy(path_parameters=combo) for combo in known])

    @hypothesis.seed(FUZZ_SEED)
    @hypothesis.settings(max_examples=examples, deadline=None, database=None,
                         derandomize=False, phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
                         suppress_health_check=list(hypothesis.HealthCheck), report_multiple_bugs=False)
    @hypothesis.given(case=strategy)
    def run(case):
        with transaction.atomic():
            response = case.call(headers=headers)
            transaction.set_rollback(True)
        if case.method.upper() not in ("GET", "HEAD", "OPTIONS"):
            cache.clear()  # nothing cached from rows the savepoint took back
        figures.examples[label] += 1
        if not negative:
            figures.valid[label] += 1
        figures.modes["negative" if negative else "positive"] += 1
        figures.statuses[response.status_code] += 1
        for check in checks:
            if getattr(check, "__name__", "") == "negative_data_rejection" and not negative:
                continue
            try:
                case.validate_response(response, checks=[check], headers=headers)
            except FailureGroup as group:
                figures.record_failure(label, check.__name__, str(group)[:2000])

    try:
        run()
    except hypothesis.errors.Unsatisfiable:
        if not negative:
            raise
        # Nothing in the operation can be made invalid (no parameters, no body).


@pytest.fixture
def fuzz_world(world):
    """The persona world, a case of the court's with an instrument served to it (so the
    liaison's inbox is not empty), and a draft of another case."""
    today = datetime.date.today()
    world.served(today - datetime.timedelta(days=10))
    world.draft()
    return world


@pytest.fixture
def wsgi_app():
    """Django's WSGI application in this process, on the test's database: as Django's own test
    client does, the connection is not closed when a request ends (it holds the test's
    transaction) — the signal is let go before each request, since the test client (used for
    the known ids) connects it again after its own."""
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    handler = get_wsgi_application()

    def app(environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        return handler(environ, start_response)

    logging.disable(logging.WARNING)  # a line a request, thousands of them; errors still show
    yield app
    logging.disable(logging.NOTSET)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def fast_enough(settings):
    # Thousands of requests a minute from one token: the per-token throttle is for systems.
    settings.API_TOKEN_THROTTLE_RATE = None
    settings.API_DETAIL_CACHE_SECONDS = 0


def test_fuzz_the_served_schema(fuzz_world, wsgi_app, fast_enough):
    import schemathesis

    figures = Figures()
    started = time.monotonic()
    share = -(-FUZZ_EXAMPLES // len(PERSONAS))  # each account's part, rounded up
    for n, persona in enumerate(PERSONAS):
        headers = authenticate(getattr(fuzz_world, persona))
        schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app,
                                                headers=headers)
        operations = [result.ok() for result in schema.get_all_operations()]
        for operation in operations:
            _fuzz_operation(operation, headers=headers, figures=figures, negative=False,
                            examples=share)
            if n == 0 and FUZZ_NEGATIVE_EXAMPLES:
                _fuzz_operation(operation, headers=headers, figures=figures, negative=True,
                                examples=FUZZ_NEGATIVE_EXAMPLES)
    elapsed = time.monotonic() - started

    fewest = min(figures.valid.values(), default=0)
    print(f"\nFUZZ seed={FUZZ_SEED} (FUZZ_SEED) operations={len(operations)} "
          f"examples={sum(figures.examples.values())}: valid {figures.modes['positive']} "
          f"(FUZZ_EXAMPLES={FUZZ_EXAMPLES} an operation, as {' and '.join(PERSONAS)}; "
          f"fewest for one operation {fewest}), invalid {figures.modes['negative']} "
          f"(FUZZ_NEGATIVE_EXAMPLES={FUZZ_NEGATIVE_EXAMPLES}) in {elapsed:.0f}s")
    print("FUZZ statuses: " + ", ".join(f"{code}×{n}" for code, n in sorted(figures.statuses.items())))
    print("FUZZ failures by check: " + ", ".join(
        f"{name}={figures.failures[name]}" for name in CHECKS))
    for (label, check), count in sorted(figures.by_operation.items()):
        print(f"FUZZ failed: {label} · {check} ×{count}")
    for (label, check), message in sorted(figures.samples.items()):
        print(f"---- {label} · {check} (first example)\n{message}")
    assert operations
    assert not figures.failures, dict(figures.failures)
