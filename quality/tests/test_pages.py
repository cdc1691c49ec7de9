"""The review pages: who sees what (404 for the rest), the case page's panel, starting from a
search or a case, the checklist, grading and answering through the forms, the report read
back, the API, the query counts."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from quality import documents, services
from quality.models import Review

from .conftest import all_conforming, graded, items_for, start

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(("persona", "sees"), [
    ("procurator", True), ("approver", True), ("supervisor", True), ("assistant", False),
    ("pt_procurator", False), ("court_liaison", False), ("police_liaison", False),
    ("observer", False), ("sysadmin", False), ("secadmin", False), ("auditadmin", False),
])
def test_who_sees_a_graded_review(world, finished_case, reviewer, persona, sees):
    review = graded(world, finished_case, reviewer)
    client = client_for(getattr(world, persona))
    for url in (reverse("quality:detail", args=[review.pk]),
                reverse("quality:report-pdf", args=[review.pk]),
                reverse("api-quality-review-detail", args=[review.pk])):
        assert client.get(url).status_code == (200 if sees else 404), url
    listed = client.get(reverse("api-quality-review-list"))
    assert (listed.json()["count"] if listed.status_code == 200 else 0) == (1 if sees else 0)
    assert client_for(reviewer).get(reverse("quality:detail", args=[review.pk])).status_code == 200


def test_the_handler_sees_the_review_of_their_case_only_once_graded(world, finished_case,
                                                                    reviewer):
    review = start(world, finished_case, reviewer)
    handler = client_for(world.procurator)
    assert handler.get(reverse("quality:detail", args=[review.pk])).status_code == 404
    page = handler.get(finished_case.get_absolute_url()).content.decode()
    assert 'data-testid="case-review"' not in page
    services.review_record(actor=reviewer, review=review, results=all_conforming(review))
    services.review_grade(actor=reviewer, review=review, grade="excellent", opinion="优质案件。")
    page = handler.get(finished_case.get_absolute_url()).content.decode()
    assert 'data-testid="case-review-grade">优质<' in page
    detail = handler.get(reverse("quality:detail", args=[review.pk])).content.decode()
    assert 'data-testid="feedback-card"' in detail and "checklist-form" not in detail


def test_the_organiser_starts_from_the_case_page(world, finished_case, open_case, reviewer):
    client = client_for(world.approver)
    page = client.get(finished_case.get_absolute_url()).content.decode()
    start_url = reverse("quality:create") + f"?case={finished_case.pk}"
    assert f'href="{start_url}"' in page
    assert 'data-testid="case-review-start"' not in client.get(
        open_case.get_absolute_url()).content.decode()
    form = client.get(start_url).content.decode()
    assert f'name="reviewers" value="{reviewer.pk}"' in form
    for conflicted in (world.procurator, world.assistant):  # handler, assistant: not offered
        assert f'name="reviewers" value="{conflicted.pk}"' not in form
    response = client.post(start_url, {"kind": "key", "reviewers": [reviewer.pk],
                                       "focus": "调查核实"})
    review = Review.objects.get()
    assert response.status_code == 302 and response["Location"] == review.get_absolute_url()
    assert (review.kind, review.focus) == ("key", "调查核实")


def test_the_start_form_never_offers_a_conflicted_reviewer(world, finished_case, reviewer):
    client = client_for(world.approver)
    url = reverse("quality:create") + f"?case={finished_case.pk}"
    response = client.post(url, {"kind": "routine", "reviewers": [world.procurator.pk]})
    assert response.status_code == 200 and not Review.objects.exists()
    assert response.context["form"].errors["reviewers"]


def test_an_open_case_is_refused_on_the_start_page(world, open_case):
    client = client_for(world.approver)
    page = client.get(reverse("quality:create") + f"?case={open_case.pk}").content.decode()
    assert "案件尚未办结（当前状态：受理）" in page and 'name="kind"' not in page


@pytest.mark.parametrize("query", ["?case=abc", "?case=999999", "?instrument=x1",
                                   "?instrument=999999"])
def test_a_bad_subject_is_404(world, query):
    assert client_for(world.approver).get(reverse("quality:create") + query).status_code == 404


def test_the_search_finds_finished_cases_and_closed_instruments(world, finished_case, open_case,
                                                                closed_instrument):
    client = client_for(world.approver)
    page = client.get(reverse("quality:create") + "?q=定检").content.decode()
    assert finished_case.number in page and closed_instrument.number in page
    assert "尚未办结，不能评查" in page  # the open case is listed but not offered
    assert client_for(world.procurator).get(reverse("quality:create")).status_code == 404
    assert client_for(world.court_liaison).get(reverse("quality:create")).status_code == 404


def test_the_reviewer_fills_and_grades_through_the_page(world, finished_case, reviewer):
    review = start(world, finished_case, reviewer)
    client = client_for(reviewer)
    detail = client.get(review.get_absolute_url()).content.decode()
    assert 'data-testid="checklist-form"' in detail and 'data-testid="grade-card"' not in detail
    data = {f"result_{item.pk}": "conforms" for item in items_for(review)}
    wording = next(i for i in items_for(review) if i.code == "document_wording")
    data[f"result_{wording.pk}"] = "flaw"
    response = client.post(reverse("quality:detail", args=[review.pk]), data, follow=True)
    assert "应当写明发现的问题" in response.content.decode()  # the note is missing
    data[f"note_{wording.pk}"] = "结案报告有错别字。"
    client.post(reverse("quality:detail", args=[review.pk]), data)
    detail = client.get(review.get_absolute_url()).content.decode()
    assert "按评查结果应评定为“合格”" in detail
    response = client.post(reverse("quality:grade", args=[review.pk]),
                           {"grade": "excellent", "opinion": "很好"}, follow=True)
    assert "不能评定为优质" in response.content.decode()
    client.post(reverse("quality:grade", args=[review.pk]), {"grade": "pass", "opinion": "合格"})
    review.refresh_from_db()
    assert review.grade == "pass"
    # someone who sees the review but is not its reviewer is refused with a message
    response = client_for(world.approver).post(reverse("quality:detail", args=[review.pk]),
                                               data, follow=True)
    assert "只有本次评查的评查人" in response.content.decode()


def test_the_handler_objects_through_the_page(world, finished_case, reviewer):
    review = graded(world, finished_case, reviewer)
    client = client_for(world.procurator)
    response = client.post(reverse("quality:feedback", args=[review.pk]), {"kind": "object"},
                           follow=True)
    assert "提出异议应当说明理由" in response.content.decode()
    client.post(reverse("quality:feedback", args=[review.pk]),
                {"kind": "object", "text": "不同意"})
    review.refresh_from_db()
    assert review.feedback_kind == "object"
    client_for(world.approver).post(reverse("quality:conclude", args=[review.pk]),
                                    {"decision": "maintain", "reason": "维持"})
    review.refresh_from_db()
    assert review.status == "concluded"


def test_the_report_reads_back(world, finished_case, reviewer):
    review = graded(world, finished_case, reviewer)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(
        documents.render_report_pdf(review))).pages)
    for expected in ("案件质量评查报告", finished_case.number, "结案报告有错别字", "合格", "李评查"):
        assert expected in "".join(text.split()), expected
    with translation.override("en"):  # always Chinese
        assert "评定为：合格" in documents.render_report_html(review)


def test_the_list_its_filters_and_its_query_count(world, finished_case, reviewer, closed_instrument,
                                                  chief, django_assert_max_num_queries):
    graded(world, finished_case, reviewer)
    services.review_start(actor=chief, kind="key", reviewers=[reviewer],
                          recommendation=closed_instrument)
    client = client_for(world.approver)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("quality:list")).content.decode()
    assert page.count('data-testid="review-row"') == 2
    assert page.count("发起评查") >= 1
    with django_assert_max_num_queries(14):
        page = client.get(reverse("quality:list") + "?grade=pass").content.decode()
    assert page.count('data-testid="review-row"') == 1
    page = client.get(reverse("quality:list") + f"?reviewer={reviewer.pk}&kind=key").content.decode()
    assert page.count('data-testid="review-row"') == 1
    assert client.get(reverse("quality:list") + "?graded_from=2026-99-01").status_code == 200
    assert client.get(reverse("quality:list") + "?reviewer=abc").status_code == 200
    reviewer_page = client_for(reviewer).get(reverse("quality:list")).content.decode()
    assert reviewer_page.count('data-testid="review-row"') == 2 and "发起评查" not in reviewer_page
    for persona in ("assistant", "court_liaison", "observer"):
        assert client_for(getattr(world, persona)).get(reverse("quality:list")).status_code == 404


def test_the_api_detail_holds_the_checklist(world, finished_case, reviewer,
                                            django_assert_max_num_queries):
    review = graded(world, finished_case, reviewer)
    client = client_for(world.supervisor)
    with django_assert_max_num_queries(10):
        data = client.get(reverse("api-quality-review-detail", args=[review.pk])).json()
    assert data["grade"] == "pass" and data["case_number"] == finished_case.number
    assert any(r["result"] == "flaw" and r["item_code"] == "document_wording"
               for r in data["results"])
    with django_assert_max_num_queries(10):
        listed = client.get(reverse("api-quality-review-list") + "?grade=pass").json()
    assert listed["count"] == 1
