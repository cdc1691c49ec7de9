"""Search in Chinese: a two-character term finds its cases, in number, parties and summary."""

from __future__ import annotations

from django.test import Client

from cases.models import SupervisionCase
from cases.search import search_cases
from cases.services import PartyInput, RelatedNumberInput


def _search(query: str) -> set[str]:
    return set(search_cases(SupervisionCase.objects.all(), query).values_list("title", flat=True))


def test_two_character_terms_find_their_cases(world):
    world.register_case(title="违法扣押渔船监督案", summary="公安机关将案外人渔船一并扣押。")
    world.register_case(title="有案不立监督案", summary="盗窃电动自行车，逾期未立案。",
                        parties=[PartyInput("王小明")])
    world.register_case(title="终本执行监督案", summary="未查询被执行人不动产即终结本次执行。",
                        related_numbers=[RelatedNumberInput("（2025）浙0902执１２３号")])
    assert _search("扣押") == {"违法扣押渔船监督案"}
    assert _search("渔船") == {"违法扣押渔船监督案"}
    assert _search("小明") == {"有案不立监督案"}            # a party's name
    assert _search("执123") == {"终本执行监督案"}           # full-width digits folded
    assert _search("刑监") == {"违法扣押渔船监督案", "有案不立监督案", "终本执行监督案"}  # the number
    assert _search("执行 查询") == {"终本执行监督案"}       # every term must match
    assert _search("扣押 盗窃") == set()
    assert _search("  ") == {"违法扣押渔船监督案", "有案不立监督案", "终本执行监督案"}


def test_the_list_page_and_the_api_search_the_same_way(world):
    world.register_case(title="违法扣押渔船监督案", summary="扣押渔船")
    world.register_case(title="另一案", summary="无关")
    client = Client()
    client.force_login(world.procurator)
    page = client.get("/cases/", {"q": "扣押"}).content.decode()
    assert "违法扣押渔船监督案" in page and "另一案" not in page
    api = client.get("/api/cases/", {"q": "扣押"}).json()
    assert [row["title"] for row in api["results"]] == ["违法扣押渔船监督案"]


def test_on_postgresql_a_trigram_index_serves_the_search(world):
    """Migration 0004 creates the pg_trgm GIN index; the planner can use it for icontains."""
    import pytest
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("pg_trgm is PostgreSQL only; SQLite scans the search column")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'case_search_trgm_idx'")
        (definition,) = cursor.fetchone()
        assert "gin_trgm_ops" in definition and "upper(search_text)" in definition.lower()
        # A tiny test table is cheapest to scan; forbid the scans so the plan shows that the
        # trigram index *can* serve the condition (GIN is used through a bitmap scan).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        qs = search_cases(SupervisionCase.objects.order_by(), "扣押渔船")
        sql, params = qs.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "case_search_trgm_idx" in plan, plan
