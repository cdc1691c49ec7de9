"""Material requests: one waiting for the agency's answer, one answered."""

from __future__ import annotations

import datetime


def make(world) -> None:
    from duties.tests.test_material_requests import answer, at, send

    with at(datetime.date(2026, 11, 16)):
        case = world.register_case(assistant=world.assistant)
    send(world, case, datetime.date(2026, 11, 16), items="卷宗复印件")
    answered = send(world, case, datetime.date(2026, 11, 17), items="财产查询记录")
    answer(world, answered, datetime.date(2026, 11, 20))
