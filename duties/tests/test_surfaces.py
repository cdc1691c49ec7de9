"""The shared surfaces of the agencies' duties (issue 19): the counting helpers, the registry's
test helpers, the intake overview, the staff navigation's entry, the portal's menu and the
dashboard's panel — all read from :mod:`duties.registry`, tested with the flows of
``tests/duty_flows.py`` registered alone."""

from __future__ import annotations

import dataclasses
import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import ClueTransfer
from duties.counts import count_each, count_grouped
from duties.registry import Flow, FlowFigure, flows, register, registered, unregister
from tests.duty_flows import REFUSALS, TEST_FLOWS, TRANSFERS, refusal, transfer

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- Counting many querysets at once ----------------------------------------------------------

def test_count_each_equals_count_in_one_query(world):
    transfer(world, agency=world.court)
    transfer(world, agency=world.police, replied_on=datetime.date(2026, 3, 9))
    transfer(world, agency=world.court, actor=world.pt_procurator,
             case=world.register_case(actor=world.pt_procurator, agency=world.pt_court))
    querysets = [ClueTransfer.objects.all(), ClueTransfer.objects.filter(replied_on__isnull=True),
                 ClueTransfer.objects.filter(recipient_agency=world.court),
                 ClueTransfer.objects.none(), ClueTransfer.objects.filter(pk__in=[]),
                 # a join that repeats rows, made distinct: counted as count() does
                 ClueTransfer.objects.filter(case__procuratorate__path__startswith=world.city.path)
                 .distinct(),
                 ClueTransfer.objects.values("recipient_agency").distinct()]
    expected = [qs.count() for qs in querysets]
    with CaptureQueriesContext(connection) as ctx:
        assert count_each(querysets) == expected == [3, 2, 2, 0, 0, 3, 2]
    assert len(ctx.captured_queries) == 1
    with CaptureQueriesContext(connection) as ctx:
        assert count_each([ClueTransfer.objects.none()]) == [0]
        assert count_each([]) == []
    assert len(ctx.captured_queries) == 0


