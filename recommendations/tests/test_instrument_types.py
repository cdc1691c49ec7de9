"""The instrument types are loaded by a data migration (recommendations 0003): the test
database, built by migrating, already holds them (moved from
``supervision/tests/test_taxonomy.py``)."""

from __future__ import annotations

import pytest

from recommendations.models import InstrumentType

pytestmark = pytest.mark.django_db


def test_every_instrument_type_that_needs_a_reply_has_a_period_rule() -> None:
    types = list(InstrumentType.objects.select_related("period_rule"))

    assert types
    for instrument_type in types:
        if instrument_type.requires_reply:
            assert instrument_type.period_rule is not None, instrument_type.code


def test_instrument_types_map_to_the_rules_of_deadlines_md() -> None:
    rules = dict(InstrumentType.objects.values_list("code", "period_rule__code"))

    assert rules["recommendation"] == "recommendation"
    assert rules["retrial_recommendation"] == "retrial_recommendation"
    assert rules["pil_pre_litigation"] == "pil_pre_litigation"
    assert rules["correction_notice"] == "correction_notice"
    assert rules["protest"] == "civil_protest"
    assert rules["explain_non_filing"] == "explain_non_filing"
    assert rules["notice_to_file"] == "notice_to_file"
    assert rules["clue_transfer"] == "default"


def test_number_codes_are_distinct_and_fit_the_column() -> None:
    codes = list(InstrumentType.objects.values_list("number_code", flat=True))

    assert len(codes) == len(set(codes))
    assert all(0 < len(code) <= 10 for code in codes)
