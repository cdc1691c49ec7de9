"""A liaison who serves two agencies switches explicitly; only the staff who may invite for an
agency deactivate its liaisons. What a liaison sees of each agency's instruments, and the
history deactivation keeps, are tested in ``portal/tests/test_liaison_agencies.py``."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from agencies import selectors
from agencies.models import LiaisonMembership
from agencies.services import invitations, memberships


def test_switching_to_an_agency_one_does_not_serve_is_refused(world):
    with pytest.raises(PermissionDenied):
        memberships.liaison_switch_agency(actor=world.court_liaison, agency=world.police)
    client = Client()
    client.force_login(world.court_liaison)
    assert client.post(reverse("portal-switch"), {"agency": world.police.pk}).status_code == 404


def test_inviting_an_existing_liaison_adds_the_agency_to_their_login(world, django_capture_on_commit_callbacks):
    world.court_liaison.email = "court@example.org"
    world.court_liaison.save()
    with django_capture_on_commit_callbacks(execute=True):
        user = invitations.liaison_invite(actor=world.procurator, agency=world.police,
                                          email="COURT@example.org", display_name="x",
                                          accept_url=lambda uid, token: "unused")
    assert user == world.court_liaison
    assert set(selectors.active_memberships(user).values_list("agency__name", flat=True)) == {
        world.court.name, world.police.name}
    from supervision.services import emails  # the outbox row, sent as the worker would

    assert [emails.email_send(pk) for pk in emails.due_email_ids()] == ["sent"]
    assert "已将您添加为" in mail.outbox[-1].body


def test_only_staff_of_the_supervising_procuratorate_deactivate(world):
    membership = LiaisonMembership.objects.get(user=world.court_liaison)
    with pytest.raises(PermissionDenied):
        memberships.liaison_deactivate(actor=world.pt_procurator, membership=membership)
    client = Client()
    client.force_login(world.pt_procurator)
    assert client.post(reverse("liaison-deactivate", args=[membership.pk])).status_code == 404
