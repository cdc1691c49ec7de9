"""A parameter the API documents with a set of values answers 400 naming it when sent with
another value: a page may fall back to its default, a system must be told (issue 17: the
fuzzing's negative data is rejected)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("persona", "url", "parameter"), [
    ("procurator", "/api/cases/?sort=bogus", "sort"),
    ("procurator", "/api/cases/export/csv/?sort=bogus", "sort"),
    ("procurator", "/api/notifications/?unread=maybe", "unread"),
    ("court_liaison", "/api/recommendations/?view=bogus", "view"),
    ("procurator", "/api/recommendations/?status=bogus", "status"),
    # Sent empty, a parameter the schema types (a date, an id, a choice) is refused too.
    ("procurator", "/api/transfer-notices/?transferred_from=", "transferred_from"),
    ("procurator", "/api/cases/?accepted_from=", "accepted_from"),
    ("procurator", "/api/recommendations/?status=", "status"),
])
def test_a_value_outside_the_documented_set_is_a_400_naming_the_parameter(
        world, persona, url, parameter):
    client = Client()
    client.force_login(getattr(world, persona))
    response = client.get(url)
    assert response.status_code == 400, response.content
    assert parameter.encode() in response.content


def test_the_documented_values_still_answer(world):
    client = Client()
    client.force_login(world.procurator)
    assert client.get("/api/cases/?sort=-accepted_on").status_code == 200
    assert client.get("/api/cases/export/csv/?sort=created").status_code == 200
    # Free text may be sent empty, as a search box sends it.
    assert client.get("/api/cases/?q=").status_code == 200


@pytest.mark.parametrize("query", ["order=sideways", "sort=bogus", "type=bogus"])
def test_the_ranking_tells_an_unknown_order_sort_or_type(world, query):
    client = Client()
    client.force_login(world.supervisor)
    response = client.get(f"/api/scorecards/?{query}")
    assert response.status_code == 400 and query.split("=")[0].encode() in response.content
