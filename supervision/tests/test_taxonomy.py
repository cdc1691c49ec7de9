"""The taxonomy is loaded by a data migration (supervision 0004): the test database, built by
migrating, already holds it. The instrument types' tests are in
``recommendations/tests/test_instrument_types.py``."""

from __future__ import annotations

import re

import pytest

from supervision.models import Matter, SupervisionKind

pytestmark = pytest.mark.django_db

SEED_CITATION = re.compile(r"^seed 00[0-4] §\d+(；seed 00[0-4] §\d+)*$")


def test_the_four_kinds_exist_in_order_with_their_case_codes() -> None:
    kinds = list(SupervisionKind.objects.values_list("code", "name", "case_code"))

    assert kinds == [
        ("criminal", "刑事检察", "刑监"),
        ("civil", "民事检察", "民监"),
        ("administrative", "行政检察", "行监"),
        ("public_interest", "公益诉讼检察", "公益"),
    ]


def test_every_kind_has_matters() -> None:
    for kind in SupervisionKind.objects.all():
        assert kind.matters.exists(), kind.code


def test_有案不立_is_under_立案监督_under_criminal() -> None:
    matter = Matter.objects.select_related("parent", "kind").get(
        kind__code="criminal", name="有案不立")

    assert matter.parent.name == "立案监督"
    assert matter.parent.parent is None
    assert matter.parent.kind == matter.kind
    assert set(matter.parent.children.values_list("name", flat=True)) == {
        "有案不立", "不应当立案而立案", "以罚代刑", "长期挂案", "以刑事手段插手民事纠纷"}


def test_the_matters_the_taxonomy_lacked_are_there_each_citing_its_seed() -> None:
    """Issue 18: seed 000 §2, seed 002 §6 and §8, seed 004 §3 (supervision migration 0014)."""
    expected = {
        ("criminal", "立案监督", "以刑事手段插手民事纠纷", "seed 002 §6"),
        ("criminal", "侦查活动监督", "讯问合法性核查", "seed 000 §2"),
        ("criminal", None, "阻碍律师依法执业", "seed 002 §6"),
        ("criminal", "刑事执行监督", "久押不决", "seed 000 §2"),
        ("criminal", "刑事执行监督", "体罚虐待被监管人", "seed 000 §2"),
        ("criminal", "刑事执行监督", "刑罚交付执行", "seed 002 §8；seed 003 §4"),
        ("civil", None, "恶意诉讼", "seed 004 §3"),
    }
    found = {(m.kind.code, m.parent.name if m.parent_id else None, m.name, m.source)
             for m in Matter.objects.select_related("kind", "parent")
             .filter(name__in=[row[2] for row in expected])}
    assert found == expected
    assert not Matter.objects.filter(name__in=[row[2] for row in expected], name_en="").exists()


def test_虚假诉讼_is_a_civil_matter() -> None:
    assert Matter.objects.filter(kind__code="civil", name="虚假诉讼").exists()


def test_生态环境和资源保护_is_a_public_interest_domain() -> None:
    matter = Matter.objects.get(kind__code="public_interest", name="生态环境和资源保护")

    assert matter.parent is None


def test_the_tree_has_two_levels_and_children_share_their_parents_kind() -> None:
    for child in Matter.objects.filter(parent__isnull=False).select_related("parent"):
        assert child.parent.parent_id is None, child
        assert child.parent.kind_id == child.kind_id, child


def test_names_are_unique_among_siblings() -> None:
    seen: set[tuple[int, int | None, str]] = set()
    for kind_id, parent_id, name in Matter.objects.values_list("kind", "parent", "name"):
        assert (kind_id, parent_id, name) not in seen, name
        seen.add((kind_id, parent_id, name))


def test_listing_by_order_puts_each_parent_right_before_its_children() -> None:
    for kind in SupervisionKind.objects.all():
        current_parent = None
        for matter in Matter.objects.filter(kind=kind):  # model ordering: kind, order, pk
            if matter.parent_id is None:
                current_parent = matter.pk
            else:
                assert matter.parent_id == current_parent, matter


def test_every_matter_cites_the_seeds_it_comes_from() -> None:
    matters = list(Matter.objects.all())

    assert matters
    for matter in matters:
        assert SEED_CITATION.match(matter.source), (matter.name, matter.source)
