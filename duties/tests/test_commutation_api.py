"""The commutation flow through the API and the pages (issue 19): the organ files, lists and
reads; the staff act; errors in the user's language; a liaison of agency A never sees agency
B's proposals by any route; the lists in a pinned number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cases.samples import tiny_pdf
from duties.models import CommutationProposal
from duties.services import commutation as services

from .commutation_fixtures import at, build_organs, file_proposal

pytestmark = pytest.mark.django_db

D = datetime.date
LIST = "/api/commutation-proposals/"


@pytest.fixture
def organs(world):
    return build_organs(world)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(name: str, row, *extra) -> str:
    return reverse(f"api-commutation-proposal-{name}", args=[row.pk, *extra])


def _filing(court, **extra) -> dict:
    return {"kind": "parole", "proposal_number": "（2026）浙舟狱假字第5号", "court": court.pk,
            "person_name": "李四", "person_id_number": "11010519491231002X",
            "judgment_number": "（2022）浙0902刑初7号", "judgment": "诈骗罪，有期徒刑八年",
            "proposal": "建议假释", **extra,
            "upload": SimpleUploadedFile("假释建议书.pdf", tiny_pdf("p"), "application/pdf")}


def test_the_organ_files_through_the_api_and_reads_the_outcome(world, organs):
    organ = _client(organs.prison_liaison)
    with at(D(2026, 11, 2)):
        created = organ.post(LIST, _filing(world.court))
        assert created.status_code == 201, created.content
        body = created.json()
        assert body["status"] == "pending" and body["due_date"] == "2026-11-12"
        assert body["person_id_masked"] == "1101**********002X"
        assert "handler" not in body and "ruling_wrong" not in body  # the procuratorate's own
        row = CommutationProposal.objects.get(pk=body["id"])
        # A wrong court answers 400 in Chinese, on the field.
        wrong = organ.post(LIST, _filing(world.police, proposal_number="X-2"),
                           HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert wrong.status_code == 400 and "人民法院" in wrong.content.decode()
        assert organ.post(LIST, {"kind": "parole"}).status_code == 400
        # Staff and other liaisons cannot file: 404 (the route is the organ's).
        assert _client(world.procurator).post(LIST, _filing(world.court)).status_code == 404

    staff = _client(world.procurator)
    approver = _client(world.approver)
    with at(D(2026, 11, 4)):
        detail = staff.get(_api("detail", row)).json()
        assert detail["due_basis_verified"] is True and "第六百三十五条" in detail["due_explanation_text"]
        assert staff.post(_api("extend", row), {"reason": "x"}).status_code == 403  # approver's
        extended = approver.post(_api("extend", row), {"reason": "需核实该犯社区影响评估"},
                                 content_type="application/json")
        assert extended.status_code == 200 and extended.json()["due_date"] == "2026-11-23"
        assert staff.post(_api("opinion", row), {"stance": "disagree"},
                          content_type="application/json").status_code == 400  # no reasons
        saved = staff.post(_api("opinion", row), {"stance": "agree", "reasons": "符合假释条件"},
                           content_type="application/json")
        assert saved.status_code == 200 and saved.json()["status"] == "pending"
        # While it is written, the organ does not read the opinion.
        assert organ.get(_api("detail", row)).json()["opinion_stance"] == ""
        assert organ.get(_api("opinion-pdf", row)).status_code == 404
        assert staff.post(_api("opinion", row), {"stance": "agree", "issue": True},
                          content_type="application/json").status_code == 403
        issued = approver.post(_api("opinion", row), {"stance": "agree", "reasons": "符合假释条件",
                                                      "issue": True},
                               content_type="application/json")
        assert issued.status_code == 200 and issued.json()["opinion_number"]
    with at(D(2026, 11, 20)):
        ruled = staff.post(_api("ruling", row), {
            "ruling_on": "2026-11-19", "outcome": "granted", "summary": "裁定假释",
            "wrong": True, "wrong_reason": "该犯假释后对所居住社区有重大不良影响"},
            content_type="application/json")
        assert ruled.status_code == 200 and ruled.json()["ruling_wrong"] is True
        correction = staff.post(_api("correction", row))
        assert correction.status_code == 201, correction.content
        assert staff.post(_api("correction", row)).status_code == 400
    body = organ.get(_api("detail", row)).json()
    assert body["ruling_outcome"] == "granted" and body["opinion_stance"] == "agree"
    assert "ruling_wrong_reason" not in body
    assert organ.get(_api("opinion-pdf", row)).status_code == 200
    assert organ.get(_api("file", row)).status_code == 200
    rec_id = correction.json()["recommendation_id"]
    assert staff.get(f"/api/recommendations/{rec_id}/").json()["instrument_type"] == "减刑、假释裁定纠正意见"


def test_a_liaison_of_agency_a_never_sees_agency_b_proposals_by_any_route(world, organs):
    with at(D(2026, 11, 2)):
        mine = file_proposal(organs.prison_liaison, world.court)
        theirs = file_proposal(organs.pt_prison_liaison, world.pt_court, number="（2026）普看减字第9号")
        services.commutation_opinion_save(actor=world.pt_procurator, proposal=theirs,
                                          stance="agree", reasons="")
        from supervision.models import User

        pt_approver = User.objects.get(username="pt_approver")
        services.commutation_opinion_issue(actor=pt_approver, proposal=theirs)
    a = _client(organs.prison_liaison)
    listed = a.get(LIST).json()["results"]
    assert [r["id"] for r in listed] == [mine.pk]
    assert a.get(f"{LIST}?status=opinion_issued").json()["results"] == []
    for route in (_api("detail", theirs), _api("file", theirs), _api("opinion-pdf", theirs),
                  reverse("portal:commutation-detail", args=[theirs.pk]),
                  reverse("portal:commutation-file", args=[theirs.pk]),
                  reverse("portal:commutation-opinion-pdf", args=[theirs.pk]),
                  reverse("duties:commutation-detail", args=[theirs.pk]),
                  reverse("duties:commutation-file", args=[theirs.pk]),
                  reverse("duties:commutation-opinion-pdf", args=[theirs.pk])):
        assert a.get(route).status_code == 404, route
    page = a.get(reverse("portal:commutation-list")).content.decode()
    assert mine.proposal_number in page and theirs.proposal_number not in page
    assert "普看减字" not in a.get(reverse("duties:commutation-list")).content.decode()
    # The court's liaison (the addressee of the opinion, not the sender) sees neither.
    court = _client(world.court_liaison)
    assert court.get(LIST).json()["results"] == []
    assert court.get(_api("detail", mine)).status_code == 404
    # Staff of 普检 do not see 定检's, nor 定检's theirs.
    assert _client(world.pt_procurator).get(_api("detail", mine)).status_code == 404
    assert _client(world.procurator).get(_api("detail", theirs)).status_code == 404
    assert [r["id"] for r in _client(world.supervisor).get(LIST).json()["results"]] == [
        theirs.pk, mine.pk]


def test_the_queue_filters_counts_and_keeps_its_queries(world, organs, django_assert_max_num_queries):
    with at(D(2026, 10, 20)):
        old = file_proposal(organs.prison_liaison, world.court, number="A-1")
    with at(D(2026, 11, 2)):
        for n in range(2, 8):
            file_proposal(organs.prison_liaison, world.court, number=f"A-{n}",
                          kind="parole" if n % 2 else "commutation")
    staff = _client(world.procurator)
    with at(D(2026, 11, 5)):
        with django_assert_max_num_queries(14):
            page = staff.get(reverse("duties:commutation-list"))
        html = page.content.decode()
        assert page.status_code == 200
        first = html.index("proposal-row")
        assert html.index("A-1", first) < html.index("A-2", first)  # the overdue first
        assert 'data-testid="count-overdue">已逾期 1' in html.replace("\n", "")
        overdue = staff.get(reverse("duties:commutation-list") + "?due=overdue").content.decode()
        assert "A-1" in overdue and "A-2" not in overdue
        parole = staff.get(reverse("duties:commutation-list") + "?kind=parole").content.decode()
        assert parole.count('data-testid="proposal-row"') == 3
        organ_filter = staff.get(reverse("duties:commutation-list")
                                 + f"?organ={organs.prison.pk}").content.decode()
        assert organ_filter.count('data-testid="proposal-row"') == 7
        bad = staff.get(reverse("duties:commutation-list") + "?due_before=not-a-date")
        assert bad.status_code == 200 and 'data-testid="list-empty"' in bad.content.decode()
        with django_assert_max_num_queries(10):
            api = staff.get(LIST + "?due=overdue")
        assert [r["id"] for r in api.json()["results"]] == [old.pk]
        organ = _client(organs.prison_liaison)
        with django_assert_max_num_queries(10):
            assert len(organ.get(LIST).json()["results"]) == 7
        with django_assert_max_num_queries(12):
            portal = organ.get(reverse("portal:commutation-list"))
        assert portal.content.decode().count('data-testid="proposal-row"') == 7


def test_the_pages_take_each_step_and_show_refusals_in_place(world, organs):
    with at(D(2026, 11, 2)):
        row = file_proposal(organs.prison_liaison, world.court)
    staff, approver = _client(world.procurator), _client(world.approver)
    with at(D(2026, 11, 3)):
        url = reverse("duties:commutation-detail", args=[row.pk])
        page = staff.get(url).content.decode()
        assert 'data-testid="issue-opinion"' not in page  # the approver's
        assert 'data-testid="extension-form"' not in page
        refused = staff.post(reverse("duties:commutation-opinion", args=[row.pk]),
                             {"stance": "disagree", "reasons": ""})
        assert refused.status_code == 400 and "不同意的，必须写明理由" in refused.content.decode()
        assert staff.post(reverse("duties:commutation-opinion", args=[row.pk]),
                          {"stance": "disagree", "reasons": "（一）考核不实"}).status_code == 302
        preview = staff.get(reverse("duties:commutation-opinion-pdf", args=[row.pk]))
        assert preview.status_code == 200 and preview.content.startswith(b"%PDF")
        page = approver.get(url).content.decode()
        assert 'data-testid="issue-opinion"' in page and 'data-testid="extension-form"' in page
        bad_extend = approver.post(reverse("duties:commutation-extend", args=[row.pk]),
                                   {"reason": ""})
        assert bad_extend.status_code == 400
        assert approver.post(reverse("duties:commutation-opinion", args=[row.pk]),
                             {"stance": "disagree", "reasons": "（一）考核不实",
                              "op": "issue"}).status_code == 302
    row.refresh_from_db()
    assert row.status == "opinion_issued"
    with at(D(2026, 11, 20)):
        assert staff.post(reverse("duties:commutation-ruling", args=[row.pk]), {
            "ruling_on": "2026-11-19", "outcome": "granted", "summary": "裁定减刑六个月",
            "wrong": "1", "wrong_reason": ""}).status_code == 400
        assert staff.post(reverse("duties:commutation-ruling", args=[row.pk]), {
            "ruling_on": "2026-11-19", "outcome": "granted", "summary": "裁定减刑六个月",
            "wrong": "1", "wrong_reason": "不符合减刑条件"}).status_code == 302
        done = staff.post(reverse("duties:commutation-correction", args=[row.pk]))
    row.refresh_from_db()
    assert done.status_code == 302 and done["Location"] == row.correction.get_absolute_url()
    page = staff.get(reverse("duties:commutation-detail", args=[row.pk])).content.decode()
    assert 'data-testid="correction-link"' in page and row.case.number in page
