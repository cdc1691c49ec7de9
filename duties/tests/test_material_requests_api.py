"""The material requests through the API and the pages (issue 19): end to end (the procurator
sends, the agency answers with files in its portal, the procurator accepts, the agency sees
it), and a liaison of agency A never sees agency B's requests by any route — page, API list,
API detail, download."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from duties.models import MaterialRequest
from duties.models import MaterialRequestStatus as S
from duties.services import material_requests as svc
from supervision.models import AuditEntry, Notification

TZ = datetime.timezone(datetime.timedelta(hours=8))
D = datetime.date
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TODAY = D(2026, 11, 10)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime.combine(TODAY, datetime.time(9), TZ), tick=False):
        yield


def pdf(name: str = "材料.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, "application/pdf")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def case(world):
    with time_machine.travel(datetime.datetime(2026, 9, 1, 9, tzinfo=TZ), tick=False):
        return world.register_case(assistant=world.assistant)


@pytest.fixture
def to_court(world, case) -> MaterialRequest:
    return svc.material_request_send(actor=world.procurator, case=case, agency=world.court,
                                     items="执行卷宗", period_days=10, files=[pdf("通知.pdf")])


@pytest.fixture
def to_police(world, case) -> MaterialRequest:
    return svc.material_request_send(actor=world.procurator, case=case, agency=world.police,
                                     items="接报警记录", period_days=10, files=[pdf("通知.pdf")])


def test_end_to_end_through_the_pages(world, case):
    procurator, liaison = client_for(world.procurator), client_for(world.court_liaison)
    case_page = procurator.get(case.get_absolute_url()).content.decode()
    create_url = reverse("duties:material-request-create", args=[case.pk])
    assert create_url in case_page

    response = procurator.post(create_url, {
        "agency": world.court.pk, "measure_type": "evidence", "items": "执行卷宗\n财产查询记录",
        "period_days": 10, "sent_on": "2026-11-10", "files": [pdf("调取证据通知书.pdf")]})
    request = MaterialRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == request.get_absolute_url()
    assert request.due_date == D(2026, 11, 20)

    # The agency's liaison finds it in the portal, opens it and answers with a file.
    listing = liaison.get(reverse("portal:material-requests")).content.decode()
    assert request.portal_url() in listing
    page = liaison.get(request.portal_url()).content.decode()
    assert "执行卷宗" in page and "财产查询记录" in page and 'data-testid="answer-form"' in page
    assert case.number not in page  # the case file is the procuratorate's
    bad = liaison.post(request.portal_url(), {"answer": "  "})
    assert bad.status_code == 200 and "invalid-feedback" in bad.content.decode()
    assert MaterialRequest.objects.get().status == S.SENT
    done = liaison.post(request.portal_url(), {"answer": "卷宗已上传。",
                                               "files": [pdf("卷宗.pdf")]})
    assert done.status_code == 302
    request.refresh_from_db()
    assert request.status == S.ANSWERED

    # The procuratorate's queue shows it; the procurator reads and accepts it.
    queue = procurator.get(reverse("duties:material-requests")).content.decode()
    assert request.get_absolute_url() in queue
    detail = procurator.get(request.get_absolute_url()).content.decode()
    answer_file = request.files.get(kind="answer")
    file_url = reverse("duties:material-request-file", args=[request.pk, answer_file.pk])
    assert file_url in detail
    download = procurator.get(file_url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    procurator.post(reverse("duties:material-request-accept", args=[request.pk]), {"note": "齐全"})
    request.refresh_from_db()
    assert request.status == S.ACCEPTED

    # The agency sees the outcome.
    assert "检察院已接收答复" in liaison.get(request.portal_url()).content.decode()
    assert Notification.objects.filter(recipient=world.court_liaison,
                                       code="material_request.accepted").exists()
    timeline = procurator.get(case.get_absolute_url()).content.decode()
    assert "被调取单位答复" in timeline and "接收调取材料答复" in timeline


def test_end_to_end_through_the_api(world, case):
    procurator, liaison = client_for(world.procurator), client_for(world.court_liaison)
    created = procurator.post(reverse("api-material-request-list"), {
        "case": case.pk, "agency": world.court.pk, "items": "执行卷宗", "period_days": 7,
        "files": [pdf("通知.pdf")]})
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["due_date"] == "2026-11-17" and body["status"] == "sent"
    assert body["case_number"] == case.number and len(body["files"]) == 1
    pk = body["id"]

    seen = liaison.get(reverse("api-material-request-detail", args=[pk])).json()
    assert seen["case"] is None and seen["case_number"] is None and seen["measure"] is None
    answered = liaison.post(reverse("api-material-request-answer", args=[pk]),
                            {"answer": "已提供", "files": [pdf("卷宗.pdf"), pdf("清单.pdf")]})
    assert answered.status_code == 200, answered.json()
    assert answered.json()["status"] == "answered" and len(answered.json()["files"]) == 3
    again = liaison.post(reverse("api-material-request-answer", args=[pk]), {"answer": "再答"})
    assert again.status_code == 400

    accepted = procurator.post(reverse("api-material-request-accept", args=[pk]),
                               {"note": "齐全"}, content_type="application/json")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert liaison.get(reverse("api-material-request-detail", args=[pk])).json()["status"] == \
        "accepted"
    assert AuditEntry.objects.filter(action="material_request_accept").count() == 1


@pytest.mark.parametrize(("data", "field"), [
    ({"period_days": 0}, "period_days"),
    ({"period_days": "abc"}, "period_days"),
    ({"items": ""}, "items"),
    ({"agency": 999999}, "agency"),
    ({"sent_on": "2030-01-01"}, "sent_on"),
])
def test_the_api_answers_bad_input_with_a_400_naming_the_field(world, case, data, field):
    body = {"case": case.pk, "agency": world.court.pk, "items": "卷宗", "period_days": 7, **data}
    response = client_for(world.procurator).post(reverse("api-material-request-list"), body)
    assert response.status_code == 400
    assert field in str(response.json()), response.json()


def test_staff_actions_refuse_the_wrong_people_and_states(world, to_court):
    url = reverse("api-material-request-accept", args=[to_court.pk])
    assert client_for(world.procurator).post(url).status_code == 400  # not answered yet
    assert client_for(world.observer).post(url).status_code == 404
    assert client_for(world.court_liaison).post(url).status_code == 404  # staff only
    answer = reverse("api-material-request-answer", args=[to_court.pk])
    assert client_for(world.procurator).post(answer, {"answer": "x"}).status_code == 404
    withdraw = reverse("api-material-request-withdraw", args=[to_court.pk])
    assert client_for(world.procurator).post(withdraw, {}).status_code == 400  # no reason
    assert client_for(world.procurator).post(withdraw, {"reason": "误发"}).status_code == 200


def test_a_liaison_of_one_agency_never_sees_anothers_requests(world, to_court, to_police):
    police = client_for(world.police_liaison)
    court_file = to_court.files.get()
    # Pages: the list holds only their own; the other's page and file are 404.
    listing = police.get(reverse("portal:material-requests") + "?view=all").content.decode()
    assert to_police.portal_url() in listing and to_court.portal_url() not in listing
    assert police.get(to_court.portal_url()).status_code == 404
    assert police.post(to_court.portal_url(), {"answer": "x"}).status_code == 404
    assert police.get(reverse("portal:material-request-file",
                              args=[to_court.pk, court_file.pk])).status_code == 404
    # A file of its own request named with the other's id is 404 too.
    assert police.get(reverse("portal:material-request-file",
                              args=[to_police.pk, court_file.pk])).status_code == 404
    # API: list, filters, detail, actions, download.
    listed = police.get(reverse("api-material-request-list")).json()
    assert [r["id"] for r in listed["results"]] == [to_police.pk]
    assert police.get(reverse("api-material-request-list") + f"?case={to_court.case_id}"
                      ).json()["count"] == 1
    assert police.get(reverse("api-material-request-detail", args=[to_court.pk])).status_code == 404
    assert police.post(reverse("api-material-request-answer", args=[to_court.pk]),
                       {"answer": "x"}).status_code == 404
    assert police.get(reverse("api-material-request-file",
                              args=[to_court.pk, court_file.pk])).status_code == 404
    # Staff pages are not theirs at all.
    assert police.get(reverse("duties:material-requests")).status_code == 404
    assert police.get(to_court.get_absolute_url()).status_code == 404
    # And a procurator of another procuratorate sees neither.
    putuo = client_for(world.pt_procurator)
    assert putuo.get(reverse("api-material-request-list")).json()["count"] == 0
    assert putuo.get(to_court.get_absolute_url()).status_code == 404
    assert "执行卷宗" not in putuo.get(reverse("duties:material-requests") + "?status=").content.decode()


def test_the_intake_list_filters_and_counts(world, case, to_court, to_police,
                                            django_assert_max_num_queries):
    svc.material_request_answer(actor=world.court_liaison, request=to_court, answer="已提供")
    procurator = client_for(world.procurator)
    url = reverse("duties:material-requests")
    with django_assert_max_num_queries(12):
        page = procurator.get(url).content.decode()  # the queue: answers to read
    assert to_court.get_absolute_url() in page and to_police.get_absolute_url() not in page
    everything = procurator.get(url + "?status=").content.decode()
    assert to_police.get_absolute_url() in everything
    by_agency = procurator.get(url + f"?status=&agency={world.police.pk}").content.decode()
    assert to_police.get_absolute_url() in by_agency and to_court.get_absolute_url() not in by_agency
    with time_machine.travel(datetime.datetime(2026, 11, 25, 9, tzinfo=TZ), tick=False):
        later = client_for(world.procurator)  # a fresh session on that day
        overdue = later.get(url + "?status=&overdue=true").content.decode()
    assert to_police.get_absolute_url() in overdue and to_court.get_absolute_url() not in overdue
    bad = procurator.get(url + "?status=nonsense")
    assert bad.status_code == 200 and 'data-testid="filter-error"' in bad.content.decode()
    assert 'data-testid="request-row"' not in bad.content.decode()  # never widened


def test_the_portal_list_query_count_is_pinned(world, case, django_assert_max_num_queries):
    for _n in range(5):
        svc.material_request_send(actor=world.procurator, case=case, agency=world.court,
                                  items="卷宗", period_days=10)
    liaison = client_for(world.court_liaison)
    with django_assert_max_num_queries(12):
        response = liaison.get(reverse("portal:material-requests"))
    assert response.content.decode().count('data-testid="request-card"') == 5
    procurator = client_for(world.procurator)
    with django_assert_max_num_queries(8):
        assert procurator.get(reverse("api-material-request-list")).json()["count"] == 5


@pytest.mark.parametrize("query", ["sent_to=", "status=bogus", "case=0", "overdue=maybe",
                                   "agency="])
def test_an_api_filter_sent_empty_or_wrong_is_a_400_naming_it(world, to_court, query):
    response = client_for(world.procurator).get(reverse("api-material-request-list") + "?" + query)
    assert response.status_code == 400, response.content
    assert query.split("=")[0] in response.content.decode()


@pytest.mark.parametrize("body", ["[]", "1", "null", '"text"'])
def test_a_json_body_that_is_not_an_object_is_a_400(world, case, body):
    response = client_for(world.procurator).post(reverse("api-material-request-list"), body,
                                                 content_type="application/json")
    assert response.status_code == 400
