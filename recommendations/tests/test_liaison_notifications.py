"""The addressee agency's liaisons hear of their instruments (issue 8): a new instrument, its
service and due date, decisions on extensions and objections, the evaluation of the reply and
the check of rectification, voiding, 催告 and the deadline reminders — every liaison with an
active membership of the agency (also one acting for another agency at the moment), never
another agency's liaison or a deactivated membership, in the portal and by e-mail."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils.translation import override

from agencies import selectors
from agencies.models import LiaisonMembership
from agencies.services import memberships
from recommendations import services
from recommendations.choices import (
    DeadlineEventKind,
    EvaluationOutcome,
    FollowUpKind,
    ReviewKind,
    ReviewOutcome,
)
from recommendations.models import InstrumentType, Recommendation
from recommendations.services import extensions
from recommendations.services.sweep import deliver_event, pending_event_ids, sweep_deadlines
from supervision.choices import EmailMode, Role
from supervision.models import EmailDelivery, Notification, User
from supervision.services.emails import build_message
from supervision.services.notifications import MESSAGES, notification_preference_set, render_message

NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
TODAY = NOW.date()
DINGHAI = "舟山市定海区人民检察院"
#: Who hears of an instrument to the court (see the ``people`` fixture).
COURT_LIAISONS = ["court_liaison", "police_liaison"]


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def people(world):
    """The court's liaisons: ``court_liaison``, and ``police_liaison`` who joined the court
    too but acts for the police right now. ``former`` left the court (membership deactivated)
    but still serves the police; ``gone`` left the court and, with nothing left, lost their
    account. ``pt_court_liaison`` serves another agency only."""
    memberships.liaison_join(actor=world.procurator, user=world.police_liaison, agency=world.court)
    world.police_liaison.refresh_from_db()
    assert world.police_liaison.agency == world.police
    former = _liaison("former", world.court, also=world.police)
    gone = _liaison("gone", world.court)
    for user in (former, gone):
        memberships.liaison_deactivate(
            actor=world.procurator,
            membership=LiaisonMembership.objects.get(user=user, agency=world.court))
    former.refresh_from_db()
    gone.refresh_from_db()
    assert former.is_active and former.agency == world.police and not gone.is_active
    return world


def _liaison(username, agency, also=None) -> User:
    user = User.objects.create_user(username=username, password="x" * 12, role=Role.LIAISON,
                                    agency=agency, email=f"{username}@example.gov.cn")
    LiaisonMembership.objects.create(user=user, agency=agency)
    if also is not None:
        LiaisonMembership.objects.create(user=user, agency=also)
    return user


def wants_mail(user, mode=EmailMode.IMMEDIATE, language="zh-hans") -> None:
    user.email = f"{user.username}@example.gov.cn"
    user.save(update_fields=["email"])
    notification_preference_set(actor=user, email_mode=mode, language=language)


def _no_reply_type() -> InstrumentType:
    """A type that needs no written answer: its service finishes it."""
    return InstrumentType.objects.create(code="notice_only", name="告知函", number_code="告",
                                         requires_reply=False)


# Each scenario: what the procuratorate does to an instrument addressed to the court, and the
# code and Chinese text its liaisons then read. ``w`` is the world.

def _issued(w):
    return w.issued(), "instrument.issued", "{p} 向贵单位发出 检察建议 {n}，请登录平台签收。"


def _served(w):
    return (w.served(datetime.date(2026, 11, 2)), "instrument.served",
            "{p} 已向贵单位送达 {n}，回复期限 2027年1月4日。")


def _served_no_reply(w):
    rec = w.issued(instrument_type=_no_reply_type())
    rec = services.recommendation_serve(actor=w.procurator, recommendation=rec, served_on=TODAY)
    return rec, "instrument.served_no_reply", "{p} 已向贵单位送达 {n}，该文书无需书面回复。"


def _replied(w) -> Recommendation:
    rec = w.served(datetime.date(2026, 11, 2))
    services.reply_submit(actor=w.court_liaison, recommendation=rec, content="已整改")
    return rec


def _evaluated(w):
    rec = _replied(w)
    services.recommendation_evaluate(actor=w.procurator, recommendation=rec,
                                     outcome=EvaluationOutcome.ADOPTED_IN_PROGRESS)
    return rec, "reply.evaluated", "{p} 已评估贵单位对 {n} 的回复：采纳正在整改。"


def _not_adopted(w):
    rec = _replied(w)
    services.recommendation_evaluate(actor=w.procurator, recommendation=rec,
                                     outcome=EvaluationOutcome.NOT_ADOPTED, reasons="理由不成立")
    return rec, "reply.evaluated", "{p} 已评估贵单位对 {n} 的回复：不采纳。"


def _verified(w):
    rec, *_ = _evaluated(w)
    services.rectification_verify(actor=w.procurator, recommendation=rec, rectified=True,
                                  note="回头看：已整改到位")
    return (rec, "rectification.verified",
            "{p} 已核查贵单位对 {n} 的整改情况：整改到位，该文书已办结。")


def _not_verified(w):
    rec, *_ = _evaluated(w)
    services.rectification_verify(actor=w.procurator, recommendation=rec, rectified=False,
                                  note="回头看：仍未整改")
    return (rec, "rectification.not_verified",
            "{p} 核查认为贵单位对 {n} 的整改尚未到位，将依法跟进监督。")


def _withdrawn(w):
    rec = w.served(datetime.date(2026, 11, 2))
    request = services.review_request(actor=w.court_liaison, recommendation=rec,
                                      kind=ReviewKind.OBJECTION, reason="事实认定有误")
    services.review_decide(actor=w.procurator, request=request, outcome=ReviewOutcome.UPHELD,
                           reason="经复核，异议成立")
    return rec, "review.decided", "对 {n} 的异议/复议已作出决定：异议成立，撤回文书。经复核，异议成立"


def _extended(w):
    rec = w.served(datetime.date(2026, 11, 2))
    extensions.recommendation_extend(actor=w.procurator, recommendation=rec, reason="案情复杂",
                                     new_due=datetime.date(2027, 2, 1))
    return rec, "extension.granted", "{n} 的回复期限已延长至 2027年2月1日。"


def _refused(w):
    rec = w.served(datetime.date(2026, 11, 2))
    request = extensions.extension_request(actor=w.court_liaison, recommendation=rec,
                                           requested_due=datetime.date(2027, 2, 1),
                                           reason="需要时间")
    extensions.extension_refuse(actor=w.procurator, extension=request, reason="理由不充分")
    return rec, "extension.refused", "{n} 的延期申请不予准许：理由不充分"


def _voided(w):
    rec = w.issued()
    services.recommendation_void(actor=w.procurator, recommendation=rec, reason="主送单位错误")
    return rec, "instrument.voided", "{n} 已作废：主送单位错误"


def _urged(w):
    rec = w.served(datetime.date(2026, 8, 3))  # due 2026-10-08: overdue
    services.follow_up_record(actor=w.procurator, recommendation=rec, kind=FollowUpKind.URGE,
                              note="请即回复")
    return rec, "followup.urged", "{p} 催告：{n} 的回复期限已过，请即书面回复。"


def _closed(w):
    rec = _replied(w)
    services.recommendation_evaluate(actor=w.procurator, recommendation=rec,
                                     outcome=EvaluationOutcome.NOT_ADOPTED, reasons="理由不成立")
    services.recommendation_close(actor=w.procurator, recommendation=rec,
                                  reason="已通报上级机关，跟进完毕")
    return rec, "instrument.closed", "{p} 已对 {n} 办结：已通报上级机关，跟进完毕"


SCENARIOS = {f.__name__.lstrip("_"): f for f in (
    _issued, _served, _served_no_reply, _evaluated, _not_adopted, _verified, _not_verified,
    _withdrawn, _extended, _refused, _voided, _urged, _closed)}


def _of(rec: Recommendation, code: str):
    return Notification.objects.filter(code=code, link=reverse("portal:detail", args=[rec.pk]))


def test_the_agency_liaisons_are_its_active_memberships_wherever_they_act(people):
    world = people
    assert [u.username for u in selectors.agency_liaisons(world.court)] == COURT_LIAISONS
    assert [u.username for u in selectors.agency_liaisons(world.police)] == [
        "police_liaison", "former"]
    assert selectors.responsible_liaisons(world.court).count() == 0
    LiaisonMembership.objects.filter(user=world.police_liaison, agency=world.court).update(
        is_responsible=True)
    assert list(selectors.responsible_liaisons(world.court)) == [world.police_liaison]
    assert list(selectors.responsible_liaisons(world.police)) == []


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_each_notice_goes_to_exactly_the_addressee_agencys_liaisons(people, scenario):
    world = people
    rec, code, zh = SCENARIOS[scenario](world)
    rec.refresh_from_db()
    notes = list(_of(rec, code).select_related("recipient").order_by("recipient__pk"))
    # Never another agency's liaison, a deactivated membership or the procuratorate's staff.
    assert [n.recipient.username for n in notes] == COURT_LIAISONS
    assert not Notification.objects.filter(
        code=code, recipient__username__in=["pt_court_liaison", "former", "gone"]).exists()
    expected = zh.format(p=DINGHAI, n=rec.number)
    for note in notes:
        assert note.params["number"] == rec.number
        assert note.message == expected  # the stored fallback is the Chinese text
        with override("zh-hans"):
            assert note.text == expected
        with override("en"):
            # English comes with the lead's translation; the params must fit the message.
            assert rec.number in note.text and note.text != code
    assert code in MESSAGES


def test_the_issue_notice_names_the_procuratorate_the_type_and_the_number(people):
    rec, *_ = _issued(people)
    note = _of(rec, "instrument.issued").get(recipient=people.court_liaison)
    assert note.params == {"procuratorate": DINGHAI, "type": "检察建议",
                           "type_en": "Procuratorial recommendation", "number": rec.number}
    with override("en"):
        assert "Procuratorial recommendation" in note.text and "检察建议" not in note.text
    served = services.recommendation_serve(actor=people.procurator, recommendation=rec,
                                           served_on=TODAY)
    note = _of(rec, "instrument.served").get(recipient=people.court_liaison)
    assert note.params == {"procuratorate": DINGHAI, "number": rec.number,
                           "due": served.due_date.isoformat()}


def test_decision_params_are_msgids_translated_when_shown(people):
    rec, *_ = _evaluated(people)
    note = _of(rec, "reply.evaluated").get(recipient=people.court_liaison)
    assert note.params == {"procuratorate": DINGHAI, "number": rec.number,
                           "outcome": "采纳正在整改"}
    with override("en"):
        assert render_message(note.code, note.params)  # gettext of the outcome label


def test_each_addressee_of_a_similar_case_recommendation_hears_of_its_own_number(people):
    world = people
    case = world.register_case()
    lead = services.recommendation_draft_batch(
        actor=world.procurator, case=case, agencies=[world.court, world.police, world.market],
        instrument_type=world.recommendation_type, title="关于规范涉企执法的类案检察建议",
        body="一、规范执法；二、建立台账。")
    services.recommendation_submit(actor=world.procurator, recommendation=lead)
    services.recommendation_approve(actor=world.approver, recommendation=lead)
    services.recommendation_issue(actor=world.procurator, recommendation=lead)
    heard = {
        rec.agency.name: sorted(_of(rec, "instrument.issued").values_list(
            "recipient__username", flat=True))
        for rec in Recommendation.objects.filter(batch=lead.batch)}
    # police_liaison serves both the court and the police: one notice for each instrument.
    assert heard == {world.court.name: sorted(COURT_LIAISONS),
                     world.police.name: ["former", "police_liaison"],
                     world.market.name: []}
    numbers = {n.params["number"] for n in Notification.objects.filter(
        code="instrument.issued", recipient=world.police_liaison)}
    assert len(numbers) == 2


def test_the_procuratorates_staff_are_not_told_what_they_did_themselves(people):
    _issued(people)
    assert not Notification.objects.filter(code="instrument.issued",
                                           recipient__role__in=[Role.PROCURATOR, Role.APPROVER])


# Approaching due dates: the sweep.

def _sweep(today: datetime.date) -> None:
    with time_machine.travel(datetime.datetime.combine(today, NOW.timetz()), tick=False):
        sweep_deadlines(today)
        for pk in pending_event_ids():
            deliver_event(pk)


@pytest.mark.parametrize(("served", "code"), [
    (datetime.date(2026, 9, 30), "deadline.reminder"),  # due 2026-11-30, 7 days ahead
    (datetime.date(2026, 9, 23), "deadline.due_today"),  # due 2026-11-23
    (datetime.date(2026, 9, 1), "deadline.overdue"),  # due 2026-11-02
])
def test_a_liaison_acting_for_their_other_agency_still_hears_the_deadline(people, served, code):
    world = people
    rec = world.served(served)
    _sweep(TODAY)
    notes = _of(rec, code)
    assert sorted(notes.values_list("recipient__username", flat=True)) == sorted(COURT_LIAISONS)
    # The staff hear too, on the staff page of the instrument.
    assert Notification.objects.filter(code=code, recipient=world.procurator,
                                       link=rec.get_absolute_url()).exists()


def test_escalations_stay_inside_the_procuratorate(people):
    world = people
    rec = world.served(datetime.date(2026, 8, 3))  # due 2026-10-08: 46 days overdue
    _sweep(TODAY)
    kinds = set(rec.deadline_events.values_list("kind", flat=True))
    assert DeadlineEventKind.ESCALATION in kinds
    assert not Notification.objects.filter(code__startswith="deadline.escalation",
                                           recipient__role=Role.LIAISON).exists()


# E-mail by preference.

@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_a_liaison_who_wants_immediate_mail_gets_an_email_row_for_each_notice(people, scenario):
    world = people
    wants_mail(world.police_liaison)  # acting for the police, hears of the court's instrument
    wants_mail(world.court_liaison, mode=EmailMode.DIGEST)
    rec, code, _zh = SCENARIOS[scenario](world)
    note = _of(rec, code).get(recipient=world.police_liaison)
    delivery = EmailDelivery.objects.get(notification=note)
    assert delivery.recipient == world.police_liaison
    assert not EmailDelivery.objects.filter(notification__code=code,
                                            recipient=world.court_liaison).exists()
    message = build_message(delivery)
    assert message.to == ["police_liaison@example.gov.cn"]
    assert rec.number in message.subject
    assert message.body.rstrip().splitlines()[2].endswith(reverse("portal:detail", args=[rec.pk]))


def test_no_mail_without_an_address_or_for_a_deactivated_membership(people):
    world = people
    notification_preference_set(actor=world.court_liaison, email_mode=EmailMode.IMMEDIATE,
                                language="zh-hans")  # no e-mail address
    for user in User.objects.filter(username__in=["former", "gone"]):
        notification_preference_set(actor=user, email_mode=EmailMode.IMMEDIATE, language="en")
    rec, *_ = _issued(world)
    assert _of(rec, "instrument.issued").filter(recipient=world.court_liaison).exists()
    assert not EmailDelivery.objects.filter(notification__code="instrument.issued").exists()


def test_the_email_reads_in_the_liaisons_language(people):
    world = people
    wants_mail(world.court_liaison, language="en")
    rec, *_ = _voided(world)
    message = build_message(EmailDelivery.objects.get(recipient=world.court_liaison,
                                                       notification__code="instrument.voided"))
    assert rec.number in message.body and "主送单位错误" in message.body


# The bell and the settings are within the liaison's reach.

def test_a_liaison_reaches_the_bell_and_the_notification_settings(people):
    world = people
    rec, *_ = _issued(world)
    client = Client()
    client.force_login(world.police_liaison)
    page = client.get(reverse("portal:inbox")).content.decode()
    assert f'href="{reverse("notifications")}"' in page
    assert f'href="{reverse("settings-notifications")}"' in page
    assert 'data-testid="unread-count">1<' in page
    bell = client.get(reverse("notifications")).content.decode()
    assert rec.number in bell and reverse("portal:detail", args=[rec.pk]) in bell
    settings_page = client.get(reverse("settings-notifications"))
    assert settings_page.status_code == 200
    response = client.post(reverse("settings-notifications"),
                           {"email_mode": EmailMode.IMMEDIATE, "language": "en"})
    assert response.status_code == 302
    assert world.police_liaison.notification_preference.email_mode == EmailMode.IMMEDIATE


def test_the_digest_of_a_liaison_covers_every_agency_they_actively_serve(people):
    from recommendations.services.digest import render_digest

    world = people
    to_court = world.served(datetime.date(2026, 9, 30))  # due 2026-11-30
    to_police = world.served(datetime.date(2026, 9, 30),
                             case=world.register_case(agency=world.police))
    _subject, body = render_digest(world.police_liaison, TODAY)
    assert to_court.number in body and to_police.number in body
    _subject, body = render_digest(User.objects.get(username="former"), TODAY)
    assert to_court.number not in body and to_police.number in body
    assert render_digest(world.pt_court_liaison, TODAY) is None
