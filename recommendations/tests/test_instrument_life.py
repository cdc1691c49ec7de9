"""The life of an instrument after issue (issue 6), at the service level: acknowledgement as
service, objections and review requests, items answered and evaluated, verification, follow-up
and who then sees the instrument, voided numbers, similar-case batches, the frozen PDF."""

from __future__ import annotations

import datetime
import hashlib

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.http import Http404

from cases.services import case_transition
from recommendations import services
from recommendations.choices import (
    EvaluationOutcome,
    FollowUpKind,
    InternalDeadlineKind,
    ItemAnswer,
    ReviewKind,
    ServiceMethod,
)
from recommendations.choices import InstrumentStatus as S
from recommendations.models import InternalDeadline, Recommendation, VoidedNumber
from recommendations.permissions import get_recommendation_for_user, recommendations_visible_to
from recommendations.services import extensions
from supervision.choices import Role
from supervision.models import User

NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def _open(rec, kind):
    return InternalDeadline.objects.filter(recommendation=rec, kind=kind, closed_at__isnull=True)


def test_the_liaisons_acknowledgement_is_electronic_service_and_starts_the_clock(world):
    rec = world.issued()
    rec = services.recommendation_acknowledge(actor=world.court_liaison, recommendation=rec)
    assert rec.status == S.AWAITING_REPLY and rec.served_on == TODAY
    assert rec.service_method == ServiceMethod.ELECTRONIC
    # Exactly the date the procurator's own service record would have given.
    assert rec.due_date == services.reply_due_date(rec, TODAY).due_date
    assert rec.due_explanation_text().startswith(f"{TODAY.year}年{TODAY.month}月{TODAY.day}日送达")


def test_items_are_read_from_the_numbered_body(world):
    rec = world.draft(body="一、严格执行公告送达的适用条件；二、开展专项自查；三、加强培训。")
    assert [i.text for i in rec.items.all()] == ["严格执行公告送达的适用条件", "开展专项自查", "加强培训。"]
    assert [i.text for i in world.draft(body="依法纠正。").items.all()] == ["依法纠正。"]


def test_a_type_refuses_an_addressee_it_may_not_go_to(world):
    from recommendations.models import InstrumentType

    with pytest.raises(ValidationError, match="不能主送"):
        world.draft(instrument_type=InstrumentType.objects.get(code="notice_to_file"))


def test_an_objection_is_decided_within_seven_days_with_reasons(world):
    rec = world.served(datetime.date(2026, 11, 2))
    request = services.review_request(actor=world.court_liaison, recommendation=rec,
                                      kind=ReviewKind.OBJECTION, reason="事实认定有误")
    rec.refresh_from_db()
    assert rec.status == S.UNDER_REVIEW
    deadline = _open(rec, InternalDeadlineKind.REVIEW_DECISION).get()
    assert deadline.due_date == datetime.date(2026, 11, 30)  # 7 days, rule review_request
    with pytest.raises(ValidationError):
        services.review_decide(actor=world.procurator, request=request, outcome="rejected", reason=" ")
    services.review_decide(actor=world.procurator, request=request, outcome="rejected",
                           reason="经复核，事实清楚")
    rec.refresh_from_db()
    assert rec.status == S.AWAITING_REPLY and not _open(rec, InternalDeadlineKind.REVIEW_DECISION)
    # A second objection, upheld: the instrument is withdrawn.
    again = services.review_request(actor=world.court_liaison, recommendation=rec,
                                    kind=ReviewKind.REVIEW, reason="申请复查")
    services.review_decide(actor=world.approver, request=again, outcome="upheld", reason="异议成立")
    rec.refresh_from_db()
    assert rec.status == S.WITHDRAWN


