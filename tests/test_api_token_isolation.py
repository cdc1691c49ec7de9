"""What a token sees (issue 17): a liaison's token acts for that liaison's agency only, a
procuratorate's system account's token within that procuratorate — through the same
``visible_to`` querysets as the pages — and neither reaches what its account may not."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client

from cases import services as case_services
from cases.models import InterferenceRecord
from supervision.choices import Role
from supervision.services import api_tokens as services

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
SERVED = datetime.date(2026, 11, 2)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def two_agencies(world):
    """An instrument served on 定检's court (agency A) and one on 普检's court (agency B)."""
    mine = world.served(SERVED, items=["一、依法纠正"])
    theirs = world.served(SERVED, case=world.register_case(actor=world.pt_procurator,
                                                           agency=world.pt_court),
                          items=["一、依法纠正"])
    record = case_services.interference_record_create(
        actor=world.procurator, case=mine.case, occurred_on=NOW.date(), intervener="某某",
        intervener_post="某局", manner="phone", content="过问")
    return mine, theirs, record


def _api(user, *, actor=None, scope="act") -> Client:
    _, plain = services.api_token_create(actor=actor or user, user=user, name="对接",
                                         scope=scope, days=30)
    return Client(HTTP_AUTHORIZATION=f"Token {plain}")


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_a_liaison_token_sees_its_agency_only(world, two_agencies):
    mine, theirs, _ = two_agencies
    client = _api(world.court_liaison)
    assert _ids(client.get("/api/recommendations/")) == {mine.pk}
    assert client.get(f"/api/recommendations/{mine.pk}/").status_code == 200
    assert client.get(f"/api/recommendations/{theirs.pk}/").status_code == 404
    assert _ids(client.get(f"/api/recommendations/?agency={world.pt_court.pk}")) == set()
    assert _ids(client.get(f"/api/recommendations/?case={theirs.case_id}")) == set()
    # ... and the other agency's liaison, the other way round.
    other = _api(world.pt_court_liaison)
    assert _ids(other.get("/api/recommendations/")) == {theirs.pk}
    assert other.get(f"/api/recommendations/{mine.pk}/").status_code == 404


def test_a_liaison_token_reaches_no_staff_endpoint(world, two_agencies):
    mine, _, record = two_agencies
    client = _api(world.court_liaison)
    assert _ids(client.get("/api/cases/")) == set()
    assert client.get(f"/api/cases/{mine.case_id}/").status_code == 404
    assert _ids(client.get("/api/interference-records/")) == set()
    assert client.get(f"/api/interference-records/{record.pk}/").status_code == 404
    # Acting as staff: refused as the case is not told to exist.
    response = client.post(f"/api/cases/{mine.case_id}/interference/", {
        "occurred_on": "2026-11-20", "intervener": "某某", "intervener_post": "某局",
        "manner": "phone", "content": "过问"}, content_type="application/json")
    assert response.status_code == 404
    assert InterferenceRecord.objects.count() == 1


def test_a_system_account_token_sees_its_procuratorate_only(world, two_agencies):
    mine, theirs, _ = two_agencies
    account = services.system_account_create(
        actor=world.secadmin, username="dingjian-system", display_name="定检办案系统",
        procuratorate=world.dinghai, role=Role.SUPERVISOR)
    client = _api(account, actor=world.secadmin, scope="read")
    assert _ids(client.get("/api/recommendations/")) == {mine.pk}
    assert client.get(f"/api/recommendations/{theirs.pk}/").status_code == 404
    assert _ids(client.get("/api/cases/")) == {mine.case_id}
    assert client.get(f"/api/cases/{theirs.case_id}/").status_code == 404
    # Read-only: it may not act, even where its role could.
    response = client.post(f"/api/cases/{mine.case_id}/interference/", {},
                           content_type="application/json")
    assert response.status_code == 403


def test_a_staff_token_with_the_act_scope_acts_as_its_person(world, two_agencies):
    mine, theirs, _ = two_agencies
    client = _api(world.procurator, scope="act")
    response = client.post(f"/api/cases/{mine.case_id}/interference/", {
        "occurred_on": "2026-11-20", "intervener": "某某", "intervener_post": "某局",
        "manner": "phone", "content": "过问"}, content_type="application/json")
    assert response.status_code == 201, response.content
    assert InterferenceRecord.objects.count() == 2
    assert client.get(f"/api/recommendations/{theirs.pk}/").status_code == 404
