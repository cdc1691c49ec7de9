"""Permission-matrix rows of the inspections (issue 18): an inspection is seen by the staff of
its procuratorate and the supervisors above it, worked on by its team and the procuratorate's
department heads and chief, concluded and cancelled by its leader, a department head or the
chief. Liaisons, observers and administrators: 404 everywhere."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import time_machine

from tests.matrix_rows.base import CASE_READERS, CASE_WORKERS, SIGNED_IN, Row, _api

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
PLANNERS = {"procurator", "approver", "pt_procurator"}
DECIDERS = {"procurator", "approver"}


def _inspections(objects: dict) -> dict:
    """Made on first use: an inspection of a detention centre of 定检 led by the procurator
    with the assistant on the team, running, with a pending finding and one corrected on the
    spot."""
    if "inspections" not in objects:
        from agencies.models import Agency
        from inspections import services

        procurator = objects["case"].handler
        assistant = type(procurator).objects.get(username="assistant")
        detention = Agency.objects.create(
            name="舟山市看守所（矩阵）", agency_type="detention",
            supervising_procuratorate_id=procurator.procuratorate_id)
        with time_machine.travel(NOW, tick=False):
            inspection = services.inspection_plan(
                actor=procurator, kind="circuit", mode="regular", title="看守所巡回检察",
                institution=detention, leader=procurator, members=[assistant],
                start_date=datetime.date(2026, 11, 16), end_date=datetime.date(2026, 11, 27),
                scope="监管执法")
            services.inspection_start(actor=procurator, inspection=inspection,
                                      started_on=datetime.date(2026, 11, 16))
            pending = services.finding_add(actor=procurator, inspection=inspection,
                                           category="custody", description="未分押分管。",
                                           found_on=datetime.date(2026, 11, 18))
            oral = services.finding_add(actor=procurator, inspection=inspection,
                                        category="security", description="监控盲区。",
                                        found_on=datetime.date(2026, 11, 18))
            services.finding_correct_on_spot(actor=procurator, finding=oral, note="当场纠正。",
                                             corrected_on=datetime.date(2026, 11, 18))
        objects["inspections"] = {"inspection": inspection, "pending": pending, "oral": oral}
    return objects["inspections"]


def _i(o: dict) -> list:
    return [_inspections(o)["inspection"].pk]


def _f(key: str):
    return lambda o: [_inspections(o)["inspection"].pk, _inspections(o)[key].pk]


def _api_post(args, data, outcome: dict) -> Row:
    return Row(ok=set(), args=args, method="post", anonymous="401", data=data, outcome=outcome)


ROWS: dict[str, Row] = {
    # Pages.
    "inspections:list": Row(ok={"procurator", "assistant", "approver", "pt_procurator",
                                "supervisor"}),
    "inspections:create": Row(ok=PLANNERS),
    "inspections:detail": Row(ok=CASE_READERS, args=_i),
    "inspections:edit": Row(ok=CASE_WORKERS, args=_i),
    # Already running: the workers reach the service, which refuses (the page says why).
    "inspections:start": Row(ok=CASE_WORKERS, method="post", args=_i,
                             data=lambda o: {"started_on": "2026-11-20"}),
    "inspections:conclude": Row(ok=DECIDERS, args=_i),
    # A finding was corrected on the spot: the cancellation is refused, in words.
    "inspections:cancel": Row(ok=CASE_WORKERS, method="post", args=_i,
                              data=lambda o: {"reason": "撤销"}),
    "inspections:report-pdf": Row(ok=CASE_READERS, args=_i),
    "inspections:finding-add": Row(ok=CASE_WORKERS, args=_i),
    "inspections:finding-edit": Row(ok=CASE_WORKERS, args=_f("pending")),
    "inspections:finding-case": Row(ok=CASE_WORKERS, args=_f("pending")),
    "inspections:finding-instrument": Row(ok=CASE_WORKERS, args=_f("pending")),
    "inspections:finding-oral": Row(ok=CASE_WORKERS, args=_f("pending")),
    "inspections:finding-rectifying": Row(ok=CASE_WORKERS, args=_f("oral")),
    "inspections:finding-verify": Row(ok=CASE_WORKERS, args=_f("oral")),
    # API: the list answers everyone signed in with only what they may see.
    "api-inspection-list": _api(ok=SIGNED_IN),
    "api-inspection-detail": _api(ok=CASE_READERS, args=_i),
    # An empty body: the workers are told what is missing (400); the rest never reach it.
    "api-inspection-start": _api_post(_i, lambda o: {}, dict.fromkeys(CASE_WORKERS, "400")),
    "api-inspection-conclude": _api_post(_i, lambda o: {}, dict.fromkeys(CASE_WORKERS, "400")),
    # Refused by the oral correction for the deciders, as a person for the assistant.
    "api-inspection-cancel": _api_post(_i, lambda o: {"reason": "撤销"},
                                       {"procurator": "400", "approver": "400",
                                        "assistant": "403"}),
    "api-inspection-findings": _api_post(_i, lambda o: {}, dict.fromkeys(CASE_WORKERS, "400")),
    "api-inspection-finding-convert": _api_post(_f("pending"), lambda o: {},
                                                dict.fromkeys(CASE_WORKERS, "400")),
    "api-inspection-finding-oral": _api_post(_f("pending"), lambda o: {},
                                             dict.fromkeys(CASE_WORKERS, "400")),
    "api-inspection-finding-rectifying": _api_post(_f("oral"), lambda o: {},
                                                   dict.fromkeys(CASE_WORKERS, "400")),
    "api-inspection-finding-verify": _api_post(_f("oral"), lambda o: {},
                                               dict.fromkeys(CASE_WORKERS, "400")),
}
