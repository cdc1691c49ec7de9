"""Similar-case detection (类案监督, seed 004 §3) against a hand-built dataset whose answers
are written here. Thresholds: 3 cases at one agency, 3 agencies of one type (the defaults,
set explicitly); the period 2026-01-01 to 2026-06-30; today 2026-07-01.

Every case is of one criminal matter M unless it says M2. The agencies: 定检 supervises the
court, police, police2 and police3 (公安, the last two made here); 普检 supervises police4.

=====  =========  ==========  =========================================================
case   agency     accepted    what it is for
=====  =========  ==========  =========================================================
P1     police     2026-02-01  the same-agency candidate police × M: P1, P2, P3
P2     police     2026-03-01
P3     police     2026-04-01  closed (结案) 2026-06-01: still counts
P0     police     2025-12-31  before the period: never counts
PT     police     2026-05-01  终结审查: never counts (the problem was not established)
Q2     police2    2026-05-10  with P1–P3 and Q3: 公安 × M across 3 agencies, 5 cases
Q3     police3    2026-05-20
C1     court      2026-02-10  court × M: 2 cases, a candidate only at a threshold of 2
C2     court      2026-03-10
N1     police     2026-03-15  matter M2: 1 case, nothing
X4     police4    2026-05-25  普检: outside the procurator's scope; the supervisor above
                              both sees 公安 × M across 4 agencies, 6 cases
=====  =========  ==========  =========================================================
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from agencies.choices import AgencyType
from agencies.models import Agency
from cases.services import case_transition
from recommendations.models import Recommendation
from reporting import similar as S
from supervision.models import Matter

D = datetime.date
TODAY = D(2026, 7, 1)
PERIOD = S.Period(D(2026, 1, 1), D(2026, 6, 30))
NOW = datetime.datetime(2026, 7, 1, 10, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
QUERY = {"from": "2026-01-01", "to": "2026-06-30"}


@pytest.fixture(autouse=True)
def _thresholds(settings):
    settings.SIMILAR_CASE_MIN_SAME_AGENCY = 3
    settings.SIMILAR_CASE_MIN_ACROSS_AGENCIES = 3
    settings.SIMILAR_CASE_DAYS = 365


@pytest.fixture
def data(world) -> dict:
    police2 = Agency.objects.create(name="舟山市公安局定海分局城东派出所", agency_type=AgencyType.POLICE,
                                    supervising_procuratorate=world.dinghai)
    police3 = Agency.objects.create(name="舟山市公安局定海分局临城派出所", agency_type=AgencyType.POLICE,
                                    supervising_procuratorate=world.dinghai)
    police4 = Agency.objects.create(name="舟山市公安局普陀分局", agency_type=AgencyType.POLICE,
                                    supervising_procuratorate=world.putuo)
    m2 = Matter.objects.filter(kind__code="criminal", children__isnull=True).exclude(
        pk=world.matter.pk).first()
    with time_machine.travel(NOW, tick=False):
        def case(agency, day, **kwargs):
            return world.register_case(agency=agency, accepted_on=day, **kwargs)

        cases = {
            "P1": case(world.police, D(2026, 2, 1)), "P2": case(world.police, D(2026, 3, 1)),
            "P3": case(world.police, D(2026, 4, 1)), "P0": case(world.police, D(2025, 12, 31)),
            "PT": case(world.police, D(2026, 5, 1)), "Q2": case(police2, D(2026, 5, 10)),
            "Q3": case(police3, D(2026, 5, 20)), "C1": case(world.court, D(2026, 2, 10)),
            "C2": case(world.court, D(2026, 3, 10)), "N1": case(world.police, D(2026, 3, 15), matter=m2),
            "X4": case(police4, D(2026, 5, 25), actor=world.pt_procurator),
        }
        actor = world.procurator
        case_transition(actor=actor, case=cases["PT"], action="terminate", reason="申请人撤回申请",
                        decided_on=D(2026, 5, 5))
        case_transition(actor=actor, case=cases["P3"], action="supervise")
        case_transition(actor=actor, case=cases["P3"], action="close", reason="已纠正",
                        decided_on=D(2026, 6, 1))
    return {"cases": cases, "police2": police2, "police3": police3, "police4": police4}


def _keys(found: list[S.Candidate]) -> list[tuple]:
    return [(c.matter_id, c.where, c.cases, c.agencies) for c in found]


def test_the_procurator_sees_one_candidate_of_each_kind(world, data):
    m = world.matter.pk
    assert _keys(S.candidates(S.SAME_AGENCY, world.procurator, PERIOD)) == [
        (m, world.police.name, 3, 1)]  # P1 P2 P3: not P0 (before), PT (终结审查), N1 (M2)
    assert _keys(S.candidates(S.ACROSS_AGENCIES, world.procurator, PERIOD)) == [
        (m, "公安机关/侦查机关", 5, 3)]  # P1 P2 P3 Q2 Q3; X4 is 普检's


def test_the_supervisor_above_counts_the_lower_procuratorates_together(world, data):
    assert _keys(S.candidates(S.ACROSS_AGENCIES, world.supervisor, PERIOD)) == [
        (world.matter.pk, "公安机关/侦查机关", 6, 4)]
    # Narrowed to 普检: one case, no candidate.
    assert S.candidates(S.ACROSS_AGENCIES, world.supervisor, PERIOD, procuratorate=world.putuo) == []


def test_a_procurator_elsewhere_sees_nothing_of_it(world, data):
    assert S.candidates(S.SAME_AGENCY, world.pt_procurator, PERIOD) == []
    assert S.candidates(S.ACROSS_AGENCIES, world.pt_procurator, PERIOD) == []


def test_the_thresholds_are_settings(world, data, settings):
    settings.SIMILAR_CASE_MIN_SAME_AGENCY = 2
    settings.SIMILAR_CASE_MIN_ACROSS_AGENCIES = 4
    assert _keys(S.candidates(S.SAME_AGENCY, world.procurator, PERIOD)) == [
        (world.matter.pk, world.police.name, 3, 1), (world.matter.pk, world.court.name, 2, 1)]
    assert S.candidates(S.ACROSS_AGENCIES, world.procurator, PERIOD) == []


def test_a_case_outside_the_period_does_not_count(world, data):
    # From 2025-12-31: P0 joins police × M.
    longer = S.Period(D(2025, 12, 31), D(2026, 6, 30))
    assert _keys(S.candidates(S.SAME_AGENCY, world.procurator, longer))[0][2] == 4
    # From 2026-02-02: P1 leaves, police × M falls below 3.
    shorter = S.Period(D(2026, 2, 2), D(2026, 6, 30))
    assert S.candidates(S.SAME_AGENCY, world.procurator, shorter) == []


def test_the_default_period_is_the_last_configured_days(settings):
    assert S.default_period(TODAY) == S.Period(D(2025, 7, 2), TODAY)
    settings.SIMILAR_CASE_DAYS = 30
    assert S.default_period(TODAY) == S.Period(D(2026, 6, 2), TODAY)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _detail(kind: str, **params) -> str:
    from django.utils.http import urlencode

    return reverse("reporting:similar-detail", args=[kind]) + "?" + urlencode({**params, **QUERY})


def test_the_page_lists_both_kinds_with_links_to_each_candidate(world, data):
    with time_machine.travel(NOW, tick=False):
        response = _client(world.procurator).get(reverse("reporting:similar"), QUERY)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="count-same-agency">1<' in page
    assert 'data-testid="count-across-agencies">1<' in page
    assert _detail(S.SAME_AGENCY, matter=world.matter.pk, agency=world.police.pk).replace(
        "&", "&amp;") in page


def test_without_a_candidate_the_page_says_what_the_thresholds_are(world):
    with time_machine.travel(NOW, tick=False):
        page = _client(world.procurator).get(reverse("reporting:similar")).content.decode()
    assert "同一单位同一监督事项达到 3 件" in page
    assert 'data-testid="empty-same-agency"' in page and 'data-testid="empty-across-agencies"' in page


def test_a_bad_period_is_a_form_error(world):
    response = _client(world.procurator).get(reverse("reporting:similar"),
                                             {"from": "2026-06-30", "to": "2026-01-01"})
    assert response.status_code == 200
    assert "截止日期不能早于起始日期" in response.content.decode()


def test_the_detail_lists_exactly_the_cases_behind_the_candidate(world, data):
    cases = data["cases"]
    with time_machine.travel(NOW, tick=False):
        same = _client(world.procurator).get(
            _detail(S.SAME_AGENCY, matter=world.matter.pk, agency=world.police.pk))
        across = _client(world.procurator).get(
            _detail(S.ACROSS_AGENCIES, matter=world.matter.pk, agency_type="police"))
    assert [c.pk for c in same.context["cases"]] == [cases[k].pk for k in ("P3", "P2", "P1")]
    assert [c.pk for c in across.context["cases"]] == [cases[k].pk for k in
                                                       ("Q3", "Q2", "P3", "P2", "P1")]
    assert cases["P1"].get_absolute_url() in same.content.decode()


@pytest.mark.parametrize("params", [
    {"matter": "abc", "agency": "1"},
    {"agency": "1"},
    {"matter": "1"},
    {"matter": "1", "agency": "99999999999"},
    {"matter": "1", "agency": "1", "from": "2026-13-01"},
    {"matter": "1", "agency": "1", "from": "2026-06-30", "to": "2026-01-01"},
    {"matter": "1", "agency": "1", "procuratorate": "abc"},
])
def test_bad_parameters_answer_404(world, data, params):
    url = reverse("reporting:similar-detail", args=[S.SAME_AGENCY])
    assert _client(world.procurator).get(url, {**QUERY, **params}).status_code == 404


def test_a_key_below_the_thresholds_or_outside_the_scope_answers_404(world, data):
    court = _detail(S.SAME_AGENCY, matter=world.matter.pk, agency=world.court.pk)
    police = _detail(S.SAME_AGENCY, matter=world.matter.pk, agency=world.police.pk)
    with time_machine.travel(NOW, tick=False):
        assert _client(world.procurator).get(court).status_code == 404
        assert _client(world.pt_procurator).get(police).status_code == 404
        assert _client(world.observer).get(police).status_code == 404
        assert _client(world.assistant).get(police).status_code == 404
        assert _client(world.procurator).get(
            reverse("reporting:similar-detail", args=["nonsense"]) + "?matter=1").status_code == 404


def test_every_table_exports_to_xlsx(world, data):
    import io

    client = _client(world.procurator)
    with time_machine.travel(NOW, tick=False):
        listing = client.get(reverse("reporting:similar-export", args=[S.ACROSS_AGENCIES]), QUERY)
        detail = client.get(reverse("reporting:similar-detail-export", args=[S.SAME_AGENCY]),
                            {**QUERY, "matter": world.matter.pk, "agency": world.police.pk})
    rows = list(load_workbook(io.BytesIO(listing.content)).active.values)
    assert rows[1][1:5] == (world.matter.name, "公安机关/侦查机关", 5, 3)
    numbers = [r[0] for r in list(load_workbook(io.BytesIO(detail.content)).active.values)[1:]]
    assert numbers == [data["cases"][k].number for k in ("P3", "P2", "P1")]


def test_the_button_starts_a_batch_draft_to_the_agencies_of_the_cases(world, data):
    url = _detail(S.ACROSS_AGENCIES, matter=world.matter.pk, agency_type="police")
    client = _client(world.procurator)
    with time_machine.travel(NOW, tick=False):
        page = client.get(url)
        assert page.context["plan"].anchor == data["cases"]["Q3"]  # the most recent
        response = client.post(url.replace("/across-agencies/", "/across-agencies/draft/"))
    lead = Recommendation.objects.get(case=data["cases"]["Q3"])
    assert response.status_code == 302 and response["Location"] == lead.get_absolute_url()
    assert lead.instrument_type.code == "social_governance_recommendation"
    assert set(lead.batch.addressees.all()) == {world.police, data["police2"], data["police3"]}
    assert lead.title == "关于公安机关/侦查机关" + world.matter.name.removesuffix("问题") + "问题的类案监督检察建议"
    for key in ("P1", "P2", "P3", "Q2", "Q3"):
        assert data["cases"][key].number in lead.case_source
    assert data["cases"]["PT"].number not in lead.case_source


def test_a_same_agency_candidate_starts_a_draft_to_that_agency_on_the_latest_open_case(world, data):
    url = _detail(S.SAME_AGENCY, matter=world.matter.pk, agency=world.police.pk)
    with time_machine.travel(NOW, tick=False):
        _client(world.procurator).post(url.replace("/same-agency/", "/same-agency/draft/"))
    rec = Recommendation.objects.get()
    assert rec.case == data["cases"]["P2"]  # P3 is closed: no new instrument on it
    assert rec.agency == world.police and rec.batch is None


def test_the_supervisor_reads_the_cases_but_sees_no_button(world, data):
    url = _detail(S.ACROSS_AGENCIES, matter=world.matter.pk, agency_type="police")
    client = _client(world.supervisor)
    with time_machine.travel(NOW, tick=False):
        page = client.get(url)
        assert len(page.context["cases"]) == 6
        assert 'data-testid="start-similar-draft"' not in page.content.decode()
        assert client.post(url.replace("/across-agencies/", "/across-agencies/draft/")).status_code == 404
    assert not Recommendation.objects.exists()
