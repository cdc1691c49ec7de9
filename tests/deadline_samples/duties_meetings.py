"""Meeting tasks: open ones (an agency's and our own) and one an agency closed."""

from __future__ import annotations

import datetime


def make(world) -> None:
    from duties.services import meetings as services
    from duties.tests.test_meetings import at, make_meeting

    _meeting, tasks = make_meeting(world)
    with at(datetime.date(2026, 11, 25)):
        services.meeting_task_close(actor=world.court_liaison, task=tasks["court"],
                                    done_on=datetime.date(2026, 11, 25), note="已完成。")