def test_items_are_answered_and_evaluated_one_by_one_and_verified_later(world):
    rec = world.served(datetime.date(2026, 11, 2), body="一、纠正违法送达；二、开展自查。")
    first, second = rec.items.all()
    with pytest.raises(ValidationError, match="逐项"):
        services.reply_submit(actor=world.court_liaison, recommendation=rec, content="已整改",
                              item_answers=[services.ItemAnswerInput(first.pk, ItemAnswer.ADOPTED, "已纠正")])
    reply = services.reply_submit(
        actor=world.court_liaison, recommendation=rec, content="已整改",
        item_answers=[services.ItemAnswerInput(first.pk, ItemAnswer.ADOPTED, "已纠正",
                                               completed_on=TODAY),
                      services.ItemAnswerInput(second.pk, ItemAnswer.PARTLY, "自查进行中")])
    assert [a.answer for a in reply.item_answers.all()] == ["adopted", "partly"]
    assert _open(rec, InternalDeadlineKind.EVALUATION).exists()
    evaluation = services.recommendation_evaluate(
        actor=world.procurator, recommendation=rec, outcome=EvaluationOutcome.PARTLY_ADOPTED,
        reasons="自查尚未完成",
        items=[services.ItemEvaluationInput(first.pk, EvaluationOutcome.ADOPTED_RECTIFIED),
               services.ItemEvaluationInput(second.pk, EvaluationOutcome.ADOPTED_IN_PROGRESS)])
    rec.refresh_from_db()
    assert rec.status == S.RECTIFICATION_PENDING and rec.adoption == "partly_adopted"
    assert not _open(rec, InternalDeadlineKind.EVALUATION).exists()
    assert _open(rec, InternalDeadlineKind.VERIFICATION).get().due_date == datetime.date(2027, 2, 23)
    # The case cannot be closed while the verification is pending.
    with pytest.raises(ValidationError, match="未办结的监督文书"):
        case_transition(actor=world.procurator, case=rec.case, action="close", reason="结案")
    services.rectification_verify(actor=world.procurator, recommendation=rec, rectified=True,
                                  note="回头看：已整改到位")
    rec.refresh_from_db()
    assert rec.status == S.CLOSED and rec.rectified is True
    assert list(evaluation.item_evaluations.values_list("rectified", flat=True)) == [True, True]
    case_transition(actor=world.procurator, case=rec.case, action="close", reason="结案")


def test_not_adopted_needs_reasons_and_leads_to_follow_up(world):
    rec = world.served(datetime.date(2026, 11, 2))
    services.reply_submit(actor=world.court_liaison, recommendation=rec, content="不予采纳")
    with pytest.raises(ValidationError, match="理由"):
        services.recommendation_evaluate(actor=world.procurator, recommendation=rec,
                                         outcome=EvaluationOutcome.NOT_ADOPTED)
    services.recommendation_evaluate(actor=world.procurator, recommendation=rec,
                                     outcome=EvaluationOutcome.NOT_ADOPTED, reasons="理由不成立")
    rec.refresh_from_db()
    assert rec.status == S.FOLLOW_UP and rec.rectified is False
    services.follow_up_record(actor=world.procurator, recommendation=rec,
                              kind=FollowUpKind.SUPERIOR_AUTHORITY, note="通报")
    assert rec.follow_ups.get().recipient == "舟山市中级人民法院"
    with pytest.raises(ValidationError, match="行政公益诉讼"):
        services.follow_up_record(actor=world.procurator, recommendation=rec,
                                  kind=FollowUpKind.LAWSUIT, note="起诉")
    services.recommendation_close(actor=world.procurator, recommendation=rec, reason="已通报")
    rec.refresh_from_db()
    assert rec.status == S.CLOSED


def test_urging_waits_for_the_due_date(world):
    rec = world.served(datetime.date(2026, 11, 2))
    with pytest.raises(ValidationError, match="尚未届满"):
        services.follow_up_record(actor=world.procurator, recommendation=rec,
                                  kind=FollowUpKind.URGE, note="催告")


