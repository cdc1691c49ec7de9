"""Databases made before the legal basis lost our source notation are healed by the data
migration: the rule and every stored explanation computed from it."""

from __future__ import annotations

import datetime
import importlib

import time_machine
from django.apps import apps

from supervision.models import PeriodRule

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
migration = importlib.import_module("recommendations.migrations.0012_legal_basis_without_seed_notation")


def test_the_rule_and_the_stored_explanations_lose_the_notation(world):
    with time_machine.travel(NOW, tick=False):
        rec = world.served(datetime.date(2026, 8, 3))
    rule = rec.instrument_type.period_rule
    PeriodRule.objects.filter(pk=rule.pk).update(legal_basis=migration.OLD)
    type(rec).objects.filter(pk=rec.pk).update(
        due_explanation={**rec.due_explanation, "legal_basis": migration.OLD})
    migration.strip_notation(apps, None)
    rule.refresh_from_db()
    rec.refresh_from_db()
    assert rule.legal_basis == migration.NEW
    assert rec.due_explanation["legal_basis"] == migration.NEW
    assert "seed" not in str(rec.due_explanation_text())
