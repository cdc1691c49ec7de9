"""The instrument keeps the day of its first reply and of its latest evaluation
(``Recommendation.first_reply_on``, ``last_evaluated_on``): the statistics and the agency
scorecards count from them, so the services write them in their transaction and a self-check
compares them with the replies and evaluations themselves."""

from __future__ import annotations

import datetime

import time_machine

from recommendations import services
from recommendations.choices import EvaluationOutcome
from recommendations.models import Recommendation, Reply
from recommendations.selfcheck import _reply_dates_out_of_step

TZ = datetime.timezone(datetime.timedelta(hours=8))
D = datetime.date


def at(day: D, hour: int = 9):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(hour), TZ),
                               tick=False)


def test_the_first_reply_and_the_latest_evaluation_are_copied_and_checked(world):
    with at(D(2026, 11, 2)):
        rec = world.served(D(2026, 11, 2))
    with at(D(2026, 11, 20), hour=23):  # late evening in Beijing: still the 20th there
        services.reply_submit(actor=world.court_liaison, recommendation=rec, content="已整改。")
    rec.refresh_from_db()
    assert rec.first_reply_on == D(2026, 11, 20) and rec.last_evaluated_on is None
    with at(D(2026, 11, 25)):
        services.recommendation_evaluate(actor=world.procurator, recommendation=rec,
                                         outcome=EvaluationOutcome.PARTLY_ADOPTED,
                                         reasons="部分整改")
    rec.refresh_from_db()
    assert rec.first_reply_on == D(2026, 11, 20)  # the evaluation leaves the reply's day
    assert rec.last_evaluated_on == D(2026, 11, 25)
    assert _reply_dates_out_of_step(D(2026, 11, 26)) == []

    # a copy out of step with the reply (written outside the services) is named
    Recommendation.objects.filter(pk=rec.pk).update(first_reply_on=D(2026, 11, 21))
    assert _reply_dates_out_of_step(D(2026, 11, 26)) == [rec.pk]
    Recommendation.objects.filter(pk=rec.pk).update(first_reply_on=None)
    assert _reply_dates_out_of_step(D(2026, 11, 26)) == [rec.pk]
    Recommendation.objects.filter(pk=rec.pk).update(first_reply_on=D(2026, 11, 20),
                                                    last_evaluated_on=None)
    assert _reply_dates_out_of_step(D(2026, 11, 26)) == [rec.pk]


def test_a_supplement_does_not_move_the_first_reply(world):
    with at(D(2026, 11, 2)):
        rec = world.served(D(2026, 11, 2))
    with at(D(2026, 11, 10)):
        services.reply_submit(actor=world.court_liaison, recommendation=rec, content="已整改。")
    with at(D(2026, 11, 12)):
        services.reply_submit(actor=world.court_liaison, recommendation=rec,
                              content="补充材料。", supplement=True)
    rec.refresh_from_db()
    assert Reply.objects.filter(recommendation=rec).count() == 2
    assert rec.first_reply_on == D(2026, 11, 10)
    assert _reply_dates_out_of_step(D(2026, 11, 13)) == []
