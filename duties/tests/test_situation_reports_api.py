"""The major-situation reports through the API (``/api/situation-reports/``): the agency files
(multipart, with a file) and supplements, the procuratorate acknowledges, opens a case and
closes; errors in the one shape, in the caller's language; lists hold only the caller's rows,
with a pinned number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.samples import tiny_pdf
from duties.models import SituationReport, SituationStatus
from supervision.models import Matter

LIST = "api-situation-report-list"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _payload(**extra) -> dict:
    occurred = timezone.localtime() - datetime.timedelta(hours=5)
    return {"kind": "escape", "title": "在押人员李某某脱逃", "occurred_at": occurred.isoformat(),
            "place": "看守所放风场", "summary": "放风时翻越围墙脱逃。", "measures": "已报警并组织追捕。",
            **extra}


@pytest.fixture
def filed(world):
    """The police unit's report of an escape, filed through the API with a file."""
    response = _client(world.police_liaison).post(
        reverse(LIST), _payload(files=[SimpleUploadedFile("通报.pdf", tiny_pdf())]))
    assert response.status_code == 201, response.content
    return response.json()


def test_the_agency_files_and_reads_back_its_report(world, filed):
    assert filed["status"] == "reported" and filed["urgent"] is True
    assert filed["agency_name"] == "舟山市公安局定海分局" and filed["report_delay_minutes"] >= 299
    assert filed["files"][0]["name"] == "通报.pdf"
    download = _client(world.police_liaison).get(filed["files"][0]["download"])
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    listed = _client(world.police_liaison).get(reverse(LIST)).json()
    assert [r["id"] for r in listed["results"]] == [filed["id"]]


def test_bad_input_is_a_400_in_the_callers_language(world):
    client = _client(world.police_liaison)
    response = client.post(reverse(LIST), _payload(kind="flood", title=""))
    body = response.json()
    assert response.status_code == 400 and body["type"] == "validation_error"
    assert {e["attr"] for e in body["errors"]} == {"kind", "title"}
    future = (timezone.localtime() + datetime.timedelta(days=1)).isoformat()
    response = client.post(reverse(LIST), _payload(occurred_at=future),
                           HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert response.json()["errors"][0] == {"code": "invalid", "detail": "发生时间不能晚于现在。",
                                            "attr": "occurred_at"}
    # A mistyped year (the fuzzing's 0421, whose local time carries a pre-1901 offset the
    # schema's date-time refuses) is told, not stored.
    response = client.post(reverse(LIST), _payload(occurred_at="0421-04-17T16:59:50Z"),
                           HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "occurred_at"
    assert "2000-01-01" in response.json()["errors"][0]["detail"]
    response = client.post(reverse(LIST), _payload(
        files=[SimpleUploadedFile("a.pdf", b"MZ\x90\x00" * 64)]))
    assert response.status_code == 400 and response.json()["errors"][0]["attr"] == "files"
    # Staff do not file: the portal's part is the liaisons' alone.
    assert _client(world.procurator).post(reverse(LIST), _payload()).status_code == 404
    assert not SituationReport.objects.exists()


def test_the_procuratorate_acknowledges_opens_a_case_and_the_agency_sees_it(world, filed):
    pk = filed["id"]
    staff, agency = _client(world.procurator), _client(world.police_liaison)
    url = lambda name: reverse(f"api-situation-report-{name}", args=[pk])
    response = staff.post(url("acknowledge"), {"instruction": "请每日续报追捕进展。"},
                          content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "acknowledged"
    assert agency.get(url("detail")).json()["instruction"] == "请每日续报追捕进展。"
    # The liaison may not act for the procuratorate: 403.
    assert agency.post(url("close"), {"note": "x"}, content_type="application/json").status_code == 403
    response = agency.post(url("supplement"), {"content": "已于当晚抓获。"})
    assert response.status_code == 201 and len(response.json()["supplements"]) == 1

    custody = Matter.objects.get(name="监管活动违法")
    response = staff.post(url("open-case"), {"matter": custody.parent_id},
                          content_type="application/json")
    assert response.status_code == 400 and response.json()["errors"][0]["attr"] == "matter"
    response = staff.post(url("open-case"), {"matter": custody.pk, "handler": world.approver.pk},
                          content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["report"]["status"] == "case_opened" and body["case_number"].startswith("定检刑监")
    seen = agency.get(url("detail")).json()
    assert seen["status"] == "case_opened" and seen["case_number"] == body["case_number"]
    response = staff.post(url("close"), {"note": "x"}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["detail"] == "该通报当前状态为“已立案监督”，不能办结。"


def test_close_and_filters(world, filed):
    pk = filed["id"]
    staff = _client(world.approver)
    response = staff.post(reverse("api-situation-report-close", args=[pk]), {"note": ""},
                          content_type="application/json")
    assert response.status_code == 400
    response = staff.post(reverse("api-situation-report-close", args=[pk]),
                          {"note": "已抓获，监管漏洞已整改，无需立案。"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == SituationStatus.CLOSED
    assert staff.get(reverse(LIST), {"status": "closed"}).json()["count"] == 1
    assert staff.get(reverse(LIST), {"status": "reported"}).json()["count"] == 0
    assert staff.get(reverse(LIST), {"kind": "escape", "agency": world.police.pk}).json()["count"] == 1
    assert staff.get(reverse(LIST), {"agency": world.court.pk}).json()["count"] == 0
    assert staff.get(reverse(LIST), {"kind": "nope"}).status_code == 400


def test_lists_hold_only_the_callers_rows_in_few_queries(world, filed, django_assert_max_num_queries):
    for _ in range(5):
        _client(world.court_liaison).post(reverse(LIST), _payload(kind="other", title="法院情况"))
    expected = {world.procurator: 6, world.supervisor: 6, world.court_liaison: 5,
                world.police_liaison: 1, world.pt_procurator: 0, world.pt_court_liaison: 0,
                world.assistant: 0, world.observer: 0}
    for user, count in expected.items():
        client = _client(user)
        with django_assert_max_num_queries(12):
            body = client.get(reverse(LIST)).json()
        assert body["count"] == count, user