def test_count_grouped_equals_a_grouped_count_in_one_query(world):
    transfer(world, agency=world.court)
    transfer(world, agency=world.court, replied_on=datetime.date(2026, 3, 9))
    transfer(world, agency=world.police)
    transfer(world, agency=None)
    refusal(world, agency=world.police)
    with CaptureQueriesContext(connection) as ctx:
        by_agency, replied, refused, empty = count_grouped([
            (ClueTransfer.objects.all(), "recipient_agency"),
            (ClueTransfer.objects.filter(replied_on__isnull=False), "recipient_agency"),
            (REFUSALS.figures[0].rows(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
             "agency"),
            (ClueTransfer.objects.none(), "recipient_agency")])
    assert len(ctx.captured_queries) == 1
    assert by_agency == {world.court.pk: 2, world.police.pk: 1, None: 1}
    assert replied == {world.court.pk: 1}
    assert refused == {world.police.pk: 1}
    assert empty == {}


# --- The registry's helpers -------------------------------------------------------------------

def test_registered_adds_or_replaces_and_always_restores():
    before = flows()
    with registered(*TEST_FLOWS, alone=True) as inside:
        assert [f.key for f in inside] == ["test_transfers", "test_refusals"]
    assert flows() == before
    with pytest.raises(RuntimeError), registered(TRANSFERS):
        assert TRANSFERS in flows()
        raise RuntimeError
    assert flows() == before


def test_a_figure_code_is_one_flow_s_only():
    twin = Flow(key="test_twin", label="重复", staff_url="cases:list",
                staff_pending=TRANSFERS.staff_pending, figures=(TRANSFERS.figures[0],))
    with registered(TRANSFERS, alone=True):
        with pytest.raises(ValueError, match="figure codes"):
            register(twin)
        with pytest.raises(ValueError, match="already registered"):
            register(Flow(key="test_transfers", label="另一个", staff_url="cases:list",
                          staff_pending=TRANSFERS.staff_pending))
        doubled = FlowFigure("x", "x", "x", "x", "x", TRANSFERS.figures[0].rows)
        with pytest.raises(ValueError, match="figure codes"):
            register(Flow(key="test_doubled", label="x", staff_url="cases:list",
                          staff_pending=TRANSFERS.staff_pending, figures=(doubled, doubled)))
        register(dataclasses.replace(twin, figures=()))
        unregister("test_twin")
        assert [f.key for f in flows()] == ["test_transfers"]


# --- The intake overview ----------------------------------------------------------------------

def _pending_rows(world) -> None:
    """定检: two transfers waiting, one answered, one refusal; 普检: one transfer waiting."""
    transfer(world, agency=world.court)
    transfer(world, agency=world.police)
    transfer(world, agency=world.court, replied_on=datetime.date(2026, 3, 9))
    refusal(world, agency=world.police)
    transfer(world, agency=world.pt_court, actor=world.pt_procurator,
             case=world.register_case(actor=world.pt_procurator, agency=world.pt_court))


def _counts(html: str, key: str) -> str:
    start = html.index(f'data-testid="queue-{key}"')
    marker = 'data-testid="queue-count">'
    at = html.index(marker, start) + len(marker)
    return html[at:html.index("<", at)]


@pytest.mark.parametrize(("persona", "transfers", "refusals", "total"), [
    ("procurator", "2", "1", 3), ("approver", "2", "1", 3),
    ("pt_procurator", "1", "0", 1), ("supervisor", "3", "1", 4)])
def test_intake_overview_counts_each_flow_within_the_viewer_s_scope(
        world, duty_flows, persona, transfers, refusals, total):
    _pending_rows(world)
    response = _client(getattr(world, persona)).get(reverse("duties:intake"))
    assert response.status_code == 200
    html = response.content.decode()
    assert _counts(html, "test_transfers") == transfers
    assert _counts(html, "test_refusals") == refusals
    assert f"共 {total} 件待处理" in html
    assert 'href="{}"'.format(reverse("cases:list")) in html
    # the navigation's entry carries the same total
    assert 'data-testid="nav-duties"' in html
    assert f'data-testid="nav-duties-total">{total}<' in html


@pytest.mark.parametrize("persona", ["assistant", "court_liaison", "police_liaison", "observer",
                                     "sysadmin", "secadmin", "auditadmin"])
def test_intake_overview_is_404_for_who_sees_no_flow_s_rows(world, duty_flows, persona):
    _pending_rows(world)
    response = _client(getattr(world, persona)).get(reverse("duties:intake"))
    assert response.status_code == 404
    assert 'data-testid="nav-duties"' not in response.content.decode()


def test_intake_overview_asks_an_anonymous_visitor_to_sign_in(world, duty_flows):
    response = Client().get(reverse("duties:intake"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_intake_overview_empty_states(world, no_duty_flows, duty_flows):
    client = _client(world.procurator)
    html = client.get(reverse("duties:intake")).content.decode()
    assert "目前没有待处理的协作事项" in html
    assert 'data-testid="nav-duties-total"' not in html  # nothing waiting: no badge


def test_intake_overview_without_any_flow(world, no_duty_flows):
    client = _client(world.procurator)
    response = client.get(reverse("duties:intake"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="intake-empty"' in html
    # no flow: no entry in the navigation (and no query for it)
    assert 'data-testid="nav-duties"' not in client.get(reverse("cases:list")).content.decode()


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_intake_overview_query_count_is_pinned_and_flat(world, duty_flows, django_assert_max_num_queries):
    """Session, user, the bell, the flows' counts (one query for all of them: the page's and
    the navigation's total read the same, counted once per request)."""
    _pending_rows(world)
    client = _client(world.supervisor)
    url = reverse("duties:intake")
    client.get(url)
    first = _queries(client, url)
    _pending_rows(world)
    _pending_rows(world)
    with django_assert_max_num_queries(first):
        client.get(url)
    assert _queries(client, url) == first == 5, first


def test_the_navigation_costs_one_query_for_all_flows(world, duty_flows):
    client = _client(world.procurator)
    url = reverse("cases:list")
    client.get(url)
    with_flows = _queries(client, url)
    with registered(alone=True):
        without = _queries(client, url)
    third = dataclasses.replace(TRANSFERS, key="test_third", figures=())
    with registered(*TEST_FLOWS, third, alone=True):
        three = _queries(client, url)
    assert with_flows == without + 1 == three


# --- The portal's menu ------------------------------------------------------------------------

def test_a_liaison_s_menu_counts_what_waits_for_their_agency_only(world, duty_flows):
    _pending_rows(world)
    court_html = _client(world.court_liaison).get(reverse("portal:inbox")).content.decode()
    assert 'data-testid="nav-duty-test_transfers"' in court_html
    assert 'data-testid="nav-duty-count">1<' in court_html  # one waiting for the court
    assert 'data-testid="nav-duty-test_refusals"' not in court_html  # no portal page
    assert 'data-testid="nav-duties"' not in court_html
    police_html = _client(world.police_liaison).get(reverse("portal:inbox")).content.decode()
    assert 'data-testid="nav-duty-count">1<' in police_html
    transfer(world, agency=world.police)
    police_html = _client(world.police_liaison).get(reverse("portal:inbox")).content.decode()
    assert 'data-testid="nav-duty-count">2<' in police_html
    # an agency with nothing waiting: the entry, no badge
    market = world.market
    from tests.world import _user

    market_liaison = _user("market_liaison", "liaison", agency=market)
    html = _client(market_liaison).get(reverse("portal:inbox")).content.decode()
    assert 'data-testid="nav-duty-test_transfers"' in html
    assert 'data-testid="nav-duty-count"' not in html


def test_a_flow_for_some_agency_types_is_offered_to_their_liaisons_only(world, duty_flows):
    """A court has no transfer notices to file: a flow naming the agency types it concerns is
    in the menu of those types' liaisons only (the police's here), and costs no query more."""
    police_only = dataclasses.replace(TRANSFERS, portal_agency_types=frozenset({"police"}))
    with registered(police_only, alone=True):
        court = _client(world.court_liaison)
        court_html = court.get(reverse("portal:inbox")).content.decode()
        police_html = _client(world.police_liaison).get(reverse("portal:inbox")).content.decode()
        assert 'data-testid="nav-duty-test_transfers"' not in court_html
        assert 'data-testid="nav-duty-test_transfers"' in police_html
        without_count = _queries(court, reverse("portal:inbox"))
    with registered(TRANSFERS, alone=True):
        assert _queries(court, reverse("portal:inbox")) == without_count + 1  # its count


def test_the_project_s_type_bound_flows_name_real_agency_types():
    from agencies.choices import AgencyType
    from duties.registry import flows

    bound = {flow.key: flow.portal_agency_types for flow in flows() if flow.portal_agency_types}
    assert set(bound) == {"transfer_notices", "commutation"}
    assert all(set(types) <= set(AgencyType.values) for types in bound.values())
    assert AgencyType.COURT not in bound["transfer_notices"] | bound["commutation"]


def test_the_portal_menu_costs_one_query(world, duty_flows):
    client = _client(world.court_liaison)
    url = reverse("portal:inbox")
    client.get(url)
    with_flows = _queries(client, url)
    with registered(alone=True):
        assert _queries(client, url) == with_flows - 1


# --- The dashboard's panel --------------------------------------------------------------------

def _panel(html: str, key: str) -> str:
    marker = f'data-testid="duty-count-{key}">'
    at = html.index(marker) + len(marker)
    return html[at:html.index("</td>", at)]


def test_dashboard_panel_counts_within_the_dashboard_scope(world, duty_flows):
    _pending_rows(world)
    supervisor = _client(world.supervisor).get(reverse("reporting:dashboard")).content.decode()
    assert 'data-testid="duty-queues"' in supervisor
    assert ">3</a>" in _panel(supervisor, "test_transfers")
    assert ">1</a>" in _panel(supervisor, "test_refusals")
    # the observer of 定检 reads the figures but may not open the queues: no links; the flow
    # that gives its unscoped pending rows counts for them, the other counts what the
    # observer may see of it (nothing)
    observer = _client(world.observer).get(reverse("reporting:dashboard")).content.decode()
    assert _panel(observer, "test_refusals") == "1"
    assert _panel(observer, "test_transfers") == "0"
    assert "<a" not in _panel(observer, "test_refusals")


def test_dashboard_without_flows_has_no_panel(world, no_duty_flows):
    html = _client(world.supervisor).get(reverse("reporting:dashboard")).content.decode()
    assert 'data-testid="duty-queues"' not in html


def test_the_dashboard_panel_costs_one_query_for_all_flows(world, duty_flows):
    """The panel one query, the navigation's total one, however many flows."""
    _pending_rows(world)
    client = _client(world.supervisor)
    url = reverse("reporting:dashboard")
    client.get(url)
    with_flows = _queries(client, url)
    with registered(alone=True):
        without = _queries(client, url)
    third = dataclasses.replace(TRANSFERS, key="test_third", figures=())
    with registered(*TEST_FLOWS, third, alone=True):
        assert _queries(client, url) == with_flows == without + 2


@pytest.mark.parametrize("persona", ["procurator", "assistant", "approver", "pt_procurator",
                                     "supervisor", "court_liaison", "police_liaison", "observer",
                                     "sysadmin", "secadmin", "auditadmin"])
def test_the_staff_entry_is_offered_exactly_to_who_may_open_the_overview(world, duty_flows,
                                                                         persona):
    """Never a 404 in the menu, and the overview always in the menu of who may open it."""
    client = _client(getattr(world, persona))
    may_open = client.get(reverse("duties:intake")).status_code == 200
    home = client.get("/", follow=True).content.decode()
    assert ('data-testid="nav-duties"' in home) == may_open, persona
    # a liaison's entries lead to pages that answer them
    for url in {reverse(f.portal_url) for f in TEST_FLOWS if f.portal_url}:
        if 'data-testid="nav-duty-' in home:
            assert client.get(url).status_code == 200
