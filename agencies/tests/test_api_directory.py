"""The agency directory API (issue 17): staff read the agencies supervised within their
scope; a liaison, the observer and the administrators are told nothing (404)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.choices import AgencyType
from agencies.models import Agency, LiaisonMembership
from supervision.choices import Role
from supervision.models import User

LIST = reverse("api-agency-list")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _names(client: Client, query: str = "") -> set[str]:
    response = client.get(LIST + query)
    assert response.status_code == 200, response.content
    return {row["name"] for row in response.json()["results"]}


@pytest.mark.django_db
def test_a_procurator_reads_the_agencies_of_their_procuratorate(world):
    assert _names(_client(world.procurator)) == {world.court.name, world.police.name,
                                                world.market.name}


@pytest.mark.django_db
def test_a_supervisor_reads_their_subtree_and_a_sibling_procurator_only_their_own(world):
    assert _names(_client(world.supervisor)) == {world.court.name, world.police.name,
                                                 world.market.name, world.pt_court.name}
    assert _names(_client(world.pt_procurator)) == {world.pt_court.name}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["court_liaison", "observer", "sysadmin", "auditadmin"])
def test_who_is_not_staff_finds_no_directory(world, persona):
    client = _client(getattr(world, persona))
    assert client.get(LIST).status_code == 404
    assert client.get(reverse("api-agency-detail", args=[world.court.pk])).status_code == 404


@pytest.mark.django_db
def test_an_agency_outside_the_scope_is_not_found(world):
    client = _client(world.pt_procurator)
    assert client.get(reverse("api-agency-detail", args=[world.court.pk])).status_code == 404
    assert client.get(reverse("api-agency-detail", args=[world.pt_court.pk])).status_code == 200


@pytest.mark.django_db
def test_the_detail_names_the_type_the_superior_and_the_active_liaisons(world):
    gone = User.objects.create_user(username="gone", password="x" * 12, role=Role.LIAISON,
                                    agency=world.court, display_name="已停用联络员")
    LiaisonMembership.objects.create(user=gone, agency=world.court, is_active=False)
    world.court.memberships.filter(user=world.court_liaison).update(is_responsible=True)
    data = _client(world.procurator).get(
        reverse("api-agency-detail", args=[world.court.pk])).json()
    assert data["agency_type"] == AgencyType.COURT
    assert data["superior"] == "舟山市中级人民法院"
    assert data["superior_in_directory"] is False
    assert data["supervising_procuratorate"]["id"] == world.dinghai.pk
    assert data["liaisons"] == [{"name": "法院联络员", "is_responsible": True}]
    assert "contact_phone" not in data


@pytest.mark.django_db
def test_the_filters_narrow_and_never_widen(world):
    supervisor, procurator = _client(world.supervisor), _client(world.procurator)
    assert _names(supervisor, "?agency_type=court") == {world.court.name, world.pt_court.name}
    assert _names(supervisor, f"?procuratorate={world.putuo.pk}") == {world.pt_court.name}
    assert _names(procurator, "?q=公安") == {world.police.name}
    assert _names(procurator, "?q=中级人民法院") == {world.court.name}  # the superior's name
    nul = procurator.get(LIST + "?q=%00")  # refused by the form field, never sent to SQL
    assert nul.status_code == 400
    assert b"q" in nul.content
    # A procuratorate outside the caller's scope is not a choice: 400, naming the parameter.
    response = procurator.get(LIST + f"?procuratorate={world.putuo.pk}")
    assert response.status_code == 400
    assert b"procuratorate" in response.content
    assert procurator.get(LIST + "?agency_type=spaceship").status_code == 400


@pytest.mark.django_db
def test_the_list_is_keyset_paginated_by_name(world):
    client = _client(world.procurator)
    first = client.get(LIST + "?page_size=2").json()
    assert [row["name"] for row in first["results"]] == sorted(
        [world.court.name, world.police.name, world.market.name])[:2]
    assert first["count"] == 3
    assert "cursor=" in first["next"]
    rest = client.get(first["next"]).json()
    assert [row["name"] for row in rest["results"]] == sorted(
        [world.court.name, world.police.name, world.market.name])[2:]


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _add_agencies(world, n: int) -> None:
    start = Agency.objects.count()
    for i in range(n):
        superior = Agency.objects.create(
            name=f"上级机关{start + i}", agency_type=AgencyType.POLICE,
            supervising_procuratorate=world.dinghai)
        Agency.objects.create(name=f"测试单位{start + i}", agency_type=AgencyType.POLICE,
                              supervising_procuratorate=world.dinghai, superior=superior)


def _add_liaisons(world, n: int) -> None:
    start = User.objects.count()
    for i in range(n):
        user = User.objects.create_user(username=f"liaison{start + i}", password="x" * 12,
                                        role=Role.LIAISON, agency=world.court)
        LiaisonMembership.objects.create(user=user, agency=world.court)


@pytest.mark.django_db
def test_query_counts_are_pinned_and_flat_in_rows(world):
    # session, user, the bounded count, the page (with procuratorate and superior joined).
    client = _client(world.supervisor)
    client.get(LIST)
    first = _count(client, LIST)
    _add_agencies(world, 5)
    assert _count(client, LIST) == first == 4
    # session, user, the agency, its liaisons.
    detail = reverse("api-agency-detail", args=[world.court.pk])
    client.get(detail)
    first = _count(client, detail)
    _add_liaisons(world, 5)
    assert _count(client, detail) == first == 4
