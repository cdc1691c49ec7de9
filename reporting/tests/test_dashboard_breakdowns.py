"""The deadline dashboard as a place to act from (issue 16): the agencies' replies broken down
by department, procurator, kind and instrument type beside the procuratorates and agencies —
counted against a hand-built dataset whose answers are written here — and, for every persona
who sees the dashboard, every number on it a link to a list of exactly that length."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from recommendations import services
from recommendations.models import InstrumentType
from reporting import selectors
from supervision.choices import Role
from supervision.models import Department, Matter, User
from tests.world import PASSWORD

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
TODAY = NOW.date()

OVERDUE_SERVICE = datetime.date(2026, 8, 3)  # two months: due in October, overdue by weeks
DUE_THIS_WEEK = datetime.date(2026, 9, 25)  # due 2026-11-25, within 7 days of TODAY
LATER = datetime.date(2026, 11, 20)  # due in January

#: (department label, procurator) -> (overdue, due within 7 days, awaiting) for the supervisor
BY_DEPARTMENT = {"定检·第一检察部": (1, 0, 2), "定检·第八检察部": (1, 1, 2), "普检·第一检察部": (1, 0, 1)}
BY_PROCURATOR = {"陈立": (1, 0, 2), "李公益": (1, 1, 2), "赵未分": (1, 0, 1), "pt_procurator": (1, 0, 1)}
BY_KIND = {"刑事检察": (3, 0, 4), "民事检察": (0, 1, 1), "公益诉讼检察": (1, 0, 1)}
BY_TYPE = {"检察建议": (3, 1, 5), "公益诉讼诉前检察建议": (1, 0, 1)}


def _matter(code: str) -> Matter:
    return Matter.objects.filter(kind__code=code, children__isnull=True).first()


@pytest.fixture
def dataset(world):
    """Seven instruments, six awaiting a reply:

    - 陈立 (定检 第一检察部): a criminal case at the court, overdue; one at the police, due
      in January; and one the court has answered (no longer running, counted nowhere);
    - 李公益 (定检 第八检察部): a public-interest case at the market regulator, pre-litigation
      recommendation, overdue; a civil case at the court, due within the week;
    - 赵未分 (定检, no department): a criminal case at the court, overdue;
    - 普检's procurator (普检 第一检察部): a criminal case at 普检's court, overdue.
    """
    eighth = Department.objects.create(procuratorate=world.dinghai, name="第八检察部", code="八")
    pil = User.objects.create_user(username="pil", password=PASSWORD, role=Role.PROCURATOR,
                                   display_name="李公益", procuratorate=world.dinghai,
                                   department=eighth)
    undivided = User.objects.create_user(username="undivided", password=PASSWORD,
                                         role=Role.PROCURATOR, display_name="赵未分",
                                         procuratorate=world.dinghai)
    chief = User.objects.create_user(username="chief", password=PASSWORD, role=Role.CHIEF,
                                     display_name="检察长", procuratorate=world.dinghai)
    with time_machine.travel(NOW, tick=False):
        recs = {
            "court": world.served(OVERDUE_SERVICE),
            "police": world.served(LATER, case=world.register_case(agency=world.police)),
            "market": _served(
                world, OVERDUE_SERVICE, world.register_case(
                    actor=pil, agency=world.market, matter=_matter("public_interest"),
                    title="食品安全监管不到位"), chief,
                instrument_type=InstrumentType.objects.get(code="pil_pre_litigation")),
            "civil": _served(world, DUE_THIS_WEEK, world.register_case(
                actor=pil, matter=_matter("civil"), title="民事执行活动违法"), chief),
            "undivided": _served(world, OVERDUE_SERVICE, world.register_case(actor=undivided),
                                 chief),
            "putuo": world.served(OVERDUE_SERVICE, case=world.register_case(
                actor=world.pt_procurator, agency=world.pt_court)),
        }
        answered = world.served(OVERDUE_SERVICE)
        services.reply_submit(actor=world.court_liaison, recommendation=answered, content="已整改")
    return recs


def _served(world, served_on: datetime.date, case, approver: User, **kwargs):
    """Drafted, approved by ``approver`` (a department head approves their department's
    instruments only; the chief any), issued and served on ``served_on``."""
    rec = world.draft(case, **kwargs)
    services.recommendation_submit(actor=rec.case.handler, recommendation=rec)
    services.recommendation_approve(actor=approver, recommendation=rec)
    services.recommendation_issue(actor=rec.case.handler, recommendation=rec, issued_on=served_on)
    return services.recommendation_serve(actor=rec.case.handler, recommendation=rec,
                                         served_on=served_on)


def _triples(rows: list[dict], dimension: str) -> dict[str, tuple[int, int, int]]:
    return {row[f"{dimension}__name"]: (row["overdue"], row["due_7"], row["awaiting"]) for row in rows}


def test_the_supervisor_sees_each_department_procurator_kind_and_type(world, dataset):
    breakdown = selectors.deadline_breakdown(world.supervisor, TODAY)
    assert _triples(breakdown.by_department, "department") == BY_DEPARTMENT
    assert breakdown.no_department["awaiting"] == 1 and breakdown.no_department["overdue"] == 1
    assert _triples(breakdown.by_procurator, "procurator") == BY_PROCURATOR
    assert _triples(breakdown.by_kind, "kind") == BY_KIND
    assert _triples(breakdown.by_type, "type") == BY_TYPE
    # Kinds in the taxonomy's order; the departments and procurators most overdue first.
    assert [r["kind__name"] for r in breakdown.by_kind] == ["刑事检察", "民事检察", "公益诉讼检察"]
    assert breakdown.by_procurator[0]["procurator__name"] == "李公益"
    # Each breakdown adds up to the totals (the department one with the cases without one).
    for rows in (breakdown.by_procurator, breakdown.by_kind, breakdown.by_type):
        assert sum(r["awaiting"] for r in rows) == breakdown.totals["awaiting"] == 6
    assert sum(r["overdue"] for r in breakdown.by_department) + 1 == breakdown.totals["overdue"]


def test_a_procuratorates_own_staff_see_their_procuratorate_only(world, dataset):
    breakdown = selectors.deadline_breakdown(world.approver, TODAY)
    assert _triples(breakdown.by_department, "department") == {
        "定检·第一检察部": (1, 0, 2), "定检·第八检察部": (1, 1, 2)}
    assert "pt_procurator" not in _triples(breakdown.by_procurator, "procurator")
    assert _triples(breakdown.by_kind, "kind")["刑事检察"] == (2, 0, 3)
    putuo = selectors.deadline_breakdown(world.pt_procurator, TODAY)
    assert _triples(putuo.by_procurator, "procurator") == {"pt_procurator": (1, 0, 1)}
    assert _triples(putuo.by_department, "department") == {"普检·第一检察部": (1, 0, 1)}


def test_only_as_many_departments_and_procurators_as_asked(world, dataset):
    breakdown = selectors.deadline_breakdown(world.supervisor, TODAY, top=1)
    assert [r["procurator__name"] for r in breakdown.by_procurator] == ["李公益"]
    assert len(breakdown.by_department) == 1
    assert len(breakdown.by_kind) == 3  # kinds and types are never cut


# --- Every number is a link to a list of that length, for every persona -----------------------

#: A count on the dashboard that links somewhere: the href and the number it shows.
NUMBER_LINK = re.compile(r'<a [^>]*href="(/reporting/deadlines/[^"]+)"[^>]*>(\d+)</a>')
CARD = re.compile(r'href="(/reporting/deadlines/\w+/)" data-testid="card-(\w+)">.*?'
                  r'data-testid="count-\2">(\d+)</div>', re.DOTALL)


def _listed(page: str) -> int:
    return page.count('data-testid="deadline-row"') + page.count('data-testid="internal-row"')


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("persona", ["supervisor", "procurator", "assistant", "approver",
                                     "pt_procurator"])
def test_every_number_is_a_link_to_a_list_of_that_length(world, dataset, persona):
    client = _client(getattr(world, persona))
    with time_machine.travel(NOW, tick=False):
        page = client.get(reverse("reporting:dashboard")).content.decode()
        links = [(url.replace("&amp;", "&"), int(n)) for url, n in NUMBER_LINK.findall(page)]
        cards = [(url, int(n)) for url, _bucket, n in CARD.findall(page)]
        assert len(cards) == len(selectors.BUCKETS)
        for dimension in ("department", "procurator", "kind", "type"):
            assert any(f"?{dimension}=" in url for url, _n in links), (persona, dimension)
        for url, count in [*links, *cards]:
            response = client.get(url)
            assert response.status_code == 200, url
            assert _listed(response.content.decode()) == count, (persona, url)


def test_the_supervisors_dashboard_links_every_figure(world, dataset):
    """Counted from the rendered page: every non-zero figure of every breakdown is a link."""
    with time_machine.travel(NOW, tick=False):
        page = _client(world.supervisor).get(reverse("reporting:dashboard")).content.decode()
    links = {url.replace("&amp;", "&") for url, _n in NUMBER_LINK.findall(page)}
    departments = {row["department_id"] for row in
                   selectors.deadline_breakdown(world.supervisor, TODAY).by_department}
    for department in departments:
        assert f"/reporting/deadlines/awaiting/?department={department}" in links
        assert f"/reporting/deadlines/overdue/?department={department}" in links
    assert f"/reporting/deadlines/due_7/?procurator={User.objects.get(username='pil').pk}" in links
    assert 'data-testid="no-department"' in page


def test_the_observer_reads_the_counts_without_links_or_procurators(world, dataset):
    client = _client(world.observer)
    with time_machine.travel(NOW, tick=False):
        page = client.get(reverse("reporting:dashboard")).content.decode()
        assert NUMBER_LINK.findall(page) == []
        assert 'data-testid="breakdown-department"' in page
        assert 'data-testid="breakdown-kind"' in page
        # Figures by unit, never by the person who handles a case.
        assert 'data-testid="breakdown-procurator"' not in page and "陈立" not in page
        for query in ("department=1", "procurator=1", "kind=1", ""):
            assert client.get(f"/reporting/deadlines/overdue/?{query}").status_code == 404


def test_the_lists_filters_show_as_chips_and_combine(world, dataset):
    pil = User.objects.get(username="pil")
    eighth = Department.objects.get(name="第八检察部")
    civil = _matter("civil").kind
    client = _client(world.supervisor)
    url = reverse("reporting:deadline-list", args=["awaiting"])
    with time_machine.travel(NOW, tick=False):
        page = client.get(url, {"department": eighth.pk}).content.decode()
        assert _listed(page) == 2 and "部门：定检·第八检察部" in page
        assert f'name="department" value="{eighth.pk}"' in page  # kept when filtering further
        page = client.get(url, {"procurator": pil.pk, "kind": civil.pk}).content.decode()
        assert _listed(page) == 1 and dataset["civil"].number in page
        assert "承办检察官：李公益" in page and "检察类别：民事检察" in page
        pil_type = InstrumentType.objects.get(code="pil_pre_litigation")
        page = client.get(reverse("reporting:deadline-list", args=["overdue"]),
                          {"type": pil_type.pk}).content.decode()
        assert _listed(page) == 1 and dataset["market"].number in page
        assert "文书类型：公益诉讼诉前检察建议" in page


@pytest.mark.parametrize("params", [
    {"department": "999999"}, {"department": "x"}, {"procurator": "999999"},
    {"procurator": "1.5"}, {"kind": "999999"}, {"kind": "刑事"}])
def test_a_wrong_filter_says_so_and_lists_nothing(world, dataset, params):
    with time_machine.travel(NOW, tick=False):
        response = _client(world.supervisor).get(
            reverse("reporting:deadline-list", args=["awaiting"]), params)
    assert response.status_code == 200
    page = response.content.decode()
    assert _listed(page) == 0 and "invalid-feedback" in page


def test_another_procuratorates_department_and_procurator_are_refused(world, dataset):
    pt_department = world.pt_procurator.department
    with time_machine.travel(NOW, tick=False):
        client = _client(world.procurator)
        url = reverse("reporting:deadline-list", args=["overdue"])
        page = client.get(url, {"department": pt_department.pk}).content.decode()
        assert _listed(page) == 0 and "该部门不在您的查看范围内" in page
        page = client.get(url, {"procurator": world.pt_procurator.pk}).content.decode()
        assert _listed(page) == 0 and "该承办检察官不在您的查看范围内" in page
        # The supervisor above both sees 普检's.
        page = _client(world.supervisor).get(url, {"procurator": world.pt_procurator.pk})
        assert _listed(page.content.decode()) == 1


def test_the_export_carries_the_same_filters(world, dataset):
    import io

    from openpyxl import load_workbook

    pil = User.objects.get(username="pil")
    with time_machine.travel(NOW, tick=False):
        response = _client(world.supervisor).get(
            reverse("reporting:deadline-export", args=["awaiting"]), {"procurator": pil.pk})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)
                                     if hasattr(response, "streaming_content")
                                     else response.content)).active
    numbers = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]}
    assert numbers == {dataset["market"].number, dataset["civil"].number}
