"""Agency scorecards (seed 003 §11), checked against a hand-built dataset whose answers are
written here: the court (A) and the police (B) of 定检, and the court of 普检.

The period is the third quarter of 2026 (07-01 – 09-30); today is 2026-11-23."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from agencies.models import Agency
from cases.models import InvestigationMeasure
from recommendations import services
from recommendations.choices import (
    DeadlineEventKind,
    ExtensionStatus,
    FollowUpKind,
    InstrumentStatus,
    ReviewKind,
)
from recommendations.models import (
    DeadlineEvent,
    Evaluation,
    FollowUp,
    Recommendation,
    RecommendationExtension,
    Reply,
    ReviewRequest,
)
from reporting.permissions import scorecard_rules
from reporting.scorecard_exports import scorecard_pdf_bytes
from reporting.scorecards import FIGURES, scorecard, scorecards

TZ = datetime.timezone(datetime.timedelta(hours=8))
NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=TZ)
TODAY = NOW.date()
Q3 = (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))
D = datetime.date


def at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


#: The court's figures for Q3, worked out by hand from :func:`_build` below.
COURT_Q3 = {
    "received": 5,          # c1 c2 c3 c6 c8 (c4, c7 served before; c5 voided)
    "due": 5,               # c1 c2 c3 c4 c7 (c6 due in Nov; c8 withdrawn; c5 voided)
    "replied_on_time": 2,   # c1 on the due date, c2 after an extension
    "replied_late": 1,      # c7: due 07-01, replied 07-03
    "unanswered": 2,        # c4; c3, due 09-25 and replied only on 10-08 (the next period)
    "on_time_rate": 0.4,
    "evaluated": 4,         # latest evaluation in Q3: c1 c2 c6 c7 (c3's is in October)
    "adopted": 3,           # c1 (rectified), c2 (partly), c6 (in progress); c7 not adopted
    "adoption_rate": 0.75,
    "rectified": 1,         # c1
    "objections": 1,        # on c4 (the one on the voided c5 does not count)
    "extension_requests": 1,  # c2's, asked by the court (the procurator's own motion is not)
    "refusals": 1,          # 08-15 (10-01 is outside; a cooperative measure is no refusal)
    "follow_ups": 1,        # 催告 on c4 (the one on voided c5 does not count)
    "escalations": 1,       # c3, escalated twice in the period: one instrument
}
POLICE_Q3 = {
    "received": 1, "due": 1, "replied_on_time": 0, "replied_late": 0, "unanswered": 1,
    "on_time_rate": 0.0, "evaluated": 0, "adopted": 0, "adoption_rate": None, "rectified": 0,
    "objections": 2, "extension_requests": 1, "refusals": 2, "follow_ups": 2, "escalations": 1,
}


def _served(world, served: datetime.date, due: datetime.date, agency: Agency | None = None,
            **kwargs) -> Recommendation:
    case = world.register_case(agency=agency or world.court, actor=kwargs.pop("actor", None))
    rec = world.served(served, case=case)
    Recommendation.objects.filter(pk=rec.pk).update(due_date=due)
    rec.refresh_from_db()
    return rec


def _reply(rec: Recommendation, liaison, when: datetime.datetime) -> None:
    reply = services.reply_submit(actor=liaison, recommendation=rec, content="已整改")
    Reply.objects.filter(pk=reply.pk).update(submitted_at=when)
    # the instrument's copy of the first reply's day follows, as the service writes it
    if not reply.is_supplement:
        _set(rec, first_reply_on=timezone.localdate(when))


def _set(rec: Recommendation, **fields) -> None:
    Recommendation.objects.filter(pk=rec.pk).update(**fields)


def _evaluate(world, rec: Recommendation, outcome: str, when: datetime.datetime,
              rectified: bool | None = None) -> None:
    """The procurator's evaluation of the first reply, dated ``when``; the instrument's
    denormalised ``adoption`` and ``rectified`` follow it, as the service writes them."""
    evaluation = Evaluation.objects.create(
        recommendation=rec, reply=rec.replies.earliest("submitted_at"), outcome=outcome,
        reasons="经审查", evaluated_by=world.procurator, rectified=rectified)
    Evaluation.objects.filter(pk=evaluation.pk).update(evaluated_at=when)
    _set(rec, adoption=outcome, rectified=rectified, last_evaluated_on=timezone.localdate(when))


def _escalate(rec: Recommendation, step: int, when: datetime.datetime) -> None:
    event = DeadlineEvent.objects.create(recommendation=rec, kind=DeadlineEventKind.ESCALATION,
                                         offset_days=step, due_date=rec.due_date)
    DeadlineEvent.objects.filter(pk=event.pk).update(created_at=when)


def _objection(rec: Recommendation, liaison, when: datetime.datetime) -> None:
    review = ReviewRequest.objects.create(recommendation=rec, kind=ReviewKind.OBJECTION,
                                          reason="认为事实不清", requested_by=liaison)
    ReviewRequest.objects.filter(pk=review.pk).update(requested_at=when)


def _follow_up(world, rec: Recommendation, day: datetime.date) -> None:
    FollowUp.objects.create(recommendation=rec, kind=FollowUpKind.URGE, taken_on=day,
                            note="催告回复", created_by=world.procurator)


def _measure(world, agency: Agency, day: datetime.date, refused: bool) -> None:
    InvestigationMeasure.objects.create(
        case=world.register_case(agency=agency), measure_type="file_review", taken_on=day,
        target="卷宗", agency=agency, refused=refused, refusal_note="拒绝调阅" if refused else "",
        recorded_by=world.procurator)


def _build(world) -> dict:
    court, liaison = world.court, world.court_liaison
    # c1: replied on the due date itself, late in the evening (Beijing time): on time.
    c1 = _served(world, D(2026, 7, 10), D(2026, 9, 10))
    _reply(c1, liaison, at(D(2026, 9, 10), 23, 30))
    _evaluate(world, c1, "adopted_rectified", at(D(2026, 9, 15)), rectified=True)
    # c2: due 08-20, extended at the court's request to 09-20, replied 09-18: on time.
    c2 = _served(world, D(2026, 7, 15), D(2026, 8, 20))
    RecommendationExtension.objects.create(
        recommendation=c2, status=ExtensionStatus.GRANTED, requested_by=liaison,
        requested_at=at(D(2026, 8, 10)), requested_due=D(2026, 9, 20), request_reason="调卷",
        old_due=D(2026, 8, 20), new_due=D(2026, 9, 20), reason="准许",
        decided_by=world.procurator, decided_at=at(D(2026, 8, 12)))
    _set(c2, due_date=D(2026, 9, 20))
    _reply(c2, liaison, at(D(2026, 9, 18)))
    # Evaluated twice: the latest (partly adopted, 09-25) is the one that counts.
    _evaluate(world, c2, "not_adopted", at(D(2026, 6, 25)))
    _evaluate(world, c2, "partly_adopted", at(D(2026, 9, 25)))
    # An extension the procurator granted of their own motion is not the court's request.
    RecommendationExtension.objects.create(
        recommendation=c2, status=ExtensionStatus.GRANTED, old_due=D(2026, 9, 20),
        new_due=D(2026, 9, 21), reason="依职权", decided_by=world.procurator,
        decided_at=at(D(2026, 8, 13)))
    # c3: due in Q3, replied in Q4: late in Q3. Escalated twice in Q3, once more in Q4.
    c3 = _served(world, D(2026, 7, 20), D(2026, 9, 25))
    _escalate(c3, 1, at(D(2026, 9, 28)))
    _escalate(c3, 2, at(D(2026, 9, 29)))
    _escalate(c3, 3, at(D(2026, 10, 5)))
    _reply(c3, liaison, at(D(2026, 10, 8)))
    _evaluate(world, c3, "not_adopted", at(D(2026, 10, 10)))
    # c4: served in Q2, due in Q3, never answered; an objection and a 催告 in Q3.
    c4 = _served(world, D(2026, 6, 20), D(2026, 8, 20))
    _objection(c4, liaison, at(D(2026, 8, 1)))
    _follow_up(world, c4, D(2026, 8, 25))
    # c5: voided — counts nowhere, nor do the objection and follow-up on it.
    c5 = _served(world, D(2026, 8, 1), D(2026, 9, 1))
    _objection(c5, liaison, at(D(2026, 8, 5)))
    _follow_up(world, c5, D(2026, 9, 2))
    _escalate(c5, 1, at(D(2026, 9, 3)))
    _set(c5, status=InstrumentStatus.VOIDED)
    # c6: received in Q3, due in Q4, replied early and evaluated as adopted (in progress).
    c6 = _served(world, D(2026, 9, 5), D(2026, 11, 5))
    _reply(c6, liaison, at(D(2026, 9, 20)))
    _evaluate(world, c6, "adopted_in_progress", at(D(2026, 9, 28)))
    # c7: received in Q2, due on Q3's first day, replied two days late; not adopted.
    c7 = _served(world, D(2026, 5, 1), D(2026, 7, 1))
    _reply(c7, liaison, at(D(2026, 7, 3)))
    _evaluate(world, c7, "not_adopted", at(D(2026, 7, 5)))
    # c8: withdrawn (an objection upheld): received, but owes no reply.
    c8 = _served(world, D(2026, 7, 5), D(2026, 9, 5))
    _set(c8, status=InstrumentStatus.WITHDRAWN)
    _measure(world, court, D(2026, 8, 15), refused=True)
    _measure(world, court, D(2026, 10, 1), refused=True)
    _measure(world, court, D(2026, 8, 16), refused=False)

    # B, the police: one unanswered instrument, and events of its own in the same period.
    police = world.police
    p1 = _served(world, D(2026, 7, 1), D(2026, 8, 31), agency=police)
    _objection(p1, world.police_liaison, at(D(2026, 7, 20)))
    ReviewRequest.objects.filter(recommendation=p1).update(
        outcome="rejected", decision_reason="维持", decided_by=world.procurator,
        decided_at=at(D(2026, 7, 25)))
    _objection(p1, world.police_liaison, at(D(2026, 8, 2)))
    RecommendationExtension.objects.create(
        recommendation=p1, status=ExtensionStatus.REFUSED, requested_by=world.police_liaison,
        requested_at=at(D(2026, 8, 20)), requested_due=D(2026, 10, 1), request_reason="忙",
        old_due=D(2026, 8, 31), reason="理由不足", decided_by=world.procurator,
        decided_at=at(D(2026, 8, 21)))
    _follow_up(world, p1, D(2026, 9, 5))
    _follow_up(world, p1, D(2026, 9, 15))
    _escalate(p1, 1, at(D(2026, 9, 3)))
    _measure(world, police, D(2026, 7, 2), refused=True)
    _measure(world, police, D(2026, 9, 30), refused=True)

    # The court of 普检: outside 定检's scope.
    pt = _served(world, D(2026, 7, 3), D(2026, 9, 3), agency=world.pt_court,
                 actor=world.pt_procurator)
    return {"c1": c1, "c4": c4, "pt": pt}


@pytest.fixture
def dataset(world):
    with time_machine.travel(NOW, tick=False):
        return _build(world)


def _figures(row: dict) -> dict:
    return {f.code: row[f.code] for f in FIGURES}


def test_the_court_and_the_police_have_the_figures_worked_out_by_hand(world, dataset):
    rows = {row["id"]: row for row in scorecards(
        Agency.objects.filter(pk__in=[world.court.pk, world.police.pk]), *Q3, today=TODAY)}
    assert _figures(rows[world.court.pk]) == COURT_Q3
    assert _figures(rows[world.police.pk]) == POLICE_Q3


def test_the_invariant_holds_and_every_code_is_named(world, dataset):
    for row in scorecards(Agency.objects.all(), *Q3, today=TODAY):
        assert row["replied_on_time"] + row["replied_late"] + row["unanswered"] == row["due"]
    assert {f.code for f in FIGURES} >= {
        "received", "due", "replied_on_time", "replied_late", "unanswered", "adopted",
        "rectified", "objections", "extension_requests", "refusals", "follow_ups",
        "escalations", "on_time_rate", "adoption_rate"}


def test_the_scorecard_of_agency_a_never_counts_agency_b(world, dataset):
    """A alone, B alone, and both together give the same figures for each."""
    court = scorecard(world.court, *Q3, today=TODAY)
    police = scorecard(world.police, *Q3, today=TODAY)
    assert _figures(court) == COURT_Q3 and _figures(police) == POLICE_Q3
    # Moving every police row onto another agency changes nothing for the court.
    Recommendation.objects.filter(agency=world.police).update(agency=world.market)
    InvestigationMeasure.objects.filter(agency=world.police).update(agency=world.market)
    assert _figures(scorecard(world.court, *Q3, today=TODAY)) == COURT_Q3
    assert _figures(scorecard(world.market, *Q3, today=TODAY)) == POLICE_Q3


def test_a_reply_in_the_next_period_is_late_only_in_a_period_holding_both(world, dataset):
    q4 = (D(2026, 10, 1), D(2026, 12, 31))
    court = scorecard(world.court, *q4, today=TODAY)
    # c6 (due 11-05) was met early; c3 was due in Q3 so Q4 does not count its reply; its
    # 10-05 escalation and evaluation (not adopted) are Q4's.
    assert (court["received"], court["due"], court["replied_on_time"], court["replied_late"],
            court["unanswered"], court["escalations"], court["refusals"]) == (0, 1, 1, 0, 0, 1, 1)
    assert (court["evaluated"], court["adopted"], court["adoption_rate"]) == (1, 0, 0.0)
    half = scorecard(world.court, D(2026, 7, 1), D(2026, 12, 31), today=TODAY)
    assert (half["due"], half["replied_on_time"], half["replied_late"], half["unanswered"]) == (
        6, 3, 2, 1)  # c3 and c7 late; c4 unanswered


def test_a_period_not_yet_over_is_judged_as_of_today(world, dataset):
    """Due later than today: not yet due. Due today without a reply: due, and not answered
    as of today."""
    with time_machine.travel(NOW, tick=False):
        _served(world, D(2026, 9, 23), TODAY)
        _served(world, D(2026, 10, 10), D(2026, 12, 10))
    court = scorecard(world.court, D(2026, 10, 1), D(2026, 12, 31), today=TODAY)
    assert (court["received"], court["due"], court["replied_on_time"], court["unanswered"]) == (
        1, 2, 1, 1)


def test_a_viewer_counts_only_their_scope(world, dataset):
    """The 普检 procurator sees none of 定检's instruments in the court of 定检's card."""
    rules = scorecard_rules(world.pt_procurator)
    card = scorecard(world.court, *Q3, rules=rules, today=TODAY)
    assert all(card[code] in (0, None) for code in COURT_Q3)
    supervisor = scorecard(world.pt_court, *Q3, rules=scorecard_rules(world.supervisor),
                           today=TODAY)
    assert supervisor["received"] == 1
    liaison = scorecard(world.court, *Q3, rules=scorecard_rules(world.court_liaison),
                        today=TODAY)
    assert _figures(liaison) == COURT_Q3


def _get(user, name: str, *args, query: str = "") -> object:
    client = Client()
    client.force_login(user)
    with time_machine.travel(NOW, tick=False):
        return client.get(reverse(name, args=args) + query)


PERIOD = "?start=2026-07-01&end=2026-09-30"


def test_a_liaison_reads_their_own_card_and_no_other(world, dataset):
    page = _get(world.court_liaison, "reporting:agency-scorecard", world.court.pk, query=PERIOD)
    assert page.status_code == 200
    html = page.content.decode()
    assert world.court.name in html and world.police.name not in html
    assert 'data-testid="value-received">5<' in html
    for agency in (world.police, world.pt_court, world.market):
        assert _get(world.court_liaison, "reporting:agency-scorecard", agency.pk).status_code == 404
        for name in ("reporting:agency-scorecard-export", "reporting:agency-scorecard-pdf"):
            assert _get(world.court_liaison, name, agency.pk).status_code == 404
    assert _get(world.court_liaison, "reporting:agency-ranking").status_code == 404
    # A liaison switched to another agency no longer reads the court's card.
    assert _get(world.police_liaison, "reporting:agency-scorecard",
                world.court.pk).status_code == 404


def test_the_ranking_puts_agencies_of_one_type_side_by_side(world, dataset):
    page = _get(world.supervisor, "reporting:agency-ranking",
                query=PERIOD + "&type=court&sort=on_time_rate")
    html = page.content.decode()
    assert page.status_code == 200
    assert world.court.name in html and world.pt_court.name in html
    assert world.police.name not in html  # another type
    rows = page.context["rows"]
    assert [r["id"] for r in rows] == [world.court.pk, world.pt_court.pk]  # 40 % before 0 %
    assert rows[0]["rank"] == 1 and rows[0]["on_time_rate"] == 0.4
    # The observer of 定检 sees 定检's court only.
    observed = _get(world.observer, "reporting:agency-ranking", query=PERIOD + "&type=court")
    assert [r["id"] for r in observed.context["rows"]] == [world.court.pk]
    # By unanswered, the most first.
    page = _get(world.supervisor, "reporting:agency-ranking",
                query=PERIOD + "&type=court&sort=unanswered")
    assert [r["id"] for r in page.context["rows"]] == [world.court.pk, world.pt_court.pk]


def test_a_bad_filter_is_reported_and_never_widens(world, dataset):
    page = _get(world.procurator, "reporting:agency-ranking", query="?type=nonsense")
    assert page.status_code == 200 and page.context["rows"] == []
    assert page.context["errors"]
    page = _get(world.procurator, "reporting:agency-scorecard", world.court.pk,
                query="?start=2026-09-01&end=2026-01-01")
    assert page.status_code == 200 and page.context["errors"]


def test_the_ranking_exports_to_xlsx(world, dataset):
    response = _get(world.supervisor, "reporting:agency-ranking-export",
                    query=PERIOD + "&type=court")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:3] == ("名次", "被监督单位", "监督检察院")
    court = next(r for r in rows[1:] if r[1] == world.court.name)
    assert court[0] == 1
    assert court[header.index("收到文书")] == 5
    assert court[header.index("按期回复率")] == "40.0%"
    assert len(rows) == 3


def test_one_card_exports_to_xlsx_and_pdf(world, dataset):
    response = _get(world.procurator, "reporting:agency-scorecard-export", world.court.pk,
                    query=PERIOD)
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    by_code = {r[2]: r[1] for r in rows[1:] if r and len(r) > 2 and r[2]}
    assert by_code["received"] == 5 and by_code["unanswered"] == 2
    assert by_code["adoption_rate"] == "75.0%"
    response = _get(world.procurator, "reporting:agency-scorecard-pdf", world.court.pk,
                    query=PERIOD)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert world.court.name in text.replace(" ", "").replace("\n", "")
    assert "按期回复率" in text.replace(" ", "").replace("\n", "")


def test_the_pdf_is_chinese_whatever_the_interface_language(world, dataset):
    from django.utils import translation

    card = scorecard(world.court, *Q3, today=TODAY)
    with translation.override("en"):
        pdf = scorecard_pdf_bytes(world.court, card, *Q3, issuer=world.dinghai.name, today=TODAY)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    text = text.replace(" ", "").replace("\n", "")
    assert "统计期间" in text and "Replied" not in text


def test_the_dashboard_links_agency_names_to_their_scorecard(world, dataset):
    html = _get(world.procurator, "reporting:dashboard").content.decode()
    assert reverse("reporting:agency-scorecard", args=[world.court.pk]) in html
