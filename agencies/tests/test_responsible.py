"""The agency's responsible person (单位负责人, may sign off its replies): chosen when the
liaison is invited, and set or withdrawn on the liaison list by the staff who may deactivate
liaisons; everyone else gets 404 (or PermissionDenied from the service)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from agencies import selectors
from agencies.models import LiaisonMembership
from agencies.services import invitations, memberships
from supervision.models import AuditEntry


def _invite(world, email="clerk@court.example", agency=None, **kwargs):
    return invitations.liaison_invite(
        actor=world.procurator, agency=agency or world.court, email=email, display_name="书记员",
        accept_url=lambda uid, token: f"http://testserver/invite/{uid}/{token}/", **kwargs)


def _membership(user, agency) -> LiaisonMembership:
    return LiaisonMembership.objects.get(user=user, agency=agency)


def test_the_invitation_can_name_the_responsible_person_and_the_membership_keeps_it(world):
    head = _invite(world, is_responsible=True)
    clerk = _invite(world, email="clerk2@court.example")
    assert _membership(head, world.court).is_responsible
    assert not _membership(clerk, world.court).is_responsible
    assert list(selectors.responsible_liaisons(world.court)) == [head]
    entry = AuditEntry.objects.get(action="liaison_invite", target_id=str(head.pk))
    assert entry.data["responsible"] == "True"
    # Accepting the link changes nothing about it.
    invitations.liaison_accept(user=head, password="Court-head-2026")
    assert list(selectors.responsible_liaisons(world.court)) == [head]


def test_inviting_an_existing_liaison_to_another_agency_as_its_responsible_person(world):
    world.court_liaison.email = "court@example.org"
    world.court_liaison.save()
    _invite(world, email="court@example.org", agency=world.police, is_responsible=True)
    assert _membership(world.court_liaison, world.police).is_responsible
    assert not _membership(world.court_liaison, world.court).is_responsible
    # Re-inviting without the box keeps an active membership's designation.
    _invite(world, email="court@example.org", agency=world.police)
    assert _membership(world.court_liaison, world.police).is_responsible


def test_a_reactivated_membership_starts_without_the_designation_unless_asked(world):
    memberships.liaison_join(actor=world.procurator, user=world.court_liaison,
                             agency=world.police, is_responsible=True)
    police = _membership(world.court_liaison, world.police)
    memberships.liaison_deactivate(actor=world.procurator, membership=police)
    memberships.liaison_join(actor=world.procurator, user=world.court_liaison, agency=world.police)
    assert not _membership(world.court_liaison, world.police).is_responsible


def test_the_invite_form_carries_the_checkbox(world):
    client = Client()
    client.force_login(world.procurator)
    page = client.get(reverse("liaison-invite")).content.decode()
    assert 'name="is_responsible"' in page and "单位负责人（可签发回复）" in page
    response = client.post(reverse("liaison-invite"), {
        "agency": world.court.pk, "display_name": "院办主任", "email": "head@court.example",
        "is_responsible": "on"})
    assert response.status_code == 302
    head = LiaisonMembership.objects.get(user__email="head@court.example")
    assert head.is_responsible and head.agency == world.court


@pytest.mark.parametrize("persona", ["procurator", "approver", "sysadmin"])
def test_staff_who_may_deactivate_set_and_withdraw_the_responsible_person(world, persona):
    actor = getattr(world, persona)
    membership = _membership(world.court_liaison, world.court)
    client = Client()
    client.force_login(actor)
    url = reverse("liaison-responsible", args=[membership.pk])
    page = client.get(reverse("liaison-invite")).content.decode()
    assert url in page and "设为单位负责人" in page
    response = client.post(url, {"responsible": "1"}, follow=True)
    assert "已将" in response.content.decode()
    membership.refresh_from_db()
    assert membership.is_responsible
    assert "取消单位负责人" in response.content.decode()
    assert AuditEntry.objects.filter(action="liaison_set_responsible", actor=actor,
                                     data__responsible="True").exists()
    client.post(url, {"responsible": "0"})
    membership.refresh_from_db()
    assert not membership.is_responsible
    assert AuditEntry.objects.filter(action="liaison_set_responsible",
                                     data__responsible="False").count() == 1


@pytest.mark.parametrize("persona", ["pt_procurator", "assistant", "supervisor", "court_liaison",
                                     "police_liaison", "observer", "secadmin", "auditadmin"])
def test_everyone_else_gets_404_and_nothing_changes(world, persona):
    membership = _membership(world.court_liaison, world.court)
    client = Client()
    client.force_login(getattr(world, persona))
    url = reverse("liaison-responsible", args=[membership.pk])
    assert client.post(url, {"responsible": "1"}).status_code == 404
    membership.refresh_from_db()
    assert not membership.is_responsible
    assert not AuditEntry.objects.filter(action="liaison_set_responsible").exists()


def test_the_toggle_is_post_only_and_needs_a_login(world):
    membership = _membership(world.court_liaison, world.court)
    url = reverse("liaison-responsible", args=[membership.pk])
    assert Client().post(url, {"responsible": "1"}).status_code == 302  # to the login page
    client = Client()
    client.force_login(world.procurator)
    assert client.get(url).status_code == 405


def test_the_service_refuses_other_procuratorates_and_deactivated_memberships(world):
    membership = _membership(world.court_liaison, world.court)
    with pytest.raises(PermissionDenied):
        memberships.liaison_set_responsible(actor=world.pt_procurator, membership=membership,
                                            responsible=True)
    spare = _membership(_invite(world), world.court)
    memberships.liaison_deactivate(actor=world.procurator, membership=spare)
    with pytest.raises(ValidationError, match="已停用"):
        memberships.liaison_set_responsible(actor=world.procurator, membership=spare,
                                            responsible=True)
    client = Client()
    client.force_login(world.procurator)
    response = client.post(reverse("liaison-responsible", args=[spare.pk]), {"responsible": "1"},
                           follow=True)
    assert "已停用的联络员不能设为单位负责人" in response.content.decode()
    spare.refresh_from_db()
    assert not spare.is_responsible


def test_the_page_shows_the_agencys_sign_off_setting(world):
    world.court.reply_requires_signoff = True
    world.court.save()
    client = Client()
    client.force_login(world.procurator)
    page = client.get(reverse("liaison-invite")).content.decode()
    assert 'data-testid="signoff-required"' in page
    assert 'data-testid="no-signer"' in page and world.court.name in page
    memberships.liaison_set_responsible(
        actor=world.procurator, membership=_membership(world.court_liaison, world.court),
        responsible=True)
    page = client.get(reverse("liaison-invite")).content.decode()
    assert 'data-testid="signoff-required"' in page and 'data-testid="no-signer"' not in page
