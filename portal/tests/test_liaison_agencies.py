"""A liaison who serves two agencies sees only the one they act for, switches explicitly in
the portal's header, and keeps their replies when a membership ends (moved from
``agencies/tests/test_memberships.py``: these exercise the instruments and the portal)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from agencies.models import LiaisonMembership
from agencies.services import memberships
from recommendations import services
from recommendations.permissions import recommendations_visible_to

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture
def two_agencies(world):
    """The court's liaison also serves the police; one instrument to each agency."""
    with time_machine.travel(NOW, tick=False):
        to_court = world.served(datetime.date(2026, 11, 2))
        to_police = world.served(datetime.date(2026, 11, 2),
                                 case=world.register_case(agency=world.police))
    memberships.liaison_join(actor=world.procurator, user=world.court_liaison, agency=world.police)
    return to_court, to_police


def test_a_liaison_sees_only_the_agency_they_act_for_and_switches_explicitly(world, two_agencies):
    to_court, to_police = two_agencies
    liaison = world.court_liaison
    assert list(recommendations_visible_to(liaison)) == [to_court]
    memberships.liaison_switch_agency(actor=liaison, agency=world.police)
    liaison.refresh_from_db()
    assert list(recommendations_visible_to(liaison)) == [to_police]


def test_the_header_switcher_appears_for_two_agencies_and_switches(world, two_agencies):
    client = Client()
    client.force_login(world.court_liaison)
    page = client.get(reverse("portal:inbox")).content.decode()
    assert 'data-testid="agency-switch"' in page and world.police.name in page
    response = client.post(reverse("portal-switch"), {"agency": world.police.pk}, follow=True)
    assert two_agencies[1].number in response.content.decode()
    assert two_agencies[0].number not in response.content.decode()


def test_deactivating_keeps_the_replies_and_moves_or_closes_the_account(world, two_agencies):
    to_court, _ = two_agencies
    reply = services.reply_submit(actor=world.court_liaison, recommendation=to_court, content="已整改")
    court = LiaisonMembership.objects.get(user=world.court_liaison, agency=world.court)
    memberships.liaison_deactivate(actor=world.approver, membership=court)
    world.court_liaison.refresh_from_db()
    assert world.court_liaison.is_active and world.court_liaison.agency == world.police
    police = LiaisonMembership.objects.get(user=world.court_liaison, agency=world.police)
    memberships.liaison_deactivate(actor=world.procurator, membership=police)
    world.court_liaison.refresh_from_db()
    assert not world.court_liaison.is_active
    reply.refresh_from_db()
    assert reply.author == world.court_liaison  # history kept
