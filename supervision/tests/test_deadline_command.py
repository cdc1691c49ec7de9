"""``manage.py deadline``: every seeded rule, and clear errors."""

from __future__ import annotations

import importlib
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from supervision.deadlines import compute_due_date
from supervision.models import PeriodRule

RULE_CODES = [r[0] for r in importlib.import_module(
    "supervision.migrations.0002_period_rules").RULES]


def run(*args: str) -> list[str]:
    out = StringIO()
    call_command("deadline", *args, stdout=out)
    return out.getvalue().splitlines()


@pytest.mark.django_db
@pytest.mark.parametrize("code", RULE_CODES)
def test_every_rule(code: str) -> None:
    lines = run(code, "2025-08-01")
    expected = compute_due_date(PeriodRule.objects.get(code=code), date(2025, 8, 1))
    assert lines[0] == expected.due_date.isoformat()
    assert lines[1] == expected.explain()
    # the explanation is in users' words; the rule's code is the administrator's line below it
    assert code not in lines[1] and lines[2].startswith(f"规则：{code}（") and len(lines) >= 6


@pytest.mark.django_db
def test_override_and_provisional() -> None:
    lines = run("default", "2025-08-01", "--days", "15")
    assert lines[0] == "2025-08-18"
    lines = run("recommendation", "2027-08-01", "--months", "1")
    assert lines[0] == "2027-09-01" and "暂定" in "\n".join(lines)
    assert run("default", "2027-08-01")[0] == "2027-10-04"


@pytest.mark.django_db
def test_unknown_code_lists_valid_codes() -> None:
    with pytest.raises(CommandError) as error:
        run("no_such_rule", "2025-08-01")
    assert "no_such_rule" in str(error.value)
    assert all(code in str(error.value) for code in RULE_CODES)


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["2025-02-30", "yesterday", "2025/08/01"])
def test_bad_date(value: str) -> None:
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("default", value)


@pytest.mark.django_db
def test_bad_period() -> None:
    with pytest.raises(CommandError):
        run("default", "2025-08-01", "--days", "0")
    with pytest.raises(CommandError):
        run("default", "2025-08-01", "--days", "3", "--months", "1")
