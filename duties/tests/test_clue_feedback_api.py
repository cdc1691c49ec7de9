"""The clue feedback flow through the API (issue 19): the receiving organ lists its transfers,
reads one with its letter, gives the feedback with files; staff list the queue by status and
mark feedback read; the case's early involvement and supplementary returns."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from cases.models import ClueTransfer
from cases.samples import tiny_pdf
from duties.tests import test_clue_feedback as flow
from duties.tests.test_clue_feedback import COMMISSION, D, at, pdf, transfer_to
from supervision.models import Notification

# The flow's fixtures (the commission in the directory, its liaison, the case).
case = flow.case
commission = flow.commission
commission_liaison = flow.commission_liaison


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_organ_lists_reads_and_answers_through_the_api(world, case, commission,
                                                           commission_liaison,
                                                           django_assert_max_num_queries):
    transfer = transfer_to(world, case, commission, files=[pdf("移送函.pdf")])
    transfer_to(world, case, world.police, recipient_kind="police")
    organ = api(commission_liaison)
    with at(D(2026, 11, 20)):
        with django_assert_max_num_queries(8):
            listing = organ.get(reverse("api-agency-clue-feedback-list")).json()
        assert [row["id"] for row in listing["results"]] == [transfer.pk]
        row = listing["results"][0]
        assert row["procuratorate"] == "舟山市定海区人民检察院" and "case" not in row
        detail = organ.get(reverse("api-agency-clue-feedback-detail", args=[transfer.pk])).json()
        assert detail["clue"] == "某局科长涉嫌滥用职权。" and detail["overdue"] is False
        [letter] = detail["files"]
        assert letter["original_name"] == "移送函.pdf" and letter["feedback"] is False
        download = organ.get(reverse("api-agency-clue-feedback-file",
                                     args=[transfer.pk, letter["id"]]))
        assert download.status_code == 200
        assert organ.get(reverse("api-agency-clue-feedback-list"),
                         {"status": "answered"}).json()["results"] == []

        bad = organ.post(reverse("api-agency-clue-feedback-feedback", args=[transfer.pk]),
                         {"summary": "已立案", "replied_on": "2026-11-30"})
        assert bad.status_code == 400
        assert bad.json()["errors"][0]["attr"] == "replied_on"
        response = organ.post(
            reverse("api-agency-clue-feedback-feedback", args=[transfer.pk]),
            {"summary": "已立案审查。", "replied_on": "2026-11-20",
             "files": [SimpleUploadedFile("立案决定书.pdf", tiny_pdf(), "application/pdf")]},
            format="multipart")
        assert response.status_code == 200, response.json()
        body = response.json()
        assert body["replied_on"] == "2026-11-20" and body["reply_summary"] == "已立案审查。"
        assert [f["feedback"] for f in body["files"]] == [False, True]
        again = organ.post(reverse("api-agency-clue-feedback-feedback", args=[transfer.pk]),
                           {"summary": "再次", "replied_on": "2026-11-20"})
        assert again.status_code == 400 and "已登记反馈" in again.json()["errors"][0]["detail"]
    assert Notification.objects.filter(code="transfer.feedback_received",
                                       recipient=world.procurator).count() == 1


def test_staff_queue_and_read_through_the_api(world, case, commission, commission_liaison):
    waiting = transfer_to(world, case, commission)
    answered = transfer_to(world, case, commission)
    with at(D(2026, 11, 20)):
        api(commission_liaison).post(
            reverse("api-agency-clue-feedback-feedback", args=[answered.pk]),
            {"summary": "已立案审查。", "replied_on": "2026-11-20"})
    staff = api(world.procurator)
    with at(D(2026, 11, 21)):
        unread = staff.get(reverse("api-clue-feedback-list"), {"status": "unread"}).json()
        assert [r["id"] for r in unread["results"]] == [answered.pk]
        assert unread["results"][0]["feedback_unread"] is True
        awaiting = staff.get(reverse("api-clue-feedback-list"), {"status": "awaiting"}).json()
        assert [r["id"] for r in awaiting["results"]] == [waiting.pk]
        assert staff.get(reverse("api-clue-feedback-list"), {"status": "bogus"}).status_code == 400
        detail = staff.get(reverse("api-clue-feedback-detail", args=[answered.pk])).json()
        assert detail["case_number"] == case.number and detail["reply_summary"] == "已立案审查。"
        # The supervisor sees it but does not work on the case: refused.
        assert api(world.supervisor).post(
            reverse("api-clue-feedback-read", args=[answered.pk])).status_code == 403
        read = staff.post(reverse("api-clue-feedback-read", args=[answered.pk]))
        assert read.status_code == 200 and read.json()["feedback_unread"] is False
        not_yet = staff.post(reverse("api-clue-feedback-read", args=[waiting.pk]))
        assert not_yet.status_code == 400
        assert api(world.pt_procurator).get(
            reverse("api-clue-feedback-detail", args=[answered.pk])).status_code == 404
    assert ClueTransfer.objects.get(pk=answered.pk).reply_read_by == world.procurator


def test_a_transfer_made_through_the_api_names_the_directory_agency(world, case, commission,
                                                                    commission_liaison):
    staff = api(world.procurator)
    with at(D(2026, 11, 3)):
        response = staff.post(reverse("api-case-transfers", args=[case.pk]), {
            "recipient_kind": "supervisory_commission", "recipient_agency": commission.pk,
            "clue": "线索", "transferred_on": "2026-11-03"}, format="json")
        assert response.status_code == 201, response.json()
        assert response.json()["recipient"] == COMMISSION
        refused = staff.post(reverse("api-case-transfers", args=[case.pk]), {
            "recipient_kind": "other", "recipient_agency": world.pt_court.pk,
            "clue": "线索", "transferred_on": "2026-11-03"}, format="json")
        assert refused.status_code == 400
        assert refused.json()["errors"][0]["attr"] == "recipient_agency"
    assert Notification.objects.filter(code="transfer.agency.sent",
                                       recipient=commission_liaison).count() == 1


@pytest.mark.parametrize("bad", [
    {"resubmitted_on": "not a date"}, {"resubmitted_on": "2026-11-01"}, {},
])
def test_the_case_records_through_the_api(world, case, commission, bad):
    staff = api(world.procurator)
    with at(D(2026, 11, 10)):
        created = staff.post(reverse("api-case-early-involvements", args=[case.pk]), {
            "organ_agency": commission.pk, "requested_on": "2026-11-05", "scope": "引导取证",
            "procurator": world.procurator.pk}, format="json")
        assert created.status_code == 201, created.json()
        opinion = staff.post(reverse("api-case-involvement-opinion",
                                     args=[case.pk, created.json()["id"]]),
                             {"opinion": "建议补强", "opinion_on": "2026-11-10"}, format="json")
        assert opinion.status_code == 200 and opinion.json()["opinion"] == "建议补强"
        returned = staff.post(reverse("api-case-supplementary-returns", args=[case.pk]), {
            "organ": COMMISSION, "returned_on": "2026-11-10", "reasons": "证据不足",
            "items": "补充调取账目"}, format="json")
        assert returned.status_code == 201, returned.json()
        assert returned.json()["due_date"] == "2026-12-10" and returned.json()["round"] == 1
        row = returned.json()["id"]
        assert staff.post(reverse("api-case-return-resubmitted", args=[case.pk, row]), bad,
                          format="json").status_code == 400
        assert staff.post(reverse("api-case-return-resubmitted", args=[case.pk, 2**62]),
                          {"resubmitted_on": "2026-11-10"}, format="json").status_code == 404
        ok = staff.post(reverse("api-case-return-resubmitted", args=[case.pk, row]),
                        {"resubmitted_on": "2026-11-10"}, format="json")
        assert ok.status_code == 200 and ok.json()["resubmitted_on"] == "2026-11-10"
        listed = staff.get(reverse("api-case-supplementary-returns", args=[case.pk])).json()
        assert [r["id"] for r in listed] == [row]
        assert api(world.court_liaison).get(
            reverse("api-case-early-involvements", args=[case.pk])).status_code == 404


def test_the_case_detail_api_still_lists_transfers_with_the_feedback_state(world, case,
                                                                           commission):
    transfer_to(world, case, commission)
    with at(D(2026, 11, 10)):
        detail = api(world.procurator).get(reverse("api-case-detail", args=[case.pk])).json()
    [row] = detail["transfers"]
    assert row["recipient_agency"] == commission.pk and row["feedback_unread"] is False
    assert row["feedback_late"] is None


def test_an_overlong_file_list_is_refused(world, case, commission, commission_liaison):
    transfer = transfer_to(world, case, commission)
    files = [SimpleUploadedFile(f"f{i}.pdf", tiny_pdf(), "application/pdf") for i in range(11)]
    with at(D(2026, 11, 10)):
        response = api(commission_liaison).post(
            reverse("api-agency-clue-feedback-feedback", args=[transfer.pk]),
            {"summary": "已处理", "replied_on": "2026-11-10", "files": files}, format="multipart")
    assert response.status_code == 400
    assert ClueTransfer.objects.get(pk=transfer.pk).replied_on is None

