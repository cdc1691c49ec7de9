"""A hearing's life through the services: scheduled → held → concluded, or cancelled; the wrong
person and the wrong state refused; a people's supervisor out of term refused; every write
audited; the approvers told."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hearings import services
from hearings.choices import HearingStatus
from hearings.models import Hearing, HearingParticipant
from supervision.models import AuditEntry, Notification, User
from supervision.statemachine import TransitionNotAllowed

from .conftest import TODAY, at

pytestmark = pytest.mark.django_db


def schedule(world, case, *, actor=None, day=datetime.date(2026, 11, 20), **kwargs) -> Hearing:
    return services.hearing_schedule(
        actor=actor or world.procurator, case=case, topic="对执行监督申请的公开听证",
        questions="执行法院是否消极执行\n是否应当提出检察建议", place="定海区人民检察院听证室",
        scheduled_at=kwargs.pop("scheduled_at", at(day)), presiding=world.procurator,
        proposed_handling="拟向法院提出检察建议，督促依法执行。", **kwargs)


def invite(world, hearing, register, *names: str) -> list[HearingParticipant]:
    return [services.participant_add(actor=world.procurator, hearing=hearing,
                                     role="people_supervisor", people_supervisor=register[n])
            for n in names]


def held(world, case, register) -> tuple[Hearing, list[HearingParticipant]]:
    """A hearing on 20 November with two people's supervisors, a deputy and the applicant,
    all attending."""
    hearing = schedule(world, case)
    people = invite(world, hearing, register, "li", "zhang")
    people.append(services.participant_add(actor=world.procurator, hearing=hearing,
                                           role="deputy", name="周代表", affiliation="区人大代表"))
    people.append(services.participant_add(actor=world.procurator, hearing=hearing,
                                           role="party", name="申请人陈某"))
    services.notice_record(actor=world.procurator, hearing=hearing, participants=people,
                           sent_on=datetime.date(2026, 11, 16), method="phone")
    hearing = services.hearing_hold(actor=world.procurator,
                                    hearing=hearing, held_at=at(datetime.date(2026, 11, 20), 9, 40),
                                    record="主持人宣布听证开始。申请人陈述……", recorder="周敏",
                                    attended=[p.pk for p in people])
    return hearing, people


def test_a_hearing_from_schedule_to_conclusion(world, case, register, clock):
    hearing, people = held(world, case, register)
    assert hearing.status == HearingStatus.HELD
    for p, stance in zip(people[:3], ["agree", "agree", "partly"], strict=True):
        services.opinion_record(actor=world.procurator, hearing=hearing, participant=p,
                                opinion="同意提出检察建议。", stance=stance)
    services.opinion_record(actor=world.procurator, hearing=hearing, participant=people[3],
                            opinion="请求尽快执行。")
    hearing = services.hearing_conclude(
        actor=world.procurator, hearing=hearing, outcome="adopted",
        decision="向定海区人民法院提出检察建议。", concluded_on=TODAY)
    assert hearing.status == HearingStatus.CONCLUDED
    assert hearing.concluded_by == world.procurator
    actions = list(AuditEntry.objects.filter(target_type="hearings.hearing",
                                             target_id=str(hearing.pk))
                   .order_by("seq").values_list("action", flat=True))
    assert actions == (["hearing_schedule"] + ["hearing_participant_add"] * 4
                       + ["hearing_notice_record", "hearing_hold"]
                       + ["hearing_opinion_record"] * 4 + ["hearing_conclude"])
    # The approver heard of the scheduling and of the conclusion; the actor of neither.
    codes = set(Notification.objects.filter(recipient=world.approver)
                .values_list("code", flat=True))
    assert {"hearing.scheduled", "hearing.concluded"} <= codes
    assert not Notification.objects.filter(recipient=world.procurator,
                                            code__startswith="hearing.").exists()


def test_a_supervisor_whose_term_ended_is_refused(world, case, register, clock):
    hearing = schedule(world, case)
    with pytest.raises(ValidationError, match="赵退任.*任期届满"):
        invite(world, hearing, register, "ended")
    with pytest.raises(ValidationError, match="钱暂停"):
        invite(world, hearing, register, "suspended")
    assert not hearing.participants.exists()


def test_a_supervisor_from_a_register_the_case_may_not_invite_from_is_refused(
        world, case, register, clock):
    hearing = schedule(world, case)
    with pytest.raises(ValidationError, match="不在本院可邀请的名册中"):
        invite(world, hearing, register, "putuo")


def test_moving_the_hearing_past_a_supervisors_term_is_refused(world, case, register, clock):
    hearing = schedule(world, case, day=datetime.date(2026, 12, 10))
    invite(world, hearing, register, "li")
    register["li"] = services.people_supervisor_update(
        actor=register["approver_zs"], supervisor=register["li"],
        term_end=datetime.date(2026, 12, 31))
    with pytest.raises(ValidationError, match="李海明"):
        services.hearing_update(actor=world.procurator, hearing=hearing, topic=hearing.topic,
                                questions=hearing.questions, place=hearing.place,
                                presiding=world.procurator,
                                scheduled_at=at(datetime.date(2027, 1, 8)))
    hearing.refresh_from_db()
    assert hearing.scheduled_at == at(datetime.date(2026, 12, 10))


def test_the_same_supervisor_is_invited_once(world, case, register, clock):
    hearing = schedule(world, case)
    invite(world, hearing, register, "li")
    with pytest.raises(ValidationError, match="已在本次听证"):
        invite(world, hearing, register, "li")


def test_an_invitation_is_withdrawn_before_the_hearing_and_can_be_made_again(
        world, case, register, clock):
    hearing = schedule(world, case)
    li, = invite(world, hearing, register, "li")
    other = schedule(world, case, day=datetime.date(2026, 11, 24))
    with pytest.raises(ValidationError, match="不属于本次听证"):
        services.participant_remove(actor=world.procurator, hearing=other, participant=li)
    with pytest.raises(PermissionDenied):
        services.participant_remove(actor=world.pt_procurator, hearing=hearing, participant=li)
    pk = li.pk
    services.participant_remove(actor=world.procurator, hearing=hearing, participant=li)
    assert not HearingParticipant.objects.filter(pk=pk).exists()
    entry = AuditEntry.objects.filter(action="hearing_participant_remove").latest("seq")
    assert str(entry.data["participant"]) == str(pk)
    invite(world, hearing, register, "li")  # invited again, once


def test_the_wrong_person_is_refused(world, case, register, clock):
    with pytest.raises(PermissionDenied):
        schedule(world, case, actor=world.pt_procurator)
    with pytest.raises(PermissionDenied):
        schedule(world, case, actor=world.supervisor)
    hearing = schedule(world, case)
    with pytest.raises(PermissionDenied):
        services.participant_add(actor=world.pt_procurator, hearing=hearing, role="expert",
                                 name="专家")
    with pytest.raises(PermissionDenied):
        services.participant_add(actor=world.court_liaison, hearing=hearing, role="expert",
                                 name="专家")
    # The assistant (not assigned to this case) may not touch it; assigned, prepares but does
    # not decide.
    with pytest.raises(PermissionDenied):
        services.hearing_cancel(actor=world.assistant, hearing=hearing, reason="改期")
    case.assistant = world.assistant
    case.save(update_fields=["assistant"])
    services.participant_add(actor=world.assistant, hearing=hearing, role="expert", name="专家甲")
    with pytest.raises(PermissionDenied, match="承办检察官"):
        services.hearing_cancel(actor=world.assistant, hearing=hearing, reason="改期")


def test_a_presiding_procurator_of_another_procuratorate_is_refused(world, case, clock):
    with pytest.raises(ValidationError, match="主持人"):
        services.hearing_schedule(actor=world.procurator, case=case, topic="听证",
                                  questions="问题", place="听证室", scheduled_at=at(TODAY),
                                  presiding=world.pt_procurator)


def test_refused_transitions(world, case, register, clock):
    hearing = schedule(world, case)
    people = invite(world, hearing, register, "li")
    # No opinion before the hearing, no conclusion before it was held.
    with pytest.raises(TransitionNotAllowed):
        services.opinion_record(actor=world.procurator, hearing=hearing, participant=people[0],
                                opinion="意见", stance="agree")
    with pytest.raises(TransitionNotAllowed):
        services.hearing_conclude(actor=world.procurator, hearing=hearing, outcome="adopted",
                                  decision="决定", concluded_on=TODAY)
    hearing = services.hearing_cancel(actor=world.procurator, hearing=hearing,
                                      reason="申请人撤回监督申请")
    assert hearing.status == HearingStatus.CANCELLED
    for call in (
        lambda: services.hearing_hold(actor=world.procurator, hearing=hearing, held_at=at(TODAY),
                                      record="记录", attended=[people[0].pk]),
        lambda: services.notice_record(actor=world.procurator, hearing=hearing,
                                       participants=people, sent_on=TODAY, method="phone"),
        lambda: services.participant_add(actor=world.procurator, hearing=hearing,
                                         role="expert", name="专家"),
        lambda: services.hearing_cancel(actor=world.procurator, hearing=hearing, reason="再取消"),
    ):
        with pytest.raises(TransitionNotAllowed, match="已取消"):
            call()


def test_a_hearing_needs_a_hearing_member_present(world, case, register, clock):
    hearing = schedule(world, case)
    party = services.participant_add(actor=world.procurator, hearing=hearing, role="party",
                                     name="申请人")
    invite(world, hearing, register, "li")
    with pytest.raises(ValidationError, match="至少应有一名听证员到场"):
        services.hearing_hold(actor=world.procurator, hearing=hearing,
                              held_at=at(datetime.date(2026, 11, 20)), record="记录",
                              attended=[party.pk])
    with pytest.raises(ValidationError, match="晚于现在"):
        services.hearing_hold(actor=world.procurator, hearing=hearing,
                              held_at=at(datetime.date(2026, 11, 24)), record="记录",
                              attended=[party.pk])


def test_a_supervisor_suspended_before_the_hearing_cannot_be_recorded_as_sitting(
        world, case, register, clock):
    hearing = schedule(world, case)
    people = invite(world, hearing, register, "li", "zhang")
    services.people_supervisor_update(actor=register["approver_zs"], supervisor=register["zhang"],
                                      status="suspended")
    with pytest.raises(ValidationError, match="张秀英"):
        services.hearing_hold(actor=world.procurator, hearing=hearing,
                              held_at=at(datetime.date(2026, 11, 20)), record="记录",
                              attended=[p.pk for p in people])
    services.hearing_hold(actor=world.procurator, hearing=hearing,
                          held_at=at(datetime.date(2026, 11, 20)), record="记录",
                          attended=[people[0].pk])
    people[1].refresh_from_db()
    assert people[1].attended is False
    with pytest.raises(ValidationError, match="未到场"):
        services.opinion_record(actor=world.procurator, hearing=hearing, participant=people[1],
                                opinion="意见", stance="agree")


def test_the_conclusion_needs_every_members_opinion_and_a_reason(world, case, register, clock):
    hearing, people = held(world, case, register)
    with pytest.raises(ValidationError, match="李海明、张秀英、周代表"):
        services.hearing_conclude(actor=world.procurator, hearing=hearing, outcome="adopted",
                                  decision="决定", concluded_on=TODAY)
    with pytest.raises(ValidationError, match="听证员对拟处理意见"):
        services.opinion_record(actor=world.procurator, hearing=hearing, participant=people[0],
                                opinion="同意")
    for p in people[:3]:
        services.opinion_record(actor=world.procurator, hearing=hearing, participant=p,
                                opinion="不同意提出检察建议。", stance="disagree")
    with pytest.raises(ValidationError, match="应当说明理由"):
        services.hearing_conclude(actor=world.procurator, hearing=hearing, outcome="partly",
                                  decision="决定", concluded_on=TODAY)
    # Not following the members at all is the chief's to record (报检察长同意).
    with pytest.raises(PermissionDenied, match="检察长"):
        services.hearing_conclude(actor=world.approver, hearing=hearing, outcome="not_adopted",
                                  outcome_reason="法院已恢复执行但仍有违法情形",
                                  decision="仍提出检察建议", concluded_on=TODAY)
    with pytest.raises(PermissionDenied):
        services.hearing_conclude(actor=world.pt_procurator, hearing=hearing, outcome="adopted",
                                  decision="决定", concluded_on=TODAY)


def test_the_chief_records_a_conclusion_not_adopting_the_opinions(world, case, register, chief,
                                                                   clock):
    hearing, people = held(world, case, register)
    for p in people[:3]:
        services.opinion_record(actor=world.procurator, hearing=hearing, participant=p,
                                opinion="不同意。", stance="disagree")
    hearing = services.hearing_conclude(
        actor=chief, hearing=hearing, outcome="not_adopted",
        outcome_reason="经查法院仍存在消极执行情形，听证员意见所依据的事实与查明的不符。",
        decision="向法院提出检察建议。", concluded_on=TODAY)
    assert hearing.outcome == "not_adopted"
    # The handler and the approver are told; the chief who recorded it is not.
    told = set(Notification.objects.filter(code="hearing.concluded")
               .values_list("recipient__username", flat=True))
    assert told == {"procurator", "approver"}


def test_a_late_or_stale_notice_is_shown_as_such(world, case, register, clock):
    from hearings.selectors import hearing_page

    hearing = schedule(world, case, day=datetime.date(2026, 11, 25))
    li, zhang = invite(world, hearing, register, "li", "zhang")
    services.notice_record(actor=world.procurator, hearing=hearing, participants=[li],
                           sent_on=datetime.date(2026, 11, 20), method="mail")
    services.notice_record(actor=world.procurator, hearing=hearing, participants=[zhang],
                           sent_on=datetime.date(2026, 11, 23), method="phone")
    page = {p.name: p for p in hearing_page(hearing).participants}
    assert not page["李海明"].notice_late and page["张秀英"].notice_late
    hearing = services.hearing_update(
        actor=world.procurator, hearing=hearing, topic=hearing.topic, questions=hearing.questions,
        place="定海区人民检察院第二听证室", presiding=world.procurator,
        scheduled_at=hearing.scheduled_at, proposed_handling=hearing.proposed_handling)
    page = {p.name: p for p in hearing_page(hearing).participants}
    assert page["李海明"].notice_stale and page["张秀英"].notice_stale
    with pytest.raises(ValidationError, match="晚于今天"):
        services.notice_record(actor=world.procurator, hearing=hearing, participants=[li],
                               sent_on=datetime.date(2026, 11, 24), method="mail")


def test_a_finished_case_gets_no_new_hearing(world, case, clock):
    from cases.services import case_transition

    case_transition(actor=world.procurator, case=case, action="terminate", decided_on=TODAY,
                    reason="申请人撤回申请")
    case.refresh_from_db()
    with pytest.raises(ValidationError, match="结案"):
        schedule(world, case)


def test_the_register_is_kept_by_the_approvers_of_its_procuratorate(world, register, clock):
    with pytest.raises(PermissionDenied):
        services.people_supervisor_create(actor=world.procurator, name="某", appointed_by="司法局",
                                          term_start=TODAY, term_end=TODAY)
    with pytest.raises(PermissionDenied):  # 定检's head does not keep 舟检's register
        services.people_supervisor_update(actor=world.approver, supervisor=register["li"],
                                          status="suspended")
    with pytest.raises(ValidationError) as caught:
        services.people_supervisor_create(actor=world.approver, name=" ", appointed_by="",
                                          phone="abc", term_start=TODAY,
                                          term_end=TODAY - datetime.timedelta(days=1))
    assert set(caught.value.message_dict) == {"name", "appointed_by", "phone", "term_end"}
    li = services.people_supervisor_update(actor=register["approver_zs"],
                                           supervisor=register["li"], phone="13900001111")
    assert li.phone_masked == "139****1111"
    entry = AuditEntry.objects.filter(action="people_supervisor_update").latest("seq")
    assert "13900001111" not in str(entry.changes) and "13812345678" not in str(entry.changes)


def test_the_phone_is_stored_encrypted(world, register):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM hearings_peoplesupervisor WHERE id = %s",
                       [register["li"].pk])
        stored = cursor.fetchone()[0]
    assert "13812345678" not in stored
    assert User.objects.count()  # the world is there


def test_period_figures_count_hearings_and_supervisors(world, case, register, clock):
    from hearings.selectors import period_figures

    held(world, case, register)
    schedule(world, case, day=datetime.date(2026, 12, 1))  # not held: not counted
    figures = period_figures(world.supervisor, datetime.date(2026, 11, 1), TODAY)
    assert figures["held"] == 1
    assert figures["supervisor_attendances"] == 2 and figures["supervisors"] == 2
    assert period_figures(world.pt_procurator, datetime.date(2026, 11, 1), TODAY)["held"] == 0
    assert period_figures(world.court_liaison, datetime.date(2026, 11, 1), TODAY)["held"] == 0
    assert period_figures(world.procurator, datetime.date(2026, 11, 21), TODAY)["held"] == 0
