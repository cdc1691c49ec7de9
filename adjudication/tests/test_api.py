"""The adjudication API: the same rules as the pages — visibility (404), the services'
refusals (400 for bad input and wrong state, 403 for the wrong person), the query counts."""

from __future__ import annotations

import datetime

import pytest
from rest_framework.test import APIClient

from adjudication.models import Attendance

from .conftest import TODAY, notice

pytestmark = pytest.mark.django_db

LIST = "/api/adjudication-attendances/"


def fields(response) -> set[str]:
    """The fields a 400 names (the project's error format: ``errors[].attr``)."""
    return {e.get("attr") for e in response.json()["errors"]}


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def body(world, **kwargs) -> dict:
    return {"court": world.court.pk, "subject": "李某贩卖毒品案", "category": "death_penalty",
            "notice_received_on": "2026-11-16", "meeting_at": "2026-11-20T14:30:00+08:00",
            "court_case_number": "（2026）浙09刑初5号", **kwargs}


def test_the_whole_way_through_the_api(world, chief, case, clock):
    created = api(world.procurator).post(LIST, body(world, case=case.pk,
                                                    draft_opinion="建议依法判处。"),
                                         format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["case_number"] == case.number and created.json()["status"] == "notified"
    # The procurator may not attend: the wrong person.
    attend = {"attendee": chief.pk, "attended_at": "2026-11-20T14:30:00+08:00",
              "opinion": "建议依法判处。"}
    assert api(world.procurator).post(f"{LIST}{pk}/attend/", attend,
                                      format="json").status_code == 403
    assert api(chief).post(f"{LIST}{pk}/attend/", attend, format="json").status_code == 200
    decide = {"adoption": "adopted", "decision": "依法判处。", "decided_on": TODAY.isoformat()}
    response = api(world.procurator).post(f"{LIST}{pk}/decide/", decide, format="json")
    assert response.status_code == 200 and response.json()["adoption"] == "adopted"
    # Again: the wrong state.
    assert api(world.procurator).post(f"{LIST}{pk}/decide/", decide,
                                      format="json").status_code == 400
    assert api(chief).get(f"{LIST}?adoption=adopted").json()["count"] == 1
    assert api(chief).get(f"{LIST}?status=notified").json()["count"] == 0


def test_bad_input_is_a_400_with_reasons(world, chief, clock):
    client = api(chief)
    response = client.post(LIST, body(world, court=world.police.pk), format="json")
    assert response.status_code == 400 and "court" in fields(response)
    response = client.post(LIST, body(world, court=99999999), format="json")
    assert response.status_code == 400 and "court" in fields(response)
    response = client.post(LIST, body(world, case=99999999), format="json")
    assert response.status_code == 400 and "case" in fields(response)
    response = client.post(LIST, body(world, category="x", meeting_at="nonsense"),
                           format="json")
    assert response.status_code == 400
    assert {"category", "meeting_at"} <= fields(response)
    assert Attendance.objects.count() == 0
    record = notice(world, chief)
    response = client.post(f"{LIST}{record.pk}/entrust/", {"deputy": world.procurator.pk},
                           format="json")
    assert response.status_code == 400 and "deputy" in fields(response)
    response = client.post(f"{LIST}{record.pk}/attend/",
                           {"attendee": 99999999, "attended_at": "2026-11-20T14:30:00+08:00",
                            "opinion": "x"}, format="json")
    assert response.status_code == 400


def test_what_a_user_may_not_see_is_404(world, chief, case, clock):
    record = notice(world, chief)
    for user in (world.procurator, world.pt_procurator, world.court_liaison, world.observer):
        client = api(user)
        assert client.get(f"{LIST}{record.pk}/").status_code == 404
        assert client.post(f"{LIST}{record.pk}/cancel/", {"reason": "x"},
                           format="json").status_code == 404
    # The supervisor sees it and may not touch it.
    assert api(world.supervisor).get(f"{LIST}{record.pk}/").status_code == 200
    assert api(world.supervisor).post(f"{LIST}{record.pk}/cancel/", {"reason": "x"},
                                      format="json").status_code == 404


def test_update_and_cancel(world, chief, clock):
    record = notice(world, world.approver)
    response = api(world.approver).put(f"{LIST}{record.pk}/",
                                       body(world, subject="李某贩卖毒品案（改）",
                                            place="第二会议室"), format="json")
    assert response.status_code == 200 and response.json()["place"] == "第二会议室"
    response = api(world.approver).post(f"{LIST}{record.pk}/cancel/", {"reason": "撤出议程"},
                                        format="json")
    assert response.json()["status"] == "cancelled"


def test_the_list_query_count_is_flat(world, chief, case, clock, django_assert_num_queries):
    for day in (16, 17, 18):
        notice(world, world.approver, day=datetime.date(2026, 11, day))
    client = api(chief)
    with django_assert_num_queries(3):  # the user's facts, the count, the page
        assert client.get(LIST).json()["count"] == 3
    notice(world, world.procurator, case=case)
    with django_assert_num_queries(3):
        assert client.get(LIST).json()["count"] == 4


def test_malformed_filters_are_refused_not_a_server_error(world, chief, clock):
    client = api(chief)
    for query in ("year=abc", "year=1999", "status=nonsense", "adoption=maybe",
                  "court=99999999999999999999999", "court=abc"):
        assert client.get(f"{LIST}?{query}").status_code == 400, query
    assert client.get(f"{LIST}?year=2026&q=抗诉").status_code == 200


def test_the_actor_is_not_told_of_their_own_step(world, chief, clock):
    from supervision.models import Notification

    notice(world, chief)
    assert not Notification.objects.filter(recipient=chief).exists()
