"""The what-if API gives what ``manage.py deadline`` gives, with the document's own period."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse


@pytest.fixture
def client(world) -> Client:
    client = Client()
    client.force_login(world.procurator)
    return client


def preview(client: Client, **query) -> dict:
    response = client.get(reverse("api-deadline-preview"), query)
    assert response.status_code == 200, response.content
    return response.json()


def test_the_rule_the_document_and_the_provisional_flag(client):
    data = preview(client, rule="default", start="2025-08-01")
    assert data["due_date"] == "2025-10-09" and data["raw_end"] == "2025-10-01"
    assert not data["provisional"] and not data["period"]["overridden"]
    assert "国庆节" in data["shifted_for"]
    short = preview(client, rule="pil_pre_litigation_urgent", start="2025-03-03")
    assert short["due_date"] == "2025-03-18"
    days = preview(client, rule="default", start="2025-08-01", days=15)
    assert days["due_date"] == "2025-08-18" and days["period"] == {
        "amount": 15, "unit": "days", "overridden": True}
    months = preview(client, rule="recommendation", start="2027-08-01", months=1)
    assert months["due_date"] == "2027-09-01" and months["provisional"]
    assert "暂定" in months["explanation_text"]


def test_bad_queries_are_refused(client):
    url = reverse("api-deadline-preview")
    assert client.get(url, {"rule": "default", "start": "2025-08-01", "days": 3,
                            "months": 1}).status_code == 400
    assert client.get(url, {"rule": "default", "start": "2025-08-01", "days": 0}).status_code == 400
    assert client.get(url, {"rule": "nope", "start": "2025-08-01"}).status_code == 400
