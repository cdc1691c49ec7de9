"""Commutation proposals: one still owed an opinion, one whose opinion was given (its clock
stopped)."""

from __future__ import annotations

import datetime


def make(world) -> None:
    from duties.services import commutation as services
    from duties.tests.commutation_fixtures import at, build_organs, file_proposal

    organs = build_organs(world)
    with at(datetime.date(2026, 11, 20)):
        file_proposal(organs.prison_liaison, world.court, number="（2026）浙舟狱减字第1号")
        answered = file_proposal(organs.prison_liaison, world.court, number="（2026）浙舟狱减字第2号")
        services.commutation_opinion_save(actor=world.procurator, proposal=answered,
                                          stance="agree", reasons="")
        services.commutation_opinion_issue(actor=world.approver, proposal=answered)
