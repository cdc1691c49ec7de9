"""Transfer notices: one waiting for the police unit's decision, one decided."""

from __future__ import annotations

import datetime

import time_machine

NOW = datetime.datetime(2026, 11, 23, 9, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


def make(world) -> None:
    from duties.services.transfer_notices import transfer_notice_police_decide
    from duties.tests.transfer_notice_helpers import file_notice

    with time_machine.travel(NOW, tick=False):
        file_notice(world, transferred_on=datetime.date(2026, 11, 16), letter="样本〔2026〕1号")
        decided = file_notice(world, transferred_on=datetime.date(2026, 11, 20),
                              letter="样本〔2026〕2号")
        transfer_notice_police_decide(actor=world.police_liaison, notice=decided,
                                      decision="filed", decided_on=datetime.date(2026, 11, 23))
