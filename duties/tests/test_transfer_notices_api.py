"""The transfer notices API (seed 003 §9): each reader's list and detail hold only their rows —
the organ's own, the police unit's "asked of" it, the procuratorate's in scope — and a liaison
of agency A never reaches agency B's notice by any route (page, API list, API detail,
download). Filing, receiving, 立案监督 and the police decision call the same services as the
pages; query counts of the lists are pinned."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from duties.models import TransferNotice

from .transfer_notice_helpers import file_notice, market_liaison, other_organ_liaison, pdf

D = datetime.date
NOW = datetime.datetime(2026, 11, 23, 9, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture
def notice(world) -> TransferNotice:
    with time_machine.travel(NOW, tick=False):
        return file_notice(world, transferred_on=D(2026, 11, 20))


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_each_reader_lists_only_their_notices(world, notice):
    other = other_organ_liaison(world)
    with time_machine.travel(NOW, tick=False):
        file_notice(world, actor=other, transferred_on=D(2026, 11, 20), letter="舟自然资移〔2026〕3号",
                    police=False, police_unit="舟山市公安局沈家门分局")
    url = reverse("api-transfer-notice-list")
    seen = {}
    for user in (market_liaison(world), other, world.police_liaison, world.court_liaison,
                 world.procurator, world.approver, world.supervisor, world.pt_procurator,
                 world.assistant, world.observer):
        body = client_for(user).get(url).json()
        seen[user.username] = sorted(row["letter_number"] for row in body["results"])
    assert seen == {
        "market_liaison": ["舟定市监移〔2026〕1号"],
        "land_liaison": ["舟自然资移〔2026〕3号"],
        "police_liaison": ["舟定市监移〔2026〕1号"],  # asked of it
        "court_liaison": [],
        "procurator": ["舟定市监移〔2026〕1号", "舟自然资移〔2026〕3号"],
        "approver": ["舟定市监移〔2026〕1号", "舟自然资移〔2026〕3号"],
        "supervisor": ["舟定市监移〔2026〕1号", "舟自然资移〔2026〕3号"],
        "pt_procurator": [], "assistant": [], "observer": [],
    }


def test_agency_b_never_sees_agency_as_notice_by_any_route(world, notice):
    other = client_for(other_organ_liaison(world))
    file_pk = notice.files.get().pk
    for url in (reverse("portal:transfer-notice", args=[notice.pk]),
                reverse("portal:transfer-notice-file", args=[notice.pk, file_pk]),
                reverse("api-transfer-notice-detail", args=[notice.pk]),
                reverse("api-transfer-notice-file", args=[notice.pk, file_pk]),
                reverse("duties:transfer-notice", args=[notice.pk])):
        assert other.get(url).status_code == 404, url
    for url in (reverse("portal:transfer-notice-decide", args=[notice.pk]),
                reverse("api-transfer-notice-decide", args=[notice.pk]),
                reverse("api-transfer-notice-receive", args=[notice.pk])):
        assert other.post(url, {"decision": "filed", "decided_on": "2026-11-23"}).status_code == 404, url
    assert notice.letter_number not in other.get(reverse("portal:transfer-notices")).content.decode()
    assert other.get(reverse("api-transfer-notice-list")).json()["results"] == []
    # The organ and the police unit both read it and its files.
    for user in (market_liaison(world), world.police_liaison):
        client = client_for(user)
        assert client.get(reverse("api-transfer-notice-detail", args=[notice.pk])).status_code == 200
        response = client.get(reverse("api-transfer-notice-file", args=[notice.pk, file_pk]))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_filing_through_the_api(world):
    organ = client_for(market_liaison(world))
    data = {"case_name": "某公司非法经营案", "summary": "无证经营成品油。", "admin_case_number": "罚〔2026〕9号",
            "suspect_kind": "organisation", "suspect_name": "某能源公司", "police_agency": world.police.pk,
            "letter_number": "移〔2026〕9号", "transferred_on": "2026-11-23"}
    with time_machine.travel(NOW, tick=False):
        response = organ.post(reverse("api-transfer-notice-list"), {**data, "files": [pdf()]})
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["due_date"] == "2026-11-26" and body["police_unit"] == world.police.name
        assert "第八条" in body["due_explanation_text"]
        # Without the letter's copy: 400 on "files"; a court's liaison: 403; staff: 404.
        response = organ.post(reverse("api-transfer-notice-list"), {**data, "letter_number": "x"})
        assert response.status_code == 400
        assert {e["attr"] for e in response.json()["errors"]} == {"files"}
        assert client_for(world.court_liaison).post(reverse("api-transfer-notice-list"),
                                                    {**data, "files": [pdf()]}).status_code == 403
        assert client_for(world.procurator).post(reverse("api-transfer-notice-list"),
                                                 {**data, "files": [pdf()]}).status_code == 404


def test_staff_receive_and_open_a_case_and_the_police_decide_through_the_api(world, notice):
    staff, police = client_for(world.procurator), client_for(world.police_liaison)
    with time_machine.travel(NOW, tick=False):
        assert police.post(reverse("api-transfer-notice-receive", args=[notice.pk])).status_code == 404
        assert client_for(world.supervisor).post(
            reverse("api-transfer-notice-receive", args=[notice.pk])).status_code == 403
        response = staff.post(reverse("api-transfer-notice-receive", args=[notice.pk]))
        assert response.status_code == 200 and response.json()["status"] == "received"
        assert staff.post(reverse("api-transfer-notice-receive", args=[notice.pk])).status_code == 400
        response = police.post(reverse("api-transfer-notice-decide", args=[notice.pk]),
                               {"decision": "not_filed", "decided_on": "2026-11-23"},
                               content_type="application/json")
        assert response.status_code == 400
        assert {e["attr"] for e in response.json()["errors"]} == {"reason"}
        response = police.post(reverse("api-transfer-notice-decide", args=[notice.pk]),
                               {"decision": "not_filed", "decided_on": "2026-11-23",
                                "reason": "情节显著轻微"}, content_type="application/json")
        assert response.status_code == 200, response.json()
        assert response.json()["police_decision"] == "not_filed"
        assert response.json()["decided_late"] is False  # accepted the 20th: due the 23rd
        response = staff.post(reverse("api-transfer-notice-open-case", args=[notice.pk]), {},
                              content_type="application/json")
        assert response.status_code == 201, response.json()
        assert response.json()["notice"]["case_number"] == response.json()["case_number"]
    organ = client_for(market_liaison(world))
    body = organ.get(reverse("api-transfer-notice-detail", args=[notice.pk])).json()
    assert body["status"] == "case_opened" and body["police_decision"] == "not_filed"


def test_list_queries_do_not_grow_with_rows(world, django_assert_max_num_queries):
    with time_machine.travel(NOW, tick=False):
        for i in range(6):
            file_notice(world, transferred_on=D(2026, 11, 20), letter=f"移〔2026〕{i}号")
    for user in (world.procurator, market_liaison(world)):
        client = client_for(user)
        client.get(reverse("api-transfer-notice-list"))  # warm the session
        with django_assert_max_num_queries(8):
            response = client.get(reverse("api-transfer-notice-list"))
        assert len(response.json()["results"]) == 6


def test_the_staff_queue_and_the_portal_list_pin_their_queries(world, django_assert_max_num_queries):
    with time_machine.travel(NOW, tick=False):
        for i in range(6):
            file_notice(world, transferred_on=D(2026, 11, 20), letter=f"移〔2026〕{i}号")
    staff = client_for(world.procurator)
    staff.get(reverse("duties:transfer-notices"))
    with time_machine.travel(NOW, tick=False), django_assert_max_num_queries(12):
        page = staff.get(reverse("duties:transfer-notices") + "?tab=all")
    assert page.content.decode().count('data-testid="queue-row"') == 6
    police = client_for(world.police_liaison)
    police.get(reverse("portal:transfer-notices"))
    with time_machine.travel(NOW, tick=False), django_assert_max_num_queries(12):
        page = police.get(reverse("portal:transfer-notices"))
    assert page.content.decode().count('data-testid="notice-item"') == 6


def test_the_queue_filters_and_a_bad_filter_is_told_not_a_500(world):
    other = other_organ_liaison(world)
    with time_machine.travel(NOW, tick=False):
        file_notice(world, transferred_on=D(2026, 11, 20))
        file_notice(world, actor=other, transferred_on=D(2026, 11, 10), letter="舟自然资移〔2026〕3号")
    staff = client_for(world.procurator)
    url = reverse("duties:transfer-notices")
    with time_machine.travel(NOW, tick=False):
        page = staff.get(url, {"agency": world.market.pk, "tab": "all"}).content.decode()
        assert "舟定市监移〔2026〕1号" in page and "舟自然资移〔2026〕3号" not in page
        page = staff.get(url, {"transferred_to": "2026-11-15", "tab": "all"}).content.decode()
        assert "舟定市监移〔2026〕1号" not in page and "舟自然资移〔2026〕3号" in page
        response = staff.get(url, {"agency": "999999", "transferred_from": "20266-01-01"})
        assert response.status_code == 200 and 'data-testid="queue-error"' in response.content.decode()
        assert staff.get(reverse("api-transfer-notice-list"), {"status": "nonsense"}).status_code == 400


def test_a_notices_pages_pin_their_queries(world, notice, django_assert_max_num_queries):
    for user, url in ((world.procurator, notice.get_absolute_url()),
                      (world.police_liaison, notice.portal_url()),
                      (market_liaison(world), notice.portal_url())):
        client = client_for(user)
        client.get(url)
        with time_machine.travel(NOW, tick=False), django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200
