"""The case list: filters shared by the page, the API and the exports; keyset pagination;
htmx partial; exports hold only visible rows."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook

from cases.services import PartyInput, case_transition
from cases.tests.test_registration import PERSON_ID
from supervision.models import Matter

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture
def cases(world):
    with time_machine.travel(NOW, tick=False):
        civil = Matter.objects.get(kind__code="civil", name="消极执行")
        made = {
            "seizure": world.register_case(title="违法扣押监督案", accepted_on=datetime.date(2026, 3, 1),
                                           parties=[PartyInput("张某某", id_number=PERSON_ID)]),
            "juvenile": world.register_case(title="未成年人社区矫正监督案", juvenile=True,
                                            accepted_on=datetime.date(2026, 6, 1)),
            "civil": world.register_case(title="消极执行监督案", matter=civil,
                                         accepted_on=datetime.date(2026, 9, 1), agency=world.police),
            "putuo": world.register_case(actor=world.pt_procurator, agency=world.pt_court,
                                         title="普陀扣押案", accepted_on=datetime.date(2026, 9, 2)),
        }
        made["overdue"] = world.served(datetime.date(2026, 8, 3), case=world.register_case(
            title="逾期未回复案", accepted_on=datetime.date(2026, 8, 1))).case
    return made


def _titles(client: Client, url: str, **params) -> list[str]:
    data = client.get(url, params).json()
    return [row["title"] for row in data["results"]]


@pytest.mark.parametrize(("params", "expected"), [
    ({}, {"违法扣押监督案", "未成年人社区矫正监督案", "消极执行监督案", "逾期未回复案"}),
    ({"juvenile": "true"}, {"未成年人社区矫正监督案"}),
    ({"kind": "civil"}, {"消极执行监督案"}),
    ({"status": ["supervising"]}, {"逾期未回复案"}),
    ({"overdue": "true"}, {"逾期未回复案"}),
    ({"accepted_from": "2026-05-01", "accepted_to": "2026-08-31"}, {"未成年人社区矫正监督案", "逾期未回复案"}),
    ({"agency": "police"}, {"消极执行监督案"}),
    ({"q": "扣押"}, {"违法扣押监督案"}),
    ({"q": "张某某"}, {"违法扣押监督案"}),
])
def test_filters_on_the_api_and_the_page(world, cases, params, expected):
    params = dict(params)
    if params.get("kind"):
        params["kind"] = Matter.objects.get(name="消极执行").kind_id
    if params.get("agency"):
        params["agency"] = world.police.pk
    client = Client()
    client.force_login(world.procurator)
    with time_machine.travel(NOW, tick=False):
        assert set(_titles(client, "/api/cases/", **params)) == expected
        page = client.get("/cases/", params).content.decode()
    for title in ("违法扣押监督案", "未成年人社区矫正监督案", "消极执行监督案", "逾期未回复案", "普陀扣押案"):
        assert (title in page) == (title in expected), title


def test_a_supervisor_filters_by_procuratorate_subtree(world, cases):
    client = Client()
    client.force_login(world.supervisor)
    # five cases below, less the juvenile one: a higher procuratorate does not see it
    assert len(_titles(client, "/api/cases/")) == 4
    assert _titles(client, "/api/cases/", procuratorate=world.putuo.pk) == ["普陀扣押案"]
    assert len(_titles(client, "/api/cases/", procuratorate=world.city.pk)) == 4
    assert "检察院（含下级）" in client.get("/cases/").content.decode()


def test_a_parent_matter_finds_its_childrens_cases(world, cases):
    client = Client()
    client.force_login(world.procurator)
    parent = world.matter.parent
    assert "违法扣押监督案" in _titles(client, "/api/cases/", matter=parent.pk)


def test_keyset_pagination_walks_every_row_once_in_both_directions(world, cases):
    with time_machine.travel(NOW, tick=False):
        for i in range(7):
            world.register_case(title=f"批量{i}", accepted_on=datetime.date(2026, 10, 1 + i % 3))
    client = Client()
    client.force_login(world.procurator)
    for sort in ("-accepted_on", "accepted_on", "-created", "created"):
        seen, url = [], f"/api/cases/?page_size=3&sort={sort}"
        while url:
            data = client.get(url).json()
            seen += [(row["accepted_on"], row["id"]) for row in data["results"]]
            url = data["next"]
        assert len(seen) == len(set(seen)) == 11, sort
        key = (lambda r: (r[0], r[1])) if sort == "accepted_on" else (
            (lambda r: (r[0], r[1])) if sort == "-accepted_on" else (lambda r: r[1]))
        assert seen == sorted(seen, key=key, reverse=sort.startswith("-")), sort
    # the page: next/previous links, never an OFFSET page number
    page = client.get("/cases/", {"page_size": 3}).content.decode()
    assert "cursor=" in page and "?page=" not in page
    assert "共 11 件" in page
    following = page.split('hx-get="')[-1].split('"')[0].replace("&amp;", "&")
    assert "cursor=" in following and client.get(following).status_code == 200


def test_the_page_answers_htmx_with_the_table_only(world, cases):
    client = Client()
    client.force_login(world.procurator)
    partial = client.get("/cases/", {"q": "扣押"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="case-results")
    html = partial.content.decode()
    assert "违法扣押监督案" in html and "<html" not in html and "case-filters" not in html
    full = client.get("/cases/", {"q": "扣押"}).content.decode()
    assert 'hx-get="/cases/"' in full and "<html" in full


def test_exports_hold_the_current_filter_and_only_visible_rows(world, cases):
    client = Client()
    client.force_login(world.procurator)
    response = client.get("/cases/export.csv", {"q": "扣押"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "案号" and [r[1] for r in rows[1:]] == ["违法扣押监督案"]
    assert PERSON_ID not in text and PERSON_ID[-4:] in text  # masked
    response = client.get("/cases/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    titles = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert titles == {"违法扣押监督案", "未成年人社区矫正监督案", "消极执行监督案", "逾期未回复案"}
    api = client.get("/api/cases/export/csv/", {"juvenile": "true"})
    api_rows = list(csv.reader(io.StringIO(b"".join(api.streaming_content).decode("utf-8-sig"))))
    assert [r[1] for r in api_rows[1:]] == ["未成年人社区矫正监督案"]
    client.force_login(world.pt_procurator)
    response = client.get("/cases/export.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [r[1] for r in rows[1:]] == ["普陀扣押案"]


def test_the_api_registers_warns_of_duplicates_and_moves_the_case(world):
    client = Client()
    client.force_login(world.procurator)
    body = {"matter": world.matter.pk, "agency": world.court.pk, "title": "API 登记", "summary": "案情",
            "parties": [{"name": "张某某", "id_number": PERSON_ID}],
            "related_numbers": [{"number": "（2025）浙0902刑初1号"}]}
    created = client.post("/api/cases/", body, content_type="application/json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["parties"][0]["id_number"] != PERSON_ID and data["parties"][0]["id_number"].endswith(PERSON_ID[-4:])
    again = client.post("/api/cases/", body, content_type="application/json")
    assert again.status_code == 409 and again.json()["extra"]["duplicates"][0]["id"] == data["id"]
    assert again.json()["errors"][0]["code"] == "duplicate_case"
    assert client.post("/api/cases/", body | {"confirm_duplicate": True},
                       content_type="application/json").status_code == 201
    moved = client.post(f"/api/cases/{data['id']}/transition/", {"action": "review"},
                        content_type="application/json")
    assert moved.status_code == 200 and moved.json()["status"] == "reviewing"
    refused = client.post(f"/api/cases/{data['id']}/transition/", {"action": "close", "reason": "x"},
                          content_type="application/json")
    assert refused.status_code == 400
    measure = client.post(f"/api/cases/{data['id']}/measures/", {
        "measure_type": "query", "taken_on": datetime.date.today().isoformat(), "target": "银行"})
    assert measure.status_code == 201
    # Only agencies this procuratorate supervises, in the API as in the forms.
    other = client.post(f"/api/cases/{data['id']}/measures/", {
        "measure_type": "query", "taken_on": datetime.date.today().isoformat(), "target": "法院",
        "agency": world.pt_court.pk})
    assert other.status_code == 400 and other.json()["errors"] == [
        {"code": "invalid", "detail": "该单位不由本院监督。", "attr": "agency"}]
    elsewhere = client.post("/api/cases/", body | {"agency": world.pt_court.pk,
                                                   "confirm_duplicate": True},
                            content_type="application/json")
    assert elsewhere.status_code == 400 and elsewhere.json()["errors"] == [
        {"code": "invalid", "detail": "该单位不由本院监督。", "attr": "agency"}]
    bad = client.post("/api/cases/", body | {"parties": [{"name": "李某", "id_number": "123"}],
                                               "related_numbers": []}, content_type="application/json")
    assert bad.status_code == 400
    assert [e["attr"] for e in bad.json()["errors"]] == ["parties"]


def test_finishing_a_case_keeps_it_in_the_closed_filter(world, cases):
    with time_machine.travel(NOW, tick=False):
        case = case_transition(actor=world.procurator, case=cases["seizure"], action="terminate",
                               reason="申请人撤回申请")
    client = Client()
    client.force_login(world.procurator)
    assert _titles(client, "/api/cases/", closed_from="2026-11-01") == ["违法扣押监督案"]
    assert case.closed_on == NOW.date()


def test_an_unknown_sort_falls_back_to_the_default_in_the_page_export(world, cases):
    client = Client()
    client.force_login(world.procurator)
    response = client.get("/cases/export.csv", {"sort": "no-such-sort"})
    assert response.status_code == 200
    assert len(b"".join(response.streaming_content).decode("utf-8-sig").splitlines()) == 5
    # A system is told instead (tests/test_api_strict_params.py).
    assert client.get("/api/cases/export/csv/", {"sort": "no-such-sort"}).status_code == 400
