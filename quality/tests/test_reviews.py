"""The review's life in its services: who may start, review, answer and conclude; from which
state; what each step needs; who is told."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from quality import services
from quality.models import Review
from supervision.models import AuditEntry, Notification
from supervision.statemachine import TransitionNotAllowed

from .conftest import TZ, all_conforming, graded, items_for, start

pytestmark = pytest.mark.django_db


# --- starting ------------------------------------------------------------------------------

def test_a_case_not_yet_finished_is_refused_with_its_state(world, open_case, reviewer):
    with pytest.raises(ValidationError) as refused:
        start(world, open_case, reviewer)
    assert "案件尚未办结（当前状态：受理）" in refused.value.messages[0]
    assert not Review.objects.exists()


def test_an_instrument_not_yet_closed_is_refused(world, clock, reviewer):
    rec = world.served(datetime.date(2026, 11, 2))
    with pytest.raises(ValidationError, match="监督文书尚未办结（当前状态：待回复）"):
        services.review_start(actor=world.approver, kind="key", reviewers=[reviewer],
                              recommendation=rec)


@pytest.mark.parametrize("persona", ["procurator", "assistant", "pt_procurator", "observer"])
def test_only_heads_chiefs_and_case_management_start_a_review(world, finished_case, reviewer,
                                                              persona):
    with pytest.raises(PermissionDenied):
        start(world, finished_case, reviewer, actor=getattr(world, persona))


def test_the_chief_and_a_supervisor_above_may_start_one(world, finished_case, reviewer, chief):
    by_chief = start(world, finished_case, reviewer, actor=chief)
    services.review_cancel(actor=chief, review=by_chief, reason="改由上级院评查")
    by_city = start(world, finished_case, reviewer, actor=world.supervisor, kind="special")
    assert by_city.procuratorate == world.dinghai and by_city.handler == world.procurator
    assert by_city.started_by == world.supervisor


@pytest.mark.parametrize(("persona", "conflict"), [
    ("procurator", "本案承办检察官"), ("assistant", "本案检察官助理")])
def test_the_handler_and_the_assistant_may_not_review_their_case(world, finished_case, persona,
                                                                 conflict):
    with pytest.raises(ValidationError) as refused:
        start(world, finished_case, getattr(world, persona))
    assert conflict in str(refused.value.message_dict["reviewers"])
    assert "应当回避" in str(refused.value.message_dict["reviewers"])


def test_the_drafter_and_the_approver_may_not_review_the_instrument(world, closed_instrument,
                                                                    chief):
    # the approver of the instrument is the head of department: the chief organises
    for person, conflict in ((world.approver, "审批人"), (world.procurator, "本案承办检察官")):
        with pytest.raises(ValidationError, match=conflict):
            services.review_start(actor=chief, kind="key", reviewers=[person],
                                  recommendation=closed_instrument)


def test_a_reviewer_comes_from_the_same_or_a_higher_procuratorate(world, finished_case,
                                                                  city_procurator):
    with pytest.raises(ValidationError, match="不是本院或上级院的检察官"):
        start(world, finished_case, world.pt_procurator)
    review = start(world, finished_case, city_procurator)
    assert list(review.reviewers.all()) == [city_procurator]
    # the reviewer is told
    assert Notification.objects.filter(recipient=city_procurator, code="quality.assigned").exists()


def test_one_review_at_a_time_per_case(world, finished_case, reviewer):
    start(world, finished_case, reviewer)
    with pytest.raises(ValidationError, match="已有正在进行的评查"):
        start(world, finished_case, reviewer, kind="random")


def test_an_instrument_review_reads_the_instrument_checklist(world, closed_instrument, reviewer,
                                                             chief):
    review = services.review_start(actor=chief, kind="key", reviewers=[reviewer],
                                   recommendation=closed_instrument)
    codes = {item.code for item in items_for(review)}
    assert "document_reasoning" in codes and "procedure_service" in codes
    assert "procedure_steps" not in codes  # a case's item
    assert review.case == closed_instrument.case and review.subject_number == closed_instrument.number


# --- reviewing and grading -----------------------------------------------------------------

def test_the_review_end_to_end(world, finished_case, reviewer, clock):
    review = start(world, finished_case, reviewer)
    assert review.status == "pending"
    items = items_for(review)
    # part of the checklist: the review is under way
    services.review_record(actor=reviewer, review=review,
                           results={items[0].pk: ("conforms", "")})
    review.refresh_from_db()
    assert review.status == "in_progress"
    with pytest.raises(ValidationError, match="尚未填写以下评查项目"):
        services.review_grade(actor=reviewer, review=review, grade="excellent", opinion="好")
    # a problem says what it is
    with pytest.raises(ValidationError) as refused:
        services.review_record(actor=reviewer, review=review, results=all_conforming(
            review, document_wording=("flaw", " ")))
    assert any(key.startswith("note_") for key in refused.value.message_dict)
    services.review_record(actor=reviewer, review=review, results=all_conforming(
        review, document_wording=("flaw", "结案报告有两处错别字。")))
    with pytest.raises(ValidationError, match="不能评定为优质"):
        services.review_grade(actor=reviewer, review=review, grade="excellent", opinion="好")
    with pytest.raises(ValidationError, match="请填写评查意见"):
        services.review_grade(actor=reviewer, review=review, grade="pass", opinion=" ")
    review = services.review_grade(actor=reviewer, review=review, grade="pass",
                                   opinion="事实清楚，程序规范，文书有瑕疵。")
    assert (review.status, review.grade, review.suggested_grade) == ("graded", "pass", "pass")
    assert review.feedback_due_on == datetime.date(2026, 11, 30)  # seven days
    assert Notification.objects.filter(recipient=world.procurator, code="quality.graded").exists()
    # the handler answers; the organiser decides on the objection
    with pytest.raises(PermissionDenied, match="承办检察官"):
        services.review_feedback(actor=reviewer, review=review, kind="accept")
    with pytest.raises(ValidationError, match="反馈期限至 2026-11-30"):
        services.review_conclude(actor=world.approver, review=review)
    with pytest.raises(ValidationError, match="说明理由"):
        services.review_feedback(actor=world.procurator, review=review, kind="object")
    review = services.review_feedback(actor=world.procurator, review=review, kind="object",
                                      text="错别字系打印稿，归档文本无误。")
    with pytest.raises(ValidationError, match="不能重复反馈"):
        services.review_feedback(actor=world.procurator, review=review, kind="accept")
    with pytest.raises(PermissionDenied):
        services.review_conclude(actor=reviewer, review=review, decision="maintain", reason="x")
    with pytest.raises(ValidationError, match="请对承办检察官的异议作出决定"):
        services.review_conclude(actor=world.approver, review=review)
    with pytest.raises(ValidationError, match="不能评定为优质"):
        services.review_conclude(actor=world.approver, review=review, decision="change",
                                 grade="excellent", reason="异议成立")
    review = services.review_conclude(actor=world.approver, review=review, decision="maintain",
                                      reason="案卷中的结案报告确有错别字。")
    assert (review.status, review.grade, review.decision) == ("concluded", "pass", "maintain")
    actions = list(AuditEntry.objects.filter(target_type="quality.review", target_id=str(review.pk))
                   .order_by("pk").values_list("action", flat=True))
    assert actions == ["quality_review_start", "quality_review_record", "quality_review_record",
                       "quality_review_grade", "quality_review_feedback",
                       "quality_review_conclude"]


def test_a_grade_changed_on_objection_keeps_the_reviewers(world, finished_case, reviewer):
    review = graded(world, finished_case, reviewer, grade="flawed",
                    document_wording=("nonconforming", "结案报告漏写监督结果。"))
    assert review.suggested_grade == "flawed" and review.grade_reason == ""
    services.review_feedback(actor=world.procurator, review=review, kind="object", text="理由")
    review = services.review_conclude(actor=world.approver, review=review, decision="change",
                                      grade="pass", reason="异议成立。")
    assert (review.grade, review.reviewer_grade) == ("pass", "flawed")


def test_a_reviewer_who_departs_from_the_results_says_why(world, finished_case, reviewer):
    review = start(world, finished_case, reviewer)
    services.review_record(actor=reviewer, review=review, results=all_conforming(
        review, facts_evidence=("nonconforming", "关键证据缺失。")))
    with pytest.raises(ValidationError) as refused:
        services.review_grade(actor=reviewer, review=review, grade="flawed", opinion="意见")
    assert "应评定为“不合格”" in str(refused.value.message_dict["grade_reason"])
    review = services.review_grade(actor=reviewer, review=review, grade="flawed",
                                   opinion="意见", grade_reason="证据已在复查中补强。")
    assert (review.grade, review.suggested_grade) == ("flawed", "fail")


def test_only_a_named_reviewer_fills_the_checklist(world, finished_case, reviewer, chief):
    review = start(world, finished_case, reviewer)
    for person in (world.approver, chief, world.procurator):
        with pytest.raises(PermissionDenied, match="评查人"):
            services.review_record(actor=person, review=review, results=all_conforming(review))


def test_an_item_that_does_not_apply_is_refused(world, finished_case, closed_instrument, reviewer,
                                               chief):
    review = services.review_start(actor=chief, kind="key", reviewers=[reviewer],
                                   recommendation=closed_instrument)
    case_item = next(i for i in items_for(start(world, finished_case, reviewer))
                     if i.code == "procedure_steps")
    with pytest.raises(ValidationError, match="不适用于本次评查"):
        services.review_record(actor=reviewer, review=review,
                               results={case_item.pk: ("conforms", "")})


def test_the_answer_after_its_period_is_refused_and_the_review_may_be_concluded(
        world, finished_case, reviewer, clock):
    review = graded(world, finished_case, reviewer)
    clock.move_to(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=TZ))
    with pytest.raises(ValidationError, match="反馈期限已于 2026-11-30 届满"):
        services.review_feedback(actor=world.procurator, review=review, kind="accept")
    review = services.review_conclude(actor=world.approver, review=review)
    assert review.status == "concluded" and review.decision == ""


def test_the_handler_without_objection_lets_it_conclude_at_once(world, finished_case, reviewer):
    review = graded(world, finished_case, reviewer)
    services.review_feedback(actor=world.procurator, review=review, kind="accept")
    assert services.review_conclude(actor=world.approver, review=review).status == "concluded"


def test_a_graded_review_can_no_longer_be_cancelled_nor_filled(world, finished_case, reviewer):
    review = graded(world, finished_case, reviewer)
    with pytest.raises(TransitionNotAllowed, match="已评定"):
        services.review_cancel(actor=world.approver, review=review, reason="不再需要")
    with pytest.raises(TransitionNotAllowed):
        services.review_record(actor=reviewer, review=review, results=all_conforming(review))


def test_cancelling_says_why_and_tells_the_reviewers(world, finished_case, reviewer):
    review = start(world, finished_case, reviewer)
    with pytest.raises(ValidationError, match="撤销评查应当说明理由"):
        services.review_cancel(actor=world.approver, review=review, reason="")
    with pytest.raises(PermissionDenied):
        services.review_cancel(actor=reviewer, review=review, reason="不想评")
    review = services.review_cancel(actor=world.approver, review=review, reason="重复发起")
    assert review.status == "cancelled"
    assert Notification.objects.filter(recipient=reviewer, code="quality.cancelled").exists()
    # a new review of the same case may then start
    assert start(world, finished_case, reviewer).status == "pending"
