"""The demo world's data is data, its references resolve, and the builder holds none of it."""

from __future__ import annotations

import ast
import pathlib

from demo import scenarios
from demo.scenarios import (
    ACCOUNTS,
    AGENCIES,
    APPROVER_OF,
    CASE_FILE,
    LIFECYCLE,
    PLAN,
    PROCURATORATES,
    SCENARIOS,
    shapes,
)

DEMO = pathlib.Path(scenarios.__file__).parent.parent
BUILDER_MODULES = ["builder.py", "story.py", "dates.py", "summary.py"]


def test_the_data_modules_import_no_models_and_query_nothing():
    for path in (DEMO / "scenarios").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                module = node.module or ""
                assert module.endswith("choices") or module.startswith(
                    ("demo.scenarios", "__future__", "dataclasses", "typing")), (path, module)
            assert not (isinstance(node, ast.Attribute) and node.attr == "objects"), path


def test_the_builder_names_no_procuratorate_agency_account_or_scenario():
    names = {p.name for p in PROCURATORATES} | {p.short_name for p in PROCURATORATES}
    names |= {a.name for a in AGENCIES.values()}  # (their keys double as placeholder names)
    names |= {a.username for a in ACCOUNTS} | set(SCENARIOS)
    for module in BUILDER_MODULES:
        tree = ast.parse((DEMO / module).read_text(encoding="utf-8"))
        strings = {node.value for node in ast.walk(tree)
                   if isinstance(node, ast.Constant) and isinstance(node.value, str)}
        assert not strings & names, (module, strings & names)


def test_every_reference_in_the_data_resolves():
    short_names = {p.short_name for p in PROCURATORATES}
    departments = {(p.short_name, name) for p in PROCURATORATES for name, _code in p.departments}
    usernames = {a.username for a in ACCOUNTS}
    for p in PROCURATORATES:
        assert p.parent is None or p.parent in short_names
    for agency in AGENCIES.values():
        assert agency.supervisor in short_names
    for a in ACCOUNTS:
        assert a.procuratorate is None or a.procuratorate in short_names, a
        assert a.department is None or (a.procuratorate, a.department) in departments, a
        assert a.agency is None or a.agency in AGENCIES, a
    for scenario in SCENARIOS.values():
        assert scenario.agency in AGENCIES
    for plan in PLAN:
        scenario = SCENARIOS[plan.scenario]
        assert plan.handler in APPROVER_OF and APPROVER_OF[plan.handler] in usernames
        assert plan.assistant is None or plan.assistant in usernames
        assert plan.agency is None or plan.agency in AGENCIES
        assert len(plan.steps) <= len(scenario.instruments), plan
        for step, text in zip(plan.steps, scenario.instruments):
            assert step.state != shapes.REPLIED or text.reply, plan
    planned = {(plan.scenario, plan.agency or SCENARIOS[plan.scenario].agency) for plan in PLAN}
    for entry in CASE_FILE:
        assert (entry.scenario, SCENARIOS[entry.scenario].agency) in planned, entry
    assert LIFECYCLE.approver in usernames and LIFECYCLE.procuratorate in short_names
    served = set()
    for step in LIFECYCLE.steps:
        if isinstance(step, (shapes.Serve, shapes.ServeBatch)):
            served.add(step.key)
        elif hasattr(step, "key"):
            assert step.key.split("@")[0] in served, step
        by = getattr(step, "by", None)
        assert by is None or by in usernames, step
