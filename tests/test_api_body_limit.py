"""A JSON body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` is a 413 in the one error shape, read no
further (DRF reads the raw stream, past Django's own check)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_an_oversized_json_body_is_a_413(world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client = Client()
    client.force_login(world.procurator)
    body = json.dumps({"title": "x" * 2000})
    response = client.post("/api/cases/", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["type"] == "client_error"
    small = client.post("/api/cases/", json.dumps({"title": "x"}), content_type="application/json")
    assert small.status_code == 400  # read and validated as before
