"""Bad input answers 4xx with a reason, never a 500 (issue 15): ids that are not numbers or
are beyond 64 bits, a preview start date at the edge of the calendar, a JSON body nested
thousands deep or malformed."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.procurator)
    return client


@pytest.mark.parametrize("url", [
    "/api/cases/false/transfers/", "/api/cases/false/", "/api/recommendations/abc/",
    "/api/cases/99999999999999999999999/", "/cases/99999999999999999999999/",
    "/instruments/99999999999999999999/", "/portal/abc/"])
def test_a_malformed_or_huge_id_is_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("start", ["9999-12-31", "0001-01-01", "1999-12-31", "2100-01-01"])
def test_a_preview_start_out_of_range_is_400_with_the_reason(client, start):
    response = client.get("/api/deadlines/preview/", {"rule": "default", "start": start})
    assert response.status_code == 400
    assert [e["attr"] for e in response.json()["errors"]] == ["start"]


def test_a_preview_in_range_still_answers(client):
    response = client.get("/api/deadlines/preview/", {"rule": "default", "start": "2099-12-31"})
    assert response.status_code == 200


@pytest.mark.parametrize("body", ["[" * 5000 + "]" * 5000, '{"a":' * 3000 + "1" + "}" * 3000,
                                  "{bad", '{"title": "[[[[\\"}'])
def test_a_hostile_json_body_is_400(client, body):
    response = client.post("/api/cases/", data=body, content_type="application/json")
    assert response.status_code == 400


def test_brackets_inside_strings_do_not_count_as_depth():
    from supervision.api.parsers import MAX_DEPTH, _depth

    assert _depth(b'{"a": "' + b"[" * 100 + b'", "b": [1, {"c": "\\"{{{"}]}') == 3
    assert _depth(b"[" * (MAX_DEPTH + 1)) == MAX_DEPTH + 1
