"""A liaison who serves two agencies and opens the other agency's duty page (a notification
of it, a bookmark) is offered the explicit switch, as on an instrument — not a bare 404; a
row neither agency may see, and anyone else, still get 404."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import resolve, reverse

from agencies.services import memberships
from duties.services import material_requests as svc

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture
def to_police(world):
    """A material request to the police; the court's liaison also serves the police."""
    with time_machine.travel(NOW, tick=False):
        case = world.register_case(agency=world.police)
        request = svc.material_request_send(actor=world.procurator, case=case, agency=world.police,
                                            items="讯问录音录像", period_days=10)
    memberships.liaison_join(actor=world.procurator, user=world.court_liaison, agency=world.police)
    return request


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_other_agency_s_page_offers_the_switch_and_comes_back_to_it(world, to_police):
    client = _client(world.court_liaison)
    url = reverse("portal:material-request", args=[to_police.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="switch-agency"' in html and world.police.name in html
    assert "讯问录音录像" not in html  # nothing of the row before the switch
    switched = client.post(reverse("portal-switch"), {"agency": world.police.pk, "next": url},
                           follow=True)
    assert switched.redirect_chain[-1][0] == url
    assert "讯问录音录像" in switched.content.decode()
    world.court_liaison.refresh_from_db()
    assert world.court_liaison.agency == world.police


def test_no_switch_without_an_active_membership_of_the_row_s_agency(world, to_police):
    other = _client(world.court_liaison)
    membership = world.court_liaison.memberships.get(agency=world.police)
    memberships.liaison_deactivate(actor=world.procurator, membership=membership)
    assert other.get(reverse("portal:material-request", args=[to_police.pk])).status_code == 404


def test_a_row_neither_agency_sees_stays_404_and_a_post_is_never_offered_the_switch(
        world, to_police):
    client = _client(world.court_liaison)
    with time_machine.travel(NOW, tick=False):
        case = world.register_case(agency=world.market)
        elsewhere = svc.material_request_send(actor=world.procurator, case=case,
                                              agency=world.market, items="台账", period_days=10)
    assert client.get(reverse("portal:material-request", args=[elsewhere.pk])).status_code == 404
    answer = client.post(reverse("portal:material-request", args=[to_police.pk]),
                         {"answer": "已提供"})
    assert answer.status_code == 404


def test_every_duty_detail_page_of_the_portal_offers_the_switch():
    """Each flow's detail page in the liaison's menu goes through ``offer_agency_switch``
    (with its own getter; the behaviour is the one tested above)."""
    from duties.registry import flows

    detail_names = {"material_requests": "material-request", "situation_reports":
                    "situation-report", "commutation": "commutation-detail",
                    "transfer_notices": "transfer-notice", "clue_feedback": "clue-feedback-detail",
                    "meetings": "meeting-detail"}
    assert {flow.key for flow in flows() if flow.portal_url} == set(detail_names)
    for name in detail_names.values():
        view = resolve(reverse(f"portal:{name}", args=[1])).func
        assert getattr(view, "offers_agency_switch", False), name
