"""Permission-matrix rows of the juvenile cases' sealed record (犯罪记录封存, docs/juvenile.md),
on a juvenile case of 定检 handled by the procurator with the assistant assigned — seen by them
and by the head of their department, not by the supervisor above (``tests/test_juvenile.py``
walks every persona through the case's list, page, API and export). The handler seals (the
page answers with a redirect, the API with 200); the chief alone unseals, and no persona of
the matrix is a chief: 404 for everyone else, as for a case they do not see."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import time_machine

from tests.matrix_rows.base import Row

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
SEAL = {"reason": "犯罪时不满十八周岁，被判处五年有期徒刑以下刑罚，依法封存"}


def _juvenile(objects: dict) -> list[int]:
    if "juvenile" not in objects:
        from cases.services import case_register

        case = objects["case"]
        with time_machine.travel(NOW, tick=False):
            objects["juvenile"] = case_register(
                actor=case.handler, matter=case.matter, agency=case.agency, juvenile=True,
                title="未成年社区矫正对象漏管监督案", summary="判决生效后未及时接收。",
                assistant=case.assistant)
    return [objects["juvenile"].pk]


ROWS: dict[str, Row] = {
    "cases:seal": Row(ok={"procurator"}, args=_juvenile, method="post", data=lambda o: SEAL),
    "cases:unseal": Row(ok=set(), args=_juvenile, method="post", data=lambda o: SEAL),
    "api-case-seal": Row(ok={"procurator"}, args=_juvenile, method="post", anonymous="401",
                         data=lambda o: SEAL),
    "api-case-unseal": Row(ok=set(), args=_juvenile, method="post", anonymous="401",
                           data=lambda o: SEAL),
}
