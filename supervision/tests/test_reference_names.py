"""Reference data in both languages (issue 14): every seeded kind, matter and period rule has an
English name (supervision 0009), ``str()`` follows the interface language, and a row without an
English name falls back to its Chinese one."""

from __future__ import annotations

import importlib
import re

import pytest
from django.apps import apps
from django.utils import translation

from supervision.models import Matter, PeriodRule, SupervisionKind
from supervision.models.names import localized

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
migration = importlib.import_module("supervision.migrations.0009_reference_names_en")


@pytest.mark.parametrize("model", [SupervisionKind, Matter, PeriodRule])
def test_every_seeded_row_has_an_english_name_in_plain_english(model) -> None:
    rows = list(model.objects.values_list("name", "name_en"))

    assert len(rows) >= 4
    for name, name_en in rows:
        assert name_en, name
        assert not CJK.search(name_en), (name, name_en)


def test_a_kind_reads_in_the_interface_language() -> None:
    kind = SupervisionKind.objects.get(code="criminal")

    assert str(kind) == "刑事检察"
    with translation.override("en"):
        assert str(kind) == kind.localized_name == "Criminal procuratorial work"
        assert kind.name == "刑事检察"  # what documents print


def test_a_matter_reads_under_its_parent_in_either_language() -> None:
    matter = Matter.objects.select_related("parent").get(kind__code="criminal", name="有案不立")

    assert str(matter) == "立案监督·有案不立"
    with translation.override("en"):
        assert str(matter) == ("Supervision of case filing · "
                               "Failure to file a case that should be filed")
        assert matter.full_name == "立案监督·有案不立"
        assert str(matter.parent) == "Supervision of case filing"


def test_a_period_rule_reads_in_the_interface_language() -> None:
    rule = PeriodRule.objects.get(code="custody_review")

    assert str(rule) == "custody_review（羁押必要性审查建议）"
    with translation.override("en"):
        assert rule.localized_name == "Recommendation after review of the necessity of detention"
        assert str(rule) == f"custody_review ({rule.localized_name})"


def test_without_an_english_name_english_shows_the_chinese() -> None:
    kind = SupervisionKind.objects.create(code="new_kind", name="新类别", case_code="新")
    matter = Matter.objects.create(kind=kind, name="新事项")

    with translation.override("en"):
        assert str(kind) == "新类别"
        assert str(matter) == "新事项"
        assert localized("新类别", "") == "新类别"
        assert localized("新类别", "New kind") == "New kind"
    assert localized("新类别", "New kind") == "新类别"


def test_the_migration_keeps_an_administrators_english_and_renamed_rows() -> None:
    SupervisionKind.objects.filter(code="civil").update(name_en="Civil prosecution")
    SupervisionKind.objects.filter(code="criminal").update(name_en="")
    PeriodRule.objects.filter(code="default").update(name="两个月答复", name_en="")

    migration.fill_names_en(apps, None)

    names = dict(SupervisionKind.objects.values_list("code", "name_en"))
    assert names["civil"] == "Civil prosecution"
    assert names["criminal"] == "Criminal procuratorial work"
    assert PeriodRule.objects.get(code="default").name_en == ""  # renamed: no longer ours

