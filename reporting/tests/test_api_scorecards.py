"""The scorecard API (issue 17): the ranking and one agency's card, read through the pages'
own functions — the same figures, period, scope and refusals as the scorecard pages."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import Agency
from recommendations import services
from reporting.permissions import scorecard_rules
from reporting.scorecards import FIGURES, scorecard

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
RANKING = reverse("api-scorecard-ranking")
PERIOD = "?start=2026-01-01&end=2026-11-23"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _card(world, agency: Agency) -> str:
    return reverse("api-scorecard", args=[agency.pk]) + PERIOD


def _replied(world, agency: Agency | None = None, n: int = 1) -> None:
    agency = agency or world.court
    actor = world.pt_procurator if agency == world.pt_court else world.procurator
    for _ in range(n):
        case = world.register_case(actor=actor, agency=agency)
        rec = world.served(datetime.date(2026, 9, 2), case=case)
        if agency == world.court:
            services.reply_submit(actor=world.court_liaison, recommendation=rec, content="已整改")


@pytest.fixture
def travel():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.django_db
def test_the_card_holds_the_pages_figures(world, travel, no_duty_flows):
    _replied(world, n=2)
    client = _client(world.procurator)
    data = client.get(_card(world, world.court)).json()
    expected = scorecard(world.court, datetime.date(2026, 1, 1), datetime.date(2026, 11, 23),
                         rules=scorecard_rules(world.procurator), today=NOW.date())
    assert data["values"] == {f.code: expected[f.code] for f in FIGURES}
    assert data["values"]["received"] == 2
    # Served 2 September, due 2 November, answered today: late, both.
    assert data["values"]["replied_late"] == 2
    assert data["agency"] == {"id": world.court.pk, "name": world.court.name,
                              "agency_type": "court", "procuratorate": world.dinghai.name}
    assert [f["code"] for f in data["figures"]] == [f.code for f in FIGURES]
    assert (data["start"], data["end"]) == ("2026-01-01", "2026-11-23")


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "own", "sibling"), [
    ("procurator", 200, 404),       # 定检: its own agencies, not 普检's
    ("observer", 200, 404),
    ("pt_procurator", 404, 200),    # 普检: not 定检's court
    ("supervisor", 200, 200),       # 舟检: both below it
    ("court_liaison", 200, 404),    # its own agency's card only
    ("police_liaison", 404, 404),
    ("sysadmin", 404, 404),
])
def test_each_card_answers_as_the_page_does(world, travel, persona, own, sibling):
    client = _client(getattr(world, persona))
    assert client.get(_card(world, world.court)).status_code == own
    assert client.get(_card(world, world.pt_court)).status_code == sibling


@pytest.mark.django_db
def test_the_ranking_ranks_the_agencies_of_one_type_in_scope(world, travel):
    _replied(world, n=1)
    _replied(world, world.pt_court)
    rows = _client(world.supervisor).get(RANKING + PERIOD + "&type=court&sort=received").json()
    # One instrument served on each: equal figures share the first rank, then by name.
    assert [(r["name"], r["rank"], r["received"]) for r in rows["results"]] == sorted(
        [(world.court.name, 1, 1), (world.pt_court.name, 1, 1)])
    assert rows["agency_type"] == "court"
    assert rows["sort"] == "received" and rows["order"] == "desc"
    # 定检's procurator ranks 定检's courts only; the supervisor may narrow to 普检.
    mine = _client(world.procurator).get(RANKING + PERIOD + "&type=court").json()["results"]
    assert [r["name"] for r in mine] == [world.court.name]
    putuo = _client(world.supervisor).get(
        RANKING + PERIOD + f"&type=court&procuratorate={world.putuo.pk}").json()["results"]
    assert [r["name"] for r in putuo] == [world.pt_court.name]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["court_liaison", "police_liaison", "sysadmin", "secadmin"])
def test_who_may_not_rank_gets_404(world, travel, persona):
    assert _client(getattr(world, persona)).get(RANKING).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "field"), [
    ("?start=2026-13-01", b"start"),
    ("?start=2026-11-23&end=2026-01-01", b"end"),
    ("?type=spaceship", b"type"),
    ("?sort=nothing", b"sort"),
])
def test_a_bad_parameter_is_a_400_naming_it(world, travel, query, field):
    client = _client(world.procurator)
    response = client.get(RANKING + query)
    assert response.status_code == 400
    assert field in response.content
    if field in (b"start", b"end"):
        card = client.get(reverse("api-scorecard", args=[world.court.pk]) + query)
        assert card.status_code == 400
        assert field in card.content


@pytest.mark.django_db
def test_a_sibling_supervisor_cannot_narrow_to_a_procuratorate_outside_their_scope(world, travel):
    response = _client(world.procurator).get(RANKING + f"?procuratorate={world.putuo.pk}")
    assert response.status_code == 400
    assert b"procuratorate" in response.content


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _add_courts(world, n: int) -> None:
    for _ in range(n):
        agency = Agency.objects.create(name=f"测试法院{Agency.objects.count()}",
                                       agency_type="court", supervising_procuratorate=world.dinghai)
        _replied(world, agency)


@pytest.mark.django_db
def test_query_counts_are_pinned_and_flat_in_rows(world, travel, no_duty_flows):
    _replied(world, n=1)
    client = _client(world.supervisor)
    ranking = RANKING + PERIOD + "&type=court"
    card = _card(world, world.court)
    client.get(ranking)
    client.get(card)
    # session, user, the types' counts, the agencies, their instruments, five event counts.
    first_ranking, first_card = _count(client, ranking), _count(client, card)
    _add_courts(world, 4)
    _replied(world, n=4)
    assert _count(client, ranking) == first_ranking == 10
    # session, user, the agency, its row, its instruments, five event counts.
    assert _count(client, card) == first_card == 10
