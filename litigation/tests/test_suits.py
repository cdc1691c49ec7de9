"""Each workflow of a public-interest suit end to end through the services: allowed and
refused steps, the wrong person refused, the periods computed across a holiday."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from litigation import services
from litigation.choices import (
    AnnouncementResult,
    AppealPeriodOutcome,
    SuitKind,
    SuitStatus,
)
from litigation.models import AppealPeriod, PilAnnouncement
from supervision.models import AuditEntry, Notification
from supervision.statemachine import TransitionNotAllowed

from .conftest import D, at, travel

pytestmark = pytest.mark.django_db


def open_civil(world, case):
    return services.suit_open(actor=world.procurator, case=case, kind=SuitKind.CIVIL,
                              defendant="舟山某化工有限公司")


SEPTEMBER_1 = D(2026, 9, 1)


def announce(world, suit, on=SEPTEMBER_1):
    with travel(on):
        return services.announcement_publish(
            actor=world.procurator, suit=suit, medium="procuratorate_daily", published_on=on,
            content="本院在履行职责中发现舟山某化工有限公司非法排污……特此公告。")


def messages(exc) -> str:
    return " ".join(exc.value.messages)


def test_a_civil_suit_from_the_announcement_to_closure(world, pil_case, chief):
    suit = open_civil(world, pil_case)
    assert suit.status == SuitStatus.PREPARING and suit.procuratorate == world.dinghai

    # Published 1 September 2026: thirty days end on Thursday 1 October, National Day; the
    # holiday runs to the 7th, so the period ends on Thursday 8 October.
    announcement = announce(world, suit)
    suit.refresh_from_db()
    assert suit.status == SuitStatus.ANNOUNCED
    assert announcement.due_explanation["raw_end"] == "2026-10-01"
    assert announcement.due_date == D(2026, 10, 8)
    assert "顺延" in announcement.due_explanation_text()
    assert announcement.is_running()

    with travel(D(2026, 10, 8)):  # the last day: nobody has sued yet, but the period runs
        with pytest.raises(ValidationError) as refused:
            services.announcement_record_result(actor=world.procurator, suit=suit,
                                                result=AnnouncementResult.NOBODY_SUED,
                                                result_on=D(2026, 10, 8))
        assert "期满后方可登记" in messages(refused)
        # The chief decides; a procurator cannot.
        with pytest.raises(PermissionDenied) as wrong:
            services.suit_decide(actor=world.procurator, suit=suit, decided_on=D(2026, 10, 8))
        assert "检察长决定" in str(wrong.value)
        services.suit_decide(actor=chief, suit=suit, decided_on=D(2026, 10, 8))
        with pytest.raises(ValidationError) as early:
            services.suit_file(actor=world.procurator, suit=suit, court=world.court,
                               filed_on=D(2026, 10, 8), claims="判令被告修复生态环境",
                               facts="被告非法排污。")
        assert "公告期满前不能提起诉讼" in messages(early)
        assert "2026年10月8日" in messages(early)

    with travel(D(2026, 10, 9)):
        services.announcement_record_result(actor=world.procurator, suit=suit,
                                            result=AnnouncementResult.NOBODY_SUED,
                                            result_on=D(2026, 10, 9))
        # Someone from another procuratorate may not file it.
        with pytest.raises(PermissionDenied):
            services.suit_file(actor=world.pt_procurator, suit=suit, court=world.court,
                               filed_on=D(2026, 10, 9), claims="判令被告修复生态环境",
                               facts="被告非法排污。")
        with pytest.raises(ValidationError) as no_court:
            services.suit_file(actor=world.procurator, suit=suit, court=world.market,
                               filed_on=D(2026, 10, 9), claims="判令被告修复生态环境",
                               facts="被告非法排污。")
        assert "court" in no_court.value.message_dict
        suit = services.suit_file(actor=world.procurator, suit=suit, court=world.court,
                                  filed_on=D(2026, 10, 9),
                                  claims="判令被告修复受损生态环境\n判令被告赔礼道歉",
                                  facts="被告非法排污，损害社会公共利益。")
    announcement.refresh_from_db()
    assert not announcement.is_running()
    assert suit.status == SuitStatus.FILED and suit.decided_by == chief

    # A court date ahead keeps it filed; the trial held moves it to 已开庭.
    with travel(D(2026, 10, 20)):
        services.session_add(actor=world.procurator, suit=suit, kind="trial",
                             scheduled_at=at(D(2026, 10, 28)), place="第三法庭")
        suit.refresh_from_db()
        assert suit.status == SuitStatus.FILED
    with travel(D(2026, 10, 29)):
        services.session_add(actor=world.assistant, suit=suit, kind="trial",
                             scheduled_at=at(D(2026, 10, 28)), place="第三法庭",
                             note="被告当庭认可部分事实。")
        suit.refresh_from_db()
        assert suit.status == SuitStatus.HEARD

    # The judgment, served on 16 September … here 2 November: fifteen days to appeal.
    with travel(D(2026, 11, 3)):
        suit = services.judgment_record(actor=world.procurator, suit=suit,
                                        result="supported_part", judgment_on=D(2026, 11, 2),
                                        served_on=D(2026, 11, 2),
                                        summary="被告于判决生效后六个月内修复生态环境。")
    period = AppealPeriod.objects.get(suit=suit)
    assert suit.status == SuitStatus.JUDGED
    assert period.due_date == D(2026, 11, 17) and period.is_running()
    assert Notification.objects.filter(code="pil.judged", recipient=world.approver).exists()

    with travel(D(2026, 11, 18)):
        with pytest.raises(ValidationError) as late:
            services.appeal_record(actor=world.procurator, suit=suit, appellant="procuratorate",
                                   appealed_on=D(2026, 11, 18))
        assert "上诉期限已于2026年11月17日届满" in messages(late)
        suit = services.appeal_record(actor=world.procurator, suit=suit,
                                      appellant="procuratorate", appealed_on=D(2026, 11, 16))
    period.refresh_from_db()
    assert period.outcome == AppealPeriodOutcome.APPEALED and not period.is_running()
    assert suit.status == SuitStatus.APPEALED

    with travel(D(2026, 11, 20)):
        services.session_add(actor=world.procurator, suit=suit, kind="trial",
                             scheduled_at=at(D(2026, 11, 19)), place="舟山市中级人民法院")
        suit = services.second_instance_record(actor=world.procurator, suit=suit,
                                               result="amended", second_on=D(2026, 11, 20))
    assert suit.status == SuitStatus.EFFECTIVE and suit.effective_on == D(2026, 11, 20)
    assert list(suit.sessions.values_list("instance", flat=True)) == ["first", "first", "second"]

    with travel(D(2026, 11, 23)):
        with pytest.raises(TransitionNotAllowed):
            services.appeal_record(actor=world.procurator, suit=suit, appellant="defendant",
                                   appealed_on=D(2026, 11, 23))
        suit = services.enforcement_record(actor=world.procurator, suit=suit,
                                           enforcement_on=D(2026, 11, 21))
        assert suit.status == SuitStatus.ENFORCING
        suit = services.suit_close(actor=world.procurator, suit=suit, closed_on=D(2026, 11, 23),
                                   performance="被告已完成生态修复，经第三方评估合格。")
    assert suit.status == SuitStatus.CLOSED
    actions = list(AuditEntry.objects.filter(target_type="litigation.publicinterestsuit",
                                             target_id=str(suit.pk))
                   .order_by("pk").values_list("action", flat=True))
    assert actions == ["pil_suit_open", "pil_announcement_publish", "pil_suit_decide",
                       "pil_announcement_result", "pil_suit_file", "pil_session_add",
                       "pil_session_add", "pil_judgment_record", "pil_appeal_record",
                       "pil_session_add", "pil_second_instance_record",
                       "pil_enforcement_record", "pil_suit_close"]


def test_the_appeal_period_lapses_only_after_its_last_day(world, pil_case, chief):
    suit = filed_civil(world, pil_case, chief)
    # A ruling dismissing the suit, served Friday 20 November 2026: ten days end Monday the
    # 30th.
    with travel(D(2026, 11, 20)):
        suit = services.judgment_record(actor=world.procurator, suit=suit,
                                        result="suit_dismissed", judgment_on=D(2026, 11, 19),
                                        served_on=D(2026, 11, 20), summary="驳回起诉。")
    assert AppealPeriod.objects.get(suit=suit).due_date == D(2026, 11, 30)
    with travel(D(2026, 11, 30)):
        with pytest.raises(ValidationError) as early:
            services.appeal_lapse(actor=world.procurator, suit=suit)
        assert "期满前不能登记裁判生效" in messages(early)
    with travel(D(2026, 12, 1)):
        suit = services.appeal_lapse(actor=world.procurator, suit=suit)
    assert suit.status == SuitStatus.EFFECTIVE and suit.effective_on == D(2026, 12, 1)
    assert AppealPeriod.objects.get(suit=suit).outcome == AppealPeriodOutcome.LAPSED


def filed_civil(world, case, chief):
    suit = open_civil(world, case)
    announce(world, suit)
    with travel(D(2026, 10, 9)):
        services.announcement_record_result(actor=world.procurator, suit=suit,
                                            result=AnnouncementResult.NOBODY_SUED,
                                            result_on=D(2026, 10, 9))
        services.suit_decide(actor=chief, suit=suit, decided_on=D(2026, 10, 9))
        return services.suit_file(actor=world.procurator, suit=suit, court=world.court,
                                  filed_on=D(2026, 10, 9), claims="判令被告修复生态环境",
                                  facts="被告非法排污。")


def test_a_mediation_takes_effect_at_once_and_a_withdrawal_ends_the_suit(world, pil_case, chief,
                                                                        pil_matter):
    suit = filed_civil(world, pil_case, chief)
    with travel(D(2026, 11, 10)):
        suit = services.judgment_record(actor=world.procurator, suit=suit, result="mediated",
                                        judgment_on=D(2026, 11, 10), summary="双方达成调解协议。")
    assert suit.status == SuitStatus.EFFECTIVE and suit.effective_on == D(2026, 11, 10)
    assert not AppealPeriod.objects.filter(suit=suit).exists()

    other = world.register_case(matter=pil_matter, agency=world.market,
                                accepted_on=D(2026, 8, 20), title="另一排污案")
    second = filed_civil(world, other, chief)
    with travel(D(2026, 11, 10)):
        second = services.judgment_record(actor=world.procurator, suit=second,
                                          result="withdrawal_allowed",
                                          judgment_on=D(2026, 11, 10),
                                          summary="准许公益诉讼起诉人撤回起诉。")
    assert second.status == SuitStatus.CLOSED and second.closed_on == D(2026, 11, 10)


def test_an_organ_that_sues_during_the_announcement_takes_the_suit_over(world, pil_case, chief):
    suit = open_civil(world, pil_case)
    announce(world, suit)
    with travel(D(2026, 9, 20)):
        with pytest.raises(ValidationError) as unnamed:
            services.announcement_record_result(actor=world.procurator, suit=suit,
                                                result=AnnouncementResult.ORGAN_SUED,
                                                result_on=D(2026, 9, 20))
        assert "plaintiff" in unnamed.value.message_dict
        services.announcement_record_result(actor=world.procurator, suit=suit,
                                            result=AnnouncementResult.ORGAN_SUED,
                                            result_on=D(2026, 9, 20), plaintiff="舟山市环保联合会")
    suit.refresh_from_db()
    assert suit.status == SuitStatus.SUPERSEDED
    assert not PilAnnouncement.objects.get(suit=suit).is_running()
    with travel(D(2026, 10, 20)), pytest.raises(PermissionDenied):
        services.suit_decide(actor=world.procurator, suit=suit, decided_on=D(2026, 10, 20))
    with travel(D(2026, 10, 20)), pytest.raises(TransitionNotAllowed) as refused:
        services.suit_decide(actor=chief, suit=suit, decided_on=D(2026, 10, 20))
    assert "适格主体已起诉" in messages(refused)


def test_an_administrative_suit_needs_an_unheeded_pre_litigation_recommendation(
        world, pil_case, chief, pre_litigation_type):
    suit = services.suit_open(actor=world.procurator, case=pil_case,
                              kind=SuitKind.ADMINISTRATIVE, defendant=world.market.name)
    with pytest.raises(ValidationError) as no_announcement:
        announce(world, suit)
    assert "不经公告程序" in messages(no_announcement)
    services.suit_decide(actor=chief, suit=suit, decided_on=D(2026, 11, 10))
    with pytest.raises(ValidationError) as none:
        services.suit_file(actor=world.procurator, suit=suit, court=world.court,
                           filed_on=D(2026, 11, 23), claims="确认被告未依法履职违法",
                           facts="被告未依法履行监管职责。")
    assert "诉前检察建议" in messages(none)

    # Served 15 September: two months end Sunday 15 November, a rest day → Monday the 16th.
    with travel(D(2026, 9, 15)):
        rec = world.served(D(2026, 9, 15), pil_case, instrument_type=pre_litigation_type,
                           agency=world.market, title="关于依法履行监管职责的检察建议")
    assert rec.due_date == D(2026, 11, 16)
    with travel(D(2026, 11, 16)), pytest.raises(ValidationError) as running:
        services.suit_file(actor=world.procurator, suit=suit, court=world.court,
                           filed_on=D(2026, 11, 16), claims="确认被告未依法履职违法",
                           facts="被告未依法履行监管职责。")
    assert "回复期限届满" in messages(running)
    suit = services.suit_file(actor=world.procurator, suit=suit, court=world.court,
                              filed_on=D(2026, 11, 23), claims="确认被告未依法履职违法",
                              facts="被告未依法履行监管职责。")
    assert suit.status == SuitStatus.FILED


def test_a_rectified_recommendation_is_no_ground_to_sue(world, pil_case, chief,
                                                       pre_litigation_type):
    suit = services.suit_open(actor=world.procurator, case=pil_case,
                              kind=SuitKind.ADMINISTRATIVE, defendant=world.market.name)
    with travel(D(2026, 9, 15)):
        rec = world.served(D(2026, 9, 15), pil_case, instrument_type=pre_litigation_type,
                           agency=world.market)
    type(rec).objects.filter(pk=rec.pk).update(rectified=True)
    services.suit_decide(actor=chief, suit=suit, decided_on=D(2026, 11, 23))
    with pytest.raises(ValidationError):
        services.suit_file(actor=world.procurator, suit=suit, court=world.court,
                           filed_on=D(2026, 11, 23), claims="确认违法", facts="未履职。")


def test_only_public_interest_cases_and_their_workers_open_a_suit(world, clock, pil_case):
    ordinary = world.register_case()
    with pytest.raises(ValidationError) as refused:
        services.suit_open(actor=world.procurator, case=ordinary, kind=SuitKind.CIVIL,
                           defendant="某公司")
    assert "只有公益诉讼检察案件" in messages(refused)
    for outsider in (world.pt_procurator, world.supervisor, world.court_liaison):
        with pytest.raises(PermissionDenied):
            services.suit_open(actor=outsider, case=pil_case, kind=SuitKind.CIVIL,
                               defendant="某公司")
    services.suit_open(actor=world.assistant, case=pil_case, kind=SuitKind.CIVIL,
                       defendant="某公司")
    with pytest.raises(ValidationError):
        services.suit_open(actor=world.procurator, case=pil_case, kind=SuitKind.CIVIL,
                           defendant="另一公司")


def test_ending_the_examination_is_for_a_head_or_the_chief_and_stops_the_clock(world, pil_case):
    suit = open_civil(world, pil_case)
    announcement = announce(world, suit)
    with travel(D(2026, 9, 10)):
        with pytest.raises(PermissionDenied):
            services.suit_withdraw(actor=world.procurator, suit=suit, reason="损害已修复")
        with pytest.raises(ValidationError):
            services.suit_withdraw(actor=world.approver, suit=suit, reason=" ")
        suit = services.suit_withdraw(actor=world.approver, suit=suit,
                                      reason="被告已主动修复受损环境。")
    announcement.refresh_from_db()
    assert suit.status == SuitStatus.WITHDRAWN
    assert announcement.result == AnnouncementResult.ENDED and not announcement.is_running()


def test_dates_in_the_future_or_before_the_case_are_refused(world, pil_case):
    suit = open_civil(world, pil_case)
    with pytest.raises(ValidationError) as future:
        services.announcement_publish(actor=world.procurator, suit=suit, medium="national_media",
                                      published_on=D(2026, 11, 24), content="公告")
    assert "不能晚于今天" in messages(future)
    with pytest.raises(ValidationError) as before:
        services.announcement_publish(actor=world.procurator, suit=suit, medium="national_media",
                                      published_on=D(2026, 8, 1), content="公告")
    assert "受理日期" in messages(before)
    assert datetime.date(2026, 8, 20) == pil_case.accepted_on


def test_a_case_is_not_finished_while_its_suit_runs(world, pil_case):
    from cases.services.status import case_transition

    suit = open_civil(world, pil_case)
    with pytest.raises(ValidationError) as refused:
        case_transition(actor=world.procurator, case=pil_case, action="terminate",
                        reason="损害已修复。")
    assert "公益诉讼尚未办结" in messages(refused)
    services.suit_withdraw(actor=world.approver, suit=suit, reason="被告已修复受损环境。")
    case = case_transition(actor=world.procurator, case=pil_case, action="terminate",
                           reason="损害已修复。")
    assert case.is_finished
