"""The demo world of ``shared/DEMO.md`` as data: plain dataclasses, tuples and dicts, no ORM.

- ``organisation``: the procuratorate tree with its departments, the agencies, the accounts
  (DEMO.md's and a few added so that every agency can reply) and the demo password;
- ``criminal``, ``civil``, ``administrative``, ``public_interest``: the scenarios of each kind
  of case — taxonomy, agency, clue source, story, and the texts of the instruments it leads to;
- ``plan``: the cases, each a scenario with a handler and the state each instrument is left in;
- ``case_file``: measures, a clue transfer, files and an interference record on a few cases;
- ``lifecycle``: one case's instruments taken through the later states, step by step;
- ``names``: the made-up parties.

``demo.builder`` reads it and writes it through the apps' services; the shapes are in
``shapes``. Add to the world by adding data here: the builder holds no scenario of its own.
"""

from __future__ import annotations

from demo.scenarios import administrative, civil, criminal, public_interest
from demo.scenarios.case_file import CASE_FILE, MEASURE_RECORD
from demo.scenarios.lifecycle import LIFECYCLE
from demo.scenarios.names import COMPANIES, CREDIT_CODE_PREFIX, PERSONS, RESIDENT_ID_REGION
from demo.scenarios.organisation import (
    ACCOUNTS,
    AGENCIES,
    DEMO_MD_USERNAMES,
    MARKER_PROCURATORATE,
    PASSWORD,
    PROCURATORATES,
)
from demo.scenarios.plan import APPROVER_OF, PLAN, RETURN_REASONS
from demo.scenarios.shapes import Scenario

#: Every scenario by name, across the four kinds of case.
SCENARIOS: dict[str, Scenario] = {
    **criminal.SCENARIOS, **civil.SCENARIOS, **administrative.SCENARIOS,
    **public_interest.SCENARIOS,
}

__all__ = [
    "ACCOUNTS", "AGENCIES", "APPROVER_OF", "CASE_FILE", "COMPANIES", "CREDIT_CODE_PREFIX",
    "DEMO_MD_USERNAMES", "LIFECYCLE", "MARKER_PROCURATORATE", "MEASURE_RECORD", "PASSWORD",
    "PERSONS", "PLAN", "PROCURATORATES", "RESIDENT_ID_REGION", "RETURN_REASONS", "SCENARIOS",
]
