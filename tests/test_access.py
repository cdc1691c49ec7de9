"""What is not yours answers 404: pages, the PDF and the API, for every outsider persona."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture
def served(world):
    with time_machine.travel(NOW, tick=False):
        return world.served(datetime.date(2026, 11, 2))


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _urls(rec) -> dict[str, str]:
    return {
        "page": reverse("recommendations:detail", args=[rec.pk]),
        "portal": reverse("portal:detail", args=[rec.pk]),
        "pdf": reverse("recommendations:pdf", args=[rec.pk]),
        "api": reverse("api-recommendation-detail", args=[rec.pk]),
        "case": reverse("cases:detail", args=[rec.case_id]),
        "case_api": reverse("api-case-detail", args=[rec.case_id]),
    }


@pytest.mark.parametrize("persona", ["police_liaison", "pt_court_liaison", "pt_procurator",
                                     "observer", "sysadmin"])
def test_an_outsider_gets_404_everywhere(world, served, persona):
    client = _client(getattr(world, persona))
    for name, url in _urls(served).items():
        assert client.get(url).status_code == 404, (persona, name)


def test_another_agencys_liaison_sees_nothing_in_lists_or_api(world, served):
    client = _client(world.police_liaison)
    assert served.number not in client.get(reverse("portal:inbox")).content.decode()
    assert client.get(reverse("api-recommendation-list")).json()["count"] == 0


def test_the_addressed_liaison_sees_the_instrument_pdf_and_api(world, served):
    client = _client(world.court_liaison)
    urls = _urls(served)
    assert served.number in client.get(reverse("portal:inbox")).content.decode()
    assert client.get(urls["portal"]).status_code == 200
    pdf = client.get(urls["pdf"])
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert client.get(urls["api"]).json()["number"] == served.number
    # the case file itself stays with the procuratorate
    assert client.get(urls["case"]).status_code == 404


def test_a_liaison_does_not_see_a_draft_addressed_to_their_agency(world):
    draft = world.draft()
    client = _client(world.court_liaison)
    assert client.get(reverse("portal:detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("api-recommendation-detail", args=[draft.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["procurator", "approver", "supervisor"])
def test_insiders_and_supervisors_above_see_it(world, served, persona):
    client = _client(getattr(world, persona))
    urls = _urls(served)
    for name in ("page", "pdf", "api", "case", "case_api"):
        assert client.get(urls[name]).status_code == 200, (persona, name)


def test_anonymous_users_are_sent_to_login_and_the_api_refuses(served):
    client = Client()
    urls = _urls(served)
    assert client.get(urls["page"]).status_code == 302
    api = client.get(urls["api"])
    assert api.status_code == 401 and api["WWW-Authenticate"] == "Token"


def test_dashboard_counts_only_what_the_viewer_may_see(world, served):
    with time_machine.travel(NOW, tick=False):
        world.served(datetime.date(2026, 11, 2), case=world.register_case(actor=world.pt_procurator,
                                                                          agency=world.pt_court))
        from reporting.selectors import deadline_counts
        assert deadline_counts(world.supervisor)["awaiting"] == 2
        assert deadline_counts(world.approver)["awaiting"] == 1
        assert deadline_counts(world.pt_procurator)["awaiting"] == 1
        assert deadline_counts(world.observer)["awaiting"] == 1
        assert set(deadline_counts(world.court_liaison).values()) == {0}
