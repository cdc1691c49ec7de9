"""Reload the reference data the data migrations load, after a transactional test's flush.

Transactional tests (threads, live server, worker processes) end with a flush that empties
every table, including the period rules, legal calendar, taxonomy and instrument types loaded
by data migrations. Rather than rely on Django's serialized snapshot surviving (Playwright's
greenlets give the ORM a fresh connection object without it), the next test re-runs the same
migration functions, so tests and production share one source of reference data.
"""

from __future__ import annotations

import importlib

from django.apps import apps

#: (module, function) of every data migration that loads reference data, in dependency order.
LOADERS = [
    ("supervision.migrations.0002_period_rules", "create_rules"),
    ("supervision.migrations.0003_legal_calendar", "load_calendar"),
    ("supervision.migrations.0004_taxonomy", "create_taxonomy"),
    ("supervision.migrations.0006_internal_period_rules", "create_rules"),
    ("supervision.migrations.0009_reference_names_en", "fill_names_en"),
    ("supervision.migrations.0014_missing_matters", "add_matters"),
    ("cases.migrations.0010_early_involvement_returns", "create_rule"),
    ("recommendations.migrations.0003_instrument_types", "create_instrument_types"),
    ("recommendations.migrations.0014_legal_basis_official_titles", "forwards"),
    ("recommendations.migrations.0016_instrument_type_name_en", "fill_names_en"),
    ("recommendations.migrations.0023_approval_levels_data", "forwards"),
    ("duties.migrations.0002_transfer_notices_period_rule", "create_rule"),
    ("duties.migrations.0002_situation_reports_custody_matter", "create_matter"),
    ("duties.migrations.0002_commutation_period_rules", "create_rules"),
    ("duties.migrations.0002_material_requests_period_rule", "create_rule"),
    ("litigation.migrations.0002_period_rules_and_instrument_types", "forwards"),
    ("quality.migrations.0002_checklist", "seed"),
]


def ensure_reference_data() -> None:
    from recommendations.models import InstrumentType

    if InstrumentType.objects.exists():
        return
    for module, function in LOADERS:
        getattr(importlib.import_module(module), function)(apps, None)
