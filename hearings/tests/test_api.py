"""The hearing API: the same services and refusals as the pages, visibility by the case, the
register's phone masked, bad input answered 400 in Chinese, never a 500."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from hearings.models import Hearing

from .conftest import TODAY
from .test_hearings import schedule

pytestmark = pytest.mark.django_db


def api(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, url: str, data: dict):
    return client.post(url, data, content_type="application/json")


def test_a_hearing_through_the_api(world, case, register, clock):
    client = api(world.procurator)
    response = post(client, reverse("api-hearing-list"), {
        "case": case.pk, "topic": "公开听证", "questions": "是否消极执行",
        "scheduled_at": "2026-11-20T09:30:00+08:00", "place": "听证室",
        "presiding": world.procurator.pk, "proposed_handling": "提出检察建议"})
    assert response.status_code == 201, response.json()
    hearing_id = response.json()["id"]
    base = reverse("api-hearing-detail", args=[hearing_id])
    ids = []
    for body in ({"role": "people_supervisor", "people_supervisor": register["li"].pk},
                 {"role": "expert", "name": "法学教授", "affiliation": "浙江海洋大学"}):
        response = post(client, base + "participants/", body)
        assert response.status_code == 201, response.json()
        ids.append(response.json()["id"])
    assert post(client, base + "notices/", {"participants": ids, "sent_on": "2026-11-16",
                                            "method": "phone"}).status_code == 201
    response = post(client, base + "hold/", {"held_at": "2026-11-20T09:40:00+08:00",
                                             "attended": ids, "record": "听证经过"})
    assert response.status_code == 200 and response.json()["status"] == "held"
    for pk in ids:
        response = post(client, reverse("api-hearing-opinion", args=[hearing_id, pk]),
                        {"opinion": "同意", "stance": "agree"})
        assert response.status_code == 200, response.json()
    response = post(client, base + "conclude/", {"outcome": "adopted", "decision": "提出检察建议",
                                                 "concluded_on": TODAY.isoformat()})
    assert response.status_code == 200
    detail = client.get(base).json()
    assert detail["outcome"] == "adopted" and len(detail["participants"]) == 2
    assert [p["stance"] for p in detail["participants"]] == ["agree", "agree"]
    assert len(detail["notices"]) == 2


def test_refusals_answer_in_chinese(world, case, register, clock):
    hearing = schedule(world, case)
    client = api(world.procurator)
    base = reverse("api-hearing-detail", args=[hearing.pk])
    response = post(client, base + "participants/",
                    {"role": "people_supervisor", "people_supervisor": register["ended"].pk})
    assert response.status_code == 400 and "任期届满" in response.content.decode()
    response = post(client, base + "participants/",
                    {"role": "people_supervisor", "people_supervisor": register["putuo"].pk})
    assert response.status_code == 400 and "名册" in response.content.decode()
    response = post(client, base + "conclude/", {"outcome": "adopted", "decision": "x",
                                                 "concluded_on": TODAY.isoformat()})
    assert response.status_code == 400 and "已安排" in response.content.decode()
    for body in ({"held_at": "not a date", "attended": [1], "record": "r"},
                 {"held_at": "2026-11-20T09:40:00+08:00", "attended": ["x"], "record": "r"},
                 {"held_at": "0001-01-01T00:00:00Z", "attended": [1], "record": "r"},
                 {"held_at": "2026-11-20T09:40:00+08:00", "attended": [99999999], "record": "r"}):
        assert post(client, base + "hold/", body).status_code == 400, body
    response = post(client, base + "notices/", {"participants": [2 ** 40], "sent_on": "2026-11-16",
                                                "method": "phone"})
    assert response.status_code == 400
    # Not the procuratorate's: 404, and the approver-only outcome refused with 403.
    assert post(api(world.pt_procurator), base + "cancel/", {"reason": "x"}).status_code == 404
    assert post(api(world.court_liaison), base + "cancel/", {"reason": "x"}).status_code == 404
    response = post(api(world.procurator), reverse("api-hearing-list"), {
        "case": 999999, "topic": "t", "questions": "q", "scheduled_at": "2026-11-20T09:30:00+08:00",
        "place": "p", "presiding": world.procurator.pk})
    assert response.status_code == 404
    assert Hearing.objects.count() == 1


def test_the_assistant_not_assigned_and_the_supervisor_above_read_but_do_not_write(
        world, case, clock):
    hearing = schedule(world, case)
    base = reverse("api-hearing-detail", args=[hearing.pk])
    assert api(world.supervisor).get(base).status_code == 200
    assert post(api(world.supervisor), base + "cancel/", {"reason": "x"}).status_code == 404
    assert api(world.assistant).get(base).status_code == 404


def test_the_register_through_the_api(world, register, clock):
    rows = api(world.procurator).get(reverse("api-people-supervisor-list")).json()["results"]
    names = {r["name"] for r in rows}
    assert "李海明" in names and "孙普陀" not in names
    li = next(r for r in rows if r["name"] == "李海明")
    assert li["phone"] == "138****5678"
    rows = api(world.procurator).get(reverse("api-people-supervisor-list"),
                                     {"availability": "available"}).json()["results"]
    assert "赵退任" not in {r["name"] for r in rows}
    assert api(world.court_liaison).get(reverse("api-people-supervisor-list")).json()["count"] == 0
    assert api(world.pt_procurator).get(
        reverse("api-people-supervisor-detail", args=[register["li"].pk])).status_code == 200
    assert api(world.procurator).get(
        reverse("api-people-supervisor-detail", args=[register["putuo"].pk])).status_code == 404


def test_the_list_query_count(world, case, clock, django_assert_max_num_queries):
    for day in (10, 12, 14):
        schedule(world, case, day=datetime.date(2026, 11, day))
    client = api(world.procurator)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("api-hearing-list")).json()["count"] == 3
    hearing = Hearing.objects.first()
    with django_assert_max_num_queries(8):
        client.get(reverse("api-hearing-detail", args=[hearing.pk]))


def test_changing_a_hearing_through_the_api(world, case, register, clock):
    hearing = schedule(world, case, day=datetime.date(2026, 12, 10))
    client = api(world.procurator)
    base = reverse("api-hearing-detail", args=[hearing.pk])
    assert post(client, base + "participants/", {"role": "people_supervisor",
                                                 "people_supervisor": register["li"].pk}
                ).status_code == 201
    body = {"topic": "改期后的听证", "questions": "问题", "place": "第二听证室",
            "scheduled_at": "2026-12-11T14:00:00+08:00", "presiding": world.procurator.pk}
    response = client.put(base, body, content_type="application/json")
    assert response.status_code == 200 and response.json()["place"] == "第二听证室"
    body["scheduled_at"] = "2028-06-01T14:00:00+08:00"  # after 李海明's term
    response = client.put(base, body, content_type="application/json")
    assert response.status_code == 400 and "李海明" in response.content.decode()
    assert api(world.supervisor).put(base, body, content_type="application/json"
                                     ).status_code == 404