def test_the_higher_procuratorate_sees_the_instrument_only_after_a_follow_up_request(world):
    city_procurator = User.objects.create_user(
        username="city_procurator", password="x" * 12, role=Role.PROCURATOR,
        procuratorate=world.city)
    rec = world.served(datetime.date(2026, 8, 3))  # overdue by now
    with pytest.raises(Http404):
        get_recommendation_for_user(city_procurator, rec.pk)
    follow_up = services.follow_up_record(actor=world.procurator, recommendation=rec,
                                          kind=FollowUpKind.HIGHER_PROCURATORATE,
                                          note="拒不回复，提请跟进监督")
    assert follow_up.higher_procuratorate == world.city
    assert get_recommendation_for_user(city_procurator, rec.pk) == rec
    assert list(recommendations_visible_to(city_procurator)) == [rec]
    services.follow_up_higher_action(actor=city_procurator, follow_up=follow_up,
                                     action="已约谈该院分管领导")
    follow_up.refresh_from_db()
    assert follow_up.higher_action_by == city_procurator
    # Not the sibling procuratorate.
    with pytest.raises(Http404):
        get_recommendation_for_user(world.pt_procurator, rec.pk)


def test_a_voided_number_is_recorded_and_never_handed_out_again(world):
    first = world.issued()
    services.recommendation_void(actor=world.procurator, recommendation=first, reason="主送单位错误")
    first.refresh_from_db()
    assert first.status == S.VOIDED and VoidedNumber.objects.get().number == first.number
    second = world.issued()
    assert first.number == "定检一建〔2026〕1号" and second.number == "定检一建〔2026〕2号"


def test_a_similar_case_recommendation_gets_one_number_and_clock_per_addressee(world):
    case = world.register_case()
    lead = services.recommendation_draft_batch(
        actor=world.procurator, case=case, agencies=[world.court, world.police, world.market],
        instrument_type=world.recommendation_type, title="关于规范涉企执法的类案检察建议",
        body="一、规范执法；二、建立台账。")
    services.recommendation_submit(actor=world.procurator, recommendation=lead)
    services.recommendation_approve(actor=world.approver, recommendation=lead)
    services.recommendation_issue(actor=world.procurator, recommendation=lead)
    issued = list(Recommendation.objects.filter(batch=lead.batch).order_by("number"))
    assert [r.agency for r in issued] == [world.court, world.police, world.market]
    assert [r.number for r in issued] == [f"定检一建〔2026〕{n}号" for n in (1, 2, 3)]
    assert all(r.status == S.ISSUED and r.pdf_sha256 and r.items.count() == 2 for r in issued)
    assert len({r.pdf_sha256 for r in issued}) == 3  # each names its own addressee and number
    services.recommendation_serve(actor=world.procurator, recommendation=issued[1],
                                  served_on=TODAY)
    police = Recommendation.objects.get(pk=issued[1].pk)
    assert police.due_date and Recommendation.objects.get(pk=issued[0].pk).due_date is None
    # Each liaison sees only their own.
    assert list(recommendations_visible_to(world.police_liaison)) == [police]


def test_the_frozen_pdf_never_changes(world):
    rec = world.served(datetime.date(2026, 11, 2))
    stored = rec.pdf.open("rb").read()
    digest = hashlib.sha256(stored).hexdigest()
    extensions.recommendation_extend(actor=world.procurator, recommendation=rec, reason="延期", days=15)
    request = services.review_request(actor=world.court_liaison, recommendation=rec,
                                      kind=ReviewKind.OBJECTION, reason="异议")
    services.review_decide(actor=world.procurator, request=request, outcome="rejected", reason="维持")
    services.reply_submit(actor=world.court_liaison, recommendation=rec, content="已整改")
    services.recommendation_evaluate(actor=world.procurator, recommendation=rec,
                                     outcome=EvaluationOutcome.ADOPTED_RECTIFIED)
    # A re-render attempt: the issue action is refused, the file stays as it was.
    with pytest.raises(ValidationError):
        services.recommendation_issue(actor=world.procurator, recommendation=rec)
    rec.refresh_from_db()
    assert rec.pdf_sha256 == digest and rec.pdf.open("rb").read() == stored
