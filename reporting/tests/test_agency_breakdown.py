"""From the dashboard to one agency's overdue replies (issues 14 and 16): the agencies with
the most overdue replies, each count a link to the list behind it, and that list showing the
same count; the list narrowed by agency, procuratorate, type and overdue age, and sorted."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reporting import selectors

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
TODAY = NOW.date()


@pytest.fixture
def spread(world):
    """The court: two overdue (since 2026-06 and 2026-11), one awaiting; the police: one
    overdue; 普检's court: one overdue (outside 定检's scope, inside the city supervisor's)."""
    with time_machine.travel(NOW, tick=False):
        court_old = world.served(datetime.date(2026, 4, 1))
        court_new = world.served(datetime.date(2026, 9, 10))
        court_open = world.served(datetime.date(2026, 11, 20))
        police = world.served(datetime.date(2026, 8, 3),
                              case=world.register_case(agency=world.police))
        pt = world.served(datetime.date(2026, 8, 3), case=world.register_case(
            actor=world.pt_procurator, agency=world.pt_court))
    return {"court_old": court_old, "court_new": court_new, "court_open": court_open,
            "police": police, "pt": pt}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def rows_of(page: str) -> int:
    return page.count('data-testid="deadline-row"')


def test_the_agencies_with_most_overdue_come_first_with_their_counts(world, spread):
    rows = selectors.deadline_breakdown(world.supervisor, TODAY).by_agency
    assert [(r["agency__name"], r["overdue"], r["awaiting"]) for r in rows][:1] == [
        (world.court.name, 2, 3)]
    assert {r["agency__name"]: r["overdue"] for r in rows} == {
        world.court.name: 2, world.police.name: 1, world.pt_court.name: 1}
    # A procurator's scope is their procuratorate: 普检's court is not there.
    mine = selectors.deadline_breakdown(world.procurator, TODAY).by_agency
    assert world.pt_court.name not in {r["agency__name"] for r in mine}


def test_every_number_on_the_dashboard_links_to_a_list_of_that_length(world, spread):
    client = client_for(world.supervisor)
    with time_machine.travel(NOW, tick=False):
        page = client.get(reverse("reporting:dashboard")).content.decode()
        links = re.findall(
            r'href="(/reporting/deadlines/\w+/\?(?:agency|procuratorate|age)=\w+)"[^>]*>(\d+)</a>', page)
        assert len(links) >= 11
        for url, count in links:
            listed = client.get(url.replace("&amp;", "&")).content.decode()
            assert rows_of(listed) == int(count), url


def test_the_agency_list_names_the_agency_and_drops_it_with_its_chip(world, spread):
    client = client_for(world.supervisor)
    with time_machine.travel(NOW, tick=False):
        url = reverse("reporting:deadline-list", args=["overdue"])
        page = client.get(url, {"agency": world.court.pk}).content.decode()
        assert rows_of(page) == 2 and world.police.name not in page.split("<tbody>")[1]
        assert f"被监督单位：{world.court.name}" in page
        # Most overdue first; the sort link turns it round.
        assert page.index(spread["court_old"].number) < page.index(spread["court_new"].number)
        turned = client.get(url, {"agency": world.court.pk, "sort": "-due"}).content.decode()
        assert turned.index(spread["court_new"].number) < turned.index(spread["court_old"].number)


@pytest.mark.parametrize(("age", "keys"), [
    ("1_7", set()), ("8_30", {"court_new"}), ("31_90", {"police", "pt"}), ("90_plus", {"court_old"})])
def test_overdue_by_age(world, spread, age, keys):
    counts = selectors.deadline_counts(world.supervisor, TODAY)
    assert counts[f"age_{age}"] == len(keys)
    assert sum(counts[f"age_{a}"] for a in selectors.OVERDUE_AGES) == counts["overdue"]
    with time_machine.travel(NOW, tick=False):
        page = client_for(world.supervisor).get(
            reverse("reporting:deadline-list", args=["overdue"]), {"age": age}).content.decode()
    assert {k for k, rec in spread.items() if rec.number in page} == keys


def test_narrowed_to_a_procuratorate_and_a_type(world, spread):
    with time_machine.travel(NOW, tick=False):
        client = client_for(world.supervisor)
        url = reverse("reporting:deadline-list", args=["awaiting"])
        assert rows_of(client.get(url, {"procuratorate": world.putuo.pk}).content.decode()) == 1
        assert rows_of(client.get(url, {"type": world.recommendation_type.pk}).content.decode()) == 5


@pytest.mark.parametrize("params", [
    {"agency": "999999"}, {"agency": "x"}, {"age": "forever"}, {"type": "abc"},
    {"procuratorate": "999999"}])
def test_a_wrong_filter_says_so_and_lists_nothing(world, spread, params):
    with time_machine.travel(NOW, tick=False):
        response = client_for(world.supervisor).get(
            reverse("reporting:deadline-list", args=["overdue"]), params)
    assert response.status_code == 200
    page = response.content.decode()
    assert rows_of(page) == 0 and "invalid-feedback" in page


def test_an_agency_outside_the_viewers_scope_is_refused(world, spread):
    with time_machine.travel(NOW, tick=False):
        page = client_for(world.procurator).get(
            reverse("reporting:deadline-list", args=["overdue"]),
            {"agency": world.pt_court.pk}).content.decode()
    assert rows_of(page) == 0 and "该被监督单位不在您的查看范围内" in page


def test_the_dashboards_query_count_does_not_grow_with_agencies(world, spread, no_duty_flows):
    client = client_for(world.supervisor)
    url = reverse("reporting:dashboard")
    with time_machine.travel(NOW, tick=False):
        client.get(url)
        with CaptureQueriesContext(connection) as first:
            client.get(url)
        world.served(datetime.date(2026, 8, 3), case=world.register_case(agency=world.market))
        with CaptureQueriesContext(connection) as second:
            client.get(url)
    assert len(first) == len(second) == 13


def test_the_list_exports_the_same_rows_as_xlsx(world, spread):
    import io

    from openpyxl import load_workbook

    with time_machine.travel(NOW, tick=False):
        client = client_for(world.supervisor)
        page = client.get(reverse("reporting:deadline-list", args=["overdue"]),
                          {"agency": world.court.pk}).content.decode()
        assert f'export.xlsx?agency={world.court.pk}' in page
        response = client.get(reverse("reporting:deadline-export", args=["overdue"]),
                              {"agency": world.court.pk})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][0] == "文号" and values[0][-1] == "逾期天数"
    assert [(r[0], r[3]) for r in values[1:]] == [
        (spread["court_old"].number, world.court.name), (spread["court_new"].number, world.court.name)]
    assert values[1][-1] == (TODAY - spread["court_old"].due_date).days > 90


def test_an_observer_exports_nothing(world, spread):
    response = client_for(world.observer).get(
        reverse("reporting:deadline-export", args=["overdue"]))
    assert response.status_code == 404
